/**
 * govaluate's evaluateStage: left first, then short-circuit (`&&`, `||`, `??`, `?`, `:`), then right,
 * then type checks with govaluate's messages, then the operator. Values are govaluate's: float64 as JS
 * number, string, bool, nil as null, `[]interface{}` as array, maps as plain objects.
 * @module
 */
import { ExprEvalError } from './errors.js';
import { compareGoStrings, goFormatValue } from '../../lang/index.js';
import { goPow } from '../../lang/index.js';
import type { Stage, Sym } from './planner.js';
import { compileRe2, Re2, Re2SyntaxError } from '../../lang/index.js';

type Check = (v: unknown) => boolean;
const isNum: Check = (v) => typeof v === 'number';
const isStr: Check = (v) => typeof v === 'string';
const isBool: Check = (v) => typeof v === 'boolean';
const isArr: Check = (v) => Array.isArray(v);
const isRegexOrStr: Check = (v) => isStr(v) || v instanceof Re2;

const LOGICAL = "Value '%v' cannot be used with the logical operator '%s', it is not a bool";
const MODIFIER = "Value '%v' cannot be used with the modifier '%s', it is not a number";
const COMPARATOR = "Value '%v' cannot be used with the comparator '%s', it is not a number";
const TERNARY = "Value '%v' cannot be used with the ternary operator '%s', it is not a bool";
const PREFIX = "Value '%v' cannot be used with the prefix '%s'";

interface Checks {
  left?: Check;
  right?: Check;
  both?: (l: unknown, r: unknown) => boolean;
  format: string;
}
const numbers: Checks = { left: isNum, right: isNum, format: MODIFIER };
const comparable = (l: unknown, r: unknown): boolean => (isNum(l) && isNum(r)) || (isStr(l) && isStr(r));
const CHECKS: Partial<Record<Sym, Checks>> = {
  GT: { both: comparable, format: COMPARATOR },
  LT: { both: comparable, format: COMPARATOR },
  GTE: { both: comparable, format: COMPARATOR },
  LTE: { both: comparable, format: COMPARATOR },
  REQ: { left: isStr, right: isRegexOrStr, format: COMPARATOR },
  NREQ: { left: isStr, right: isRegexOrStr, format: COMPARATOR },
  AND: { left: isBool, right: isBool, format: LOGICAL },
  OR: { left: isBool, right: isBool, format: LOGICAL },
  IN: { right: isArr, format: COMPARATOR },
  PLUS: { both: (l, r) => (isNum(l) && isNum(r)) || isStr(l) || isStr(r), format: MODIFIER },
  ...Object.fromEntries(
    ['MINUS', 'MULTIPLY', 'DIVIDE', 'MODULUS', 'EXPONENT', 'BITWISE_AND', 'BITWISE_OR', 'BITWISE_XOR'].map(
      (s) => [s, numbers],
    ),
  ),
  BITWISE_LSHIFT: numbers,
  BITWISE_RSHIFT: numbers,
  NEGATE: { right: isNum, format: PREFIX },
  BITWISE_NOT: { right: isNum, format: PREFIX },
  INVERT: { right: isBool, format: PREFIX },
  TERNARY_TRUE: { left: isBool, format: TERNARY },
};

const SYMBOL_TEXT: Partial<Record<Sym, string>> = {
  ...{ EQ: '=', NEQ: '!=', GT: '>', LT: '<', GTE: '>=', LTE: '<=', REQ: '=~', NREQ: '!~', IN: 'in' },
  ...{ AND: '&&', OR: '||', PLUS: '+', MINUS: '-', MULTIPLY: '*', DIVIDE: '/', MODULUS: '%', EXPONENT: '**' },
  ...{ BITWISE_AND: '&', BITWISE_OR: '|', BITWISE_XOR: '^', BITWISE_LSHIFT: '<<', BITWISE_RSHIFT: '>>' },
  ...{ NEGATE: '-', INVERT: '!', BITWISE_NOT: '~', TERNARY_TRUE: '?', TERNARY_FALSE: ':', COALESCE: '??' },
};

function typeError(format: string, value: unknown, sym: Sym): ExprEvalError {
  return new ExprEvalError(format.replace('%v', goFormatValue(value)).replace('%s', SYMBOL_TEXT[sym] ?? sym));
}

/** reflect.DeepEqual over JSON-like values (NaN is unequal to itself, as float == float in Go). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === null || a === undefined) return b === null || b === undefined;
  if (typeof a !== 'object' || typeof b !== 'object' || b === null) return a === b;
  if (Array.isArray(a) || Array.isArray(b)) {
    return (
      Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => deepEqual(x, b[i]))
    );
  }
  if (a instanceof Re2 || b instanceof Re2) return a === b;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  const rb = b as Record<string, unknown>;
  return ka.length === kb.length && ka.every((k) => Object.hasOwn(rb, k) && deepEqual((a as any)[k], rb[k]));
}

/** Go's `==` on two interface{} values (used by `in`); comparing two slices or two maps panics in Go. */
function interfaceEqual(a: unknown, b: unknown): boolean {
  const kind = (v: unknown): string => (Array.isArray(v) ? 'slice' : v === null ? 'nil' : typeof v);
  if (kind(a) !== kind(b)) return false;
  if (kind(a) === 'slice' || kind(a) === 'object') {
    throw new ExprEvalError(
      `runtime error: comparing uncomparable type ${kind(a) === 'slice' ? '[]interface {}' : 'map'}`,
    );
  }
  return a === b;
}

// amd64 float64 -> int64 conversion: NaN and out-of-range values become the minimum int64.
const MIN_I64 = -(2n ** 63n);
function toInt64(f: number): bigint {
  return Number.isNaN(f) || f >= 2 ** 63 || f < -(2 ** 63) ? MIN_I64 : BigInt(Math.trunc(f));
}
// amd64 float64 -> uint64 conversion as Go compiles it.
function toUint64(f: number): bigint {
  if (f < 2 ** 63) return BigInt.asUintN(64, toInt64(f));
  return BigInt.asUintN(64, toInt64(f - 2 ** 63) ^ MIN_I64);
}
const i64 = (b: bigint): number => Number(BigInt.asIntN(64, b));

function regex(l: unknown, r: unknown): boolean {
  let re: Re2;
  if (r instanceof Re2) re = r;
  else {
    try {
      re = compileRe2(r as string);
    } catch (e) {
      if (!(e instanceof Re2SyntaxError)) throw e;
      throw new ExprEvalError(`Unable to compile regexp pattern '${String(r)}': ${e.message}`, { cause: e });
    }
  }
  return re.test(l as string);
}

function operate(sym: Sym, l: any, r: any): unknown {
  switch (sym) {
    case 'NOOP':
      return r;
    case 'EQ':
      return deepEqual(l, r);
    case 'NEQ':
      return !deepEqual(l, r);
    case 'GT':
    case 'LT':
    case 'GTE':
    case 'LTE': {
      const c = isStr(l) ? compareGoStrings(l, r) : l < r ? -1 : l > r ? 1 : l === r ? 0 : NaN;
      if (Number.isNaN(c)) return false;
      return sym === 'GT' ? c > 0 : sym === 'LT' ? c < 0 : sym === 'GTE' ? c >= 0 : c <= 0;
    }
    case 'REQ':
      return regex(l, r);
    case 'NREQ':
      return !regex(l, r);
    case 'AND':
      return l && r;
    case 'OR':
      return l || r;
    case 'IN':
      return (r as unknown[]).some((x) => interfaceEqual(l, x));
    case 'PLUS':
      return isStr(l) || isStr(r) ? goFormatValue(l) + goFormatValue(r) : l + r;
    case 'MINUS':
      return l - r;
    case 'MULTIPLY':
      return l * r;
    case 'DIVIDE':
      return l / r;
    case 'MODULUS':
      return l % r;
    case 'EXPONENT':
      return goPow(l, r);
    case 'BITWISE_AND':
      return i64(toInt64(l) & toInt64(r));
    case 'BITWISE_OR':
      return i64(toInt64(l) | toInt64(r));
    case 'BITWISE_XOR':
      return i64(toInt64(l) ^ toInt64(r));
    case 'BITWISE_LSHIFT':
    case 'BITWISE_RSHIFT': {
      const shift = toUint64(r);
      if (shift >= 64n) return 0;
      const v = toUint64(l);
      return Number(BigInt.asUintN(64, sym === 'BITWISE_LSHIFT' ? v << shift : v >> shift));
    }
    case 'NEGATE':
      return -r;
    case 'INVERT':
      return !r;
    case 'BITWISE_NOT':
      return i64(~toInt64(r));
    case 'TERNARY_TRUE':
      return l ? r : null;
    case 'TERNARY_FALSE':
    case 'COALESCE':
      return l !== null ? l : r;
    case 'SEPARATE':
      return Array.isArray(l) ? [...l, r] : [l, r];
    default:
      throw new ExprEvalError(`unsupported operator ${sym}`);
  }
}

/** Parameter lookup with govaluate's sanitizing (bigint → float64, undefined → nil). */
function param(params: Record<string, unknown>, name: string): unknown {
  if (!Object.hasOwn(params, name)) throw new ExprEvalError(`No parameter '${name}' found.`);
  const v = params[name];
  return typeof v === 'bigint' ? Number(v) : (v ?? null);
}

const SKIPPED = Symbol('short-circuit');

/** Evaluate one stage tree against `params`. */
export function evaluateStage(stage: Stage, params: Record<string, unknown>): unknown {
  switch (stage.symbol) {
    case 'LITERAL':
      return stage.literal;
    case 'VALUE':
      return param(params, stage.name!);
    default:
      break;
  }
  const left = stage.left ? evaluateStage(stage.left, params) : null;
  const sym = stage.symbol;
  if (sym === 'AND' && left === false) return false;
  if (sym === 'OR' && left === true) return true;
  if (sym === 'COALESCE' && left !== null) return left;
  let right: unknown = null;
  if (sym === 'TERNARY_TRUE' && left === false) right = SKIPPED;
  else if (sym === 'TERNARY_FALSE' && left !== null) right = SKIPPED;
  else if (stage.right) right = evaluateStage(stage.right, params);
  if (sym === 'ACCESS') return access(stage.path!, params);
  const checks = CHECKS[sym];
  if (checks?.both && !checks.both(left, right)) throw typeError(checks.format, left, sym);
  if (checks?.left && !checks.left(left)) throw typeError(checks.format, left, sym);
  if (checks?.right && right !== SKIPPED && !checks.right(right)) throw typeError(checks.format, right, sym);
  return operate(sym, left, right);
}

/** `a.B.C`: govaluate reflects into Go structs; JSON values never are, so this always ends in an error. */
function access(path: string[], params: Record<string, unknown>): never {
  param(params, path[0]!);
  throw new ExprEvalError(`Unable to access '${path[1]}', '${path[0]}' is not a struct`);
}
