/**
 * The expr-lang builtins jetflow supports, with expr-lang v1.15 semantics on decoded JSON (see the
 * module docs of index.ts for the list). Predicates (`all`, `filter`, …) live in the evaluator because
 * they take a closure.
 * @module
 */
import { RuntimeFault } from './errors.js';
import { goFormatValue, goJson } from './go.js';
import * as S from './strings.js';
import { compare, fetch, floatToInt, isMap, toInt, typeName, wrap, type Value } from './values.js';

/** A function callable from expressions: arity bounds checked at compile time. */
export interface Func {
  min: number;
  max: number;
  fn: (args: Value[]) => Value;
}

const str = (v: unknown): string => {
  if (typeof v === 'string') return v;
  throw new RuntimeFault(`interface conversion: interface {} is ${typeName(v)}, not string`);
};
const arr = (v: unknown, what: string): Value[] => {
  if (Array.isArray(v)) return v as Value[];
  throw new RuntimeFault(`cannot ${what} ${v === null ? 'invalid' : typeName(v)}`);
};
const f = (min: number, max: number, fn: Func['fn']): Func => ({ min, max, fn });
const numeric = (name: string, v: unknown, onFloat: (x: number) => number): Value => {
  if (typeof v === 'number') return onFloat(v);
  if (typeof v === 'bigint') return Number(v);
  throw new RuntimeFault(`invalid argument for ${name} (type ${typeName(v)})`);
};
/** Go's math.Round: half away from zero. */
const goRound = (x: number): number => (x < 0 ? -Math.round(-x) : Math.round(x));

/** expr-lang `int()` (argo's `asInt`): truncates floats, parses decimal strings. */
export function toIntValue(v: unknown): Value {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number') return floatToInt(v);
  if (typeof v === 'string') {
    const i = S.atoi(v);
    if (i === undefined) throw new RuntimeFault(`invalid operation: int(${v})`);
    return i;
  }
  throw new RuntimeFault(`invalid operation: int(${typeName(v)})`);
}

/** expr-lang `float()` (argo's `asFloat`). */
export function toFloatValue(v: unknown): Value {
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'number') return v;
  if (typeof v === 'string') {
    const x = S.parseFloatGo(v);
    if (x === undefined) throw new RuntimeFault(`invalid operation: float(${v})`);
    return x;
  }
  throw new RuntimeFault(`invalid operation: float(${typeName(v)})`);
}

function numbers(name: string, v: unknown): number[] {
  return arr(v, name).map((x) => {
    if (typeof x === 'number' || typeof x === 'bigint') return Number(x);
    throw new RuntimeFault(`cannot ${name} ${typeName(x)}`);
  });
}

function extreme(args: Value[], sign: number, op: string): Value {
  let best: Value = null;
  for (const a of args) if (best === null || compare(best, a, op) * sign < 0) best = a;
  return best;
}

/** Like Go's `recover()` around runtime.Fetch: any failure is nil. */
const safeFetch = (from: Value, key: Value): Value => {
  try {
    return fetch(from, key);
  } catch {
    return null;
  }
};

export const BUILTINS: Record<string, Func> = {
  len: f(1, 1, ([v]) => {
    if (typeof v === 'string') return BigInt(S.byteLength(v));
    if (Array.isArray(v)) return BigInt(v.length);
    if (isMap(v)) return BigInt(Object.keys(v).length);
    throw new RuntimeFault(`invalid argument for len (type ${typeName(v)})`);
  }),
  type: f(1, 1, ([v]) => {
    const t = typeName(v);
    return t === '<nil>'
      ? 'nil'
      : t.startsWith('[]')
        ? 'array'
        : t.startsWith('map')
          ? 'map'
          : t.replace('64', '');
  }),
  abs: f(1, 1, ([v]) => {
    if (typeof v === 'bigint') return wrap(v < 0n ? -v : v);
    if (typeof v === 'number') return Math.abs(v);
    throw new RuntimeFault(`invalid argument for abs (type ${typeName(v)})`);
  }),
  ceil: f(1, 1, ([v]) => numeric('ceil', v, Math.ceil)),
  floor: f(1, 1, ([v]) => numeric('floor', v, Math.floor)),
  round: f(1, 1, ([v]) => numeric('round', v, goRound)),
  int: f(1, 1, ([v]) => toIntValue(v)),
  float: f(1, 1, ([v]) => toFloatValue(v)),
  string: f(1, 1, ([v]) => goFormatValue(v)),
  trim: f(1, 2, ([s, c]) => (c === undefined ? S.trimSpace(str(s)) : S.trimCutset(str(s), str(c)))),
  trimPrefix: f(1, 2, ([s, p = ' ']) => (str(s).startsWith(str(p)) ? str(s).slice(str(p).length) : str(s))),
  trimSuffix: f(1, 2, ([s, p = ' ']) =>
    str(s).endsWith(str(p)) ? str(s).slice(0, str(s).length - str(p).length) : str(s),
  ),
  upper: f(1, 1, ([s]) => S.goUpper(str(s))),
  lower: f(1, 1, ([s]) => S.goLower(str(s))),
  split: f(2, 3, ([s, sep, n]) => S.goSplit(str(s), str(sep), n === undefined ? -1 : Number(toInt(n)))),
  splitAfter: f(2, 3, ([s, sep, n]) =>
    S.goSplit(str(s), str(sep), n === undefined ? -1 : Number(toInt(n)), true),
  ),
  replace: f(3, 4, ([s, o, r, n]) =>
    S.goReplace(str(s), str(o), str(r), n === undefined ? -1 : Number(toInt(n))),
  ),
  repeat: f(2, 2, ([s, n]) => S.goRepeat(str(s), Number(toInt(n)))),
  join: f(1, 2, ([a, glue = '']) => arr(a, 'join').map(str).join(str(glue))),
  indexOf: f(2, 2, ([s, sub]) => BigInt(S.byteIndex(str(s), str(sub)))),
  lastIndexOf: f(2, 2, ([s, sub]) => BigInt(S.byteIndex(str(s), str(sub), true))),
  hasPrefix: f(2, 2, ([s, p]) => str(s).startsWith(str(p))),
  hasSuffix: f(2, 2, ([s, p]) => str(s).endsWith(str(p))),
  max: f(1, Infinity, (args) => extreme(args, 1, '<')),
  min: f(1, Infinity, (args) => extreme(args, -1, '>')),
  sum: f(1, 1, ([a]) => {
    const items = arr(a, 'sum');
    if (items.every((x) => typeof x === 'bigint'))
      return wrap(items.reduce<bigint>((s, x) => s + (x as bigint), 0n));
    return numbers('sum', items).reduce((s, x) => s + x, 0);
  }),
  mean: f(1, 1, ([a]) => {
    const xs = numbers('mean', a);
    return xs.length === 0 ? 0 : xs.reduce((s, x) => s + x, 0) / xs.length;
  }),
  median: f(1, 1, ([a]) => {
    const xs = numbers('median', a).sort((x, y) => x - y);
    const m = Math.floor(xs.length / 2);
    return xs.length === 0 ? 0 : xs.length % 2 ? xs[m]! : (xs[m - 1]! + xs[m]!) / 2;
  }),
  toJSON: f(1, 1, ([v]) => goJsonOrFault(v, '  ')),
  fromJSON: f(1, 1, ([s]) => {
    try {
      return JSON.parse(str(s)) as Value;
    } catch (e) {
      throw new RuntimeFault(`invalid JSON: ${(e as Error).message}`);
    }
  }),
  toBase64: f(1, 1, ([s]) => Buffer.from(str(s), 'utf8').toString('base64')),
  fromBase64: f(1, 1, ([s]) => {
    const t = str(s).replace(/[\r\n]/g, '');
    if (t.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(t))
      throw new RuntimeFault('illegal base64 data');
    return Buffer.from(t, 'base64').toString('utf8');
  }),
  first: f(1, 1, ([a]) => safeFetch(a!, 0n)),
  last: f(1, 1, ([a]) => safeFetch(a!, -1n)),
  get: f(2, 2, ([a, k]) => safeFetch(a!, k!)),
  take: f(2, 2, ([a, n]) => {
    const items = arr(a, 'take from');
    if (typeof n !== 'bigint') throw new RuntimeFault(`cannot take ${typeName(n)} elements`);
    return n > BigInt(items.length) ? items : items.slice(0, Number(n));
  }),
  keys: f(1, 1, ([m]) => {
    if (!isMap(m)) throw new RuntimeFault(`cannot get keys from ${typeName(m)}`);
    return Object.keys(m).sort(); // Go's map order is random; sorted is the deterministic choice
  }),
  values: f(1, 1, ([m]) => {
    if (!isMap(m)) throw new RuntimeFault(`cannot get values from ${typeName(m)}`);
    return Object.keys(m)
      .sort()
      .map((k) => m[k]!);
  }),
};

/** Upstream builtins that jetflow deliberately leaves out: a clear compile error names them. */
export const UNSUPPORTED_BUILTINS = new Set([
  'now',
  'duration',
  'date',
  'groupBy',
  'reduce',
  'sort',
  'sortBy',
  'toPairs',
  'fromPairs',
]);

function goJsonOrFault(v: unknown, indent: string): string {
  try {
    return goJson(v, indent);
  } catch (e) {
    throw new RuntimeFault((e as Error).message);
  }
}
