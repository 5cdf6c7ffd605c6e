/**
 * expr-lang's runtime on JSON-decoded data. Go types map to JS as: int → bigint (64-bit, wrapping),
 * float64 → number (every JSON number is a float64, as encoding/json decodes it), string, bool, nil →
 * null, `[]interface{}` → array, `map[string]interface{}` → plain object.
 * @module
 */
import { compareGoStrings, deepEqualGo, goFormatValue } from './go.js';
import { RuntimeFault } from './errors.js';

export type Value = null | boolean | bigint | number | string | Value[] | { [k: string]: Value };

const MIN_INT = -(2n ** 63n);
/** Go int(float64) on amd64: truncation; NaN and out-of-range values give the minimum int. */
export function floatToInt(f: number): bigint {
  return Number.isNaN(f) || f >= 2 ** 63 || f < -(2 ** 63) ? MIN_INT : BigInt(Math.trunc(f));
}
export const wrap = (b: bigint): bigint => BigInt.asIntN(64, b);

/** Go's %T for a decoded value, used in expr-lang's error messages. */
export function typeName(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (typeof v === 'bigint') return 'int';
  if (typeof v === 'number') return 'float64';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'string') return 'string';
  if (Array.isArray(v)) return '[]interface {}';
  return 'map[string]interface {}';
}

export const isNumber = (v: unknown): v is bigint | number => typeof v === 'bigint' || typeof v === 'number';
export const isMap = (v: unknown): v is Record<string, Value> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** runtime.ToInt: numbers only (floats truncate). */
export function toInt(v: unknown): bigint {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number') return floatToInt(v);
  throw new RuntimeFault(`invalid operation: int(${typeName(v)})`);
}

/** runtime.ToFloat64. */
export function toFloat(v: unknown): number {
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'number') return v;
  throw new RuntimeFault(`invalid operation: float(${typeName(v)})`);
}

/** runtime.Equal: numbers compare by value across int/float; anything else by reflect.DeepEqual. */
export function equal(a: unknown, b: unknown): boolean {
  if (isNumber(a) && isNumber(b)) {
    return typeof a === 'bigint' && typeof b === 'bigint' ? a === b : Number(a) === Number(b);
  }
  return deepEqualGo(a, b);
}

/** Three-way comparison for `<` and friends; throws for mismatched types as expr-lang does. */
export function compare(a: unknown, b: unknown, op: string): number {
  if (isNumber(a) && isNumber(b)) {
    if (typeof a === 'bigint' && typeof b === 'bigint') return a < b ? -1 : a > b ? 1 : 0;
    const x = Number(a);
    const y = Number(b);
    return x < y ? -1 : x > y ? 1 : x === y ? 0 : NaN;
  }
  if (typeof a === 'string' && typeof b === 'string') return compareGoStrings(a, b);
  throw new RuntimeFault(`invalid operation: ${typeName(a)} ${op} ${typeName(b)}`);
}

/** Binary arithmetic: int op int stays int (wrapping), mixed numbers are float64, `/` is always float. */
export function arithmetic(op: string, a: unknown, b: unknown): Value {
  if (op === '+' && typeof a === 'string' && typeof b === 'string') return a + b;
  if (!isNumber(a) || !isNumber(b)) {
    throw new RuntimeFault(`invalid operation: ${typeName(a)} ${op} ${typeName(b)}`);
  }
  if (op === '/') return Number(a) / Number(b);
  if (op === '**' || op === '^') return Number(a) ** Number(b);
  if (op === '%') {
    if (typeof a !== 'bigint' || typeof b !== 'bigint') {
      throw new RuntimeFault(`invalid operation: ${typeName(a)} % ${typeName(b)}`);
    }
    if (b === 0n) throw new RuntimeFault('integer divide by zero');
    return wrap(a % b);
  }
  if (typeof a === 'bigint' && typeof b === 'bigint') {
    return wrap(op === '+' ? a + b : op === '-' ? a - b : a * b);
  }
  const x = Number(a);
  const y = Number(b);
  return op === '+' ? x + y : op === '-' ? x - y : x * y;
}

/** runtime.Fetch: `from[key]` / `from.key`. Missing map keys give nil; other misses fail. */
export function fetch(from: unknown, key: unknown): Value {
  if (Array.isArray(from) || typeof from === 'string') {
    const items: readonly unknown[] = typeof from === 'string' ? [...Buffer.from(from, 'utf8')] : from;
    let i = Number(toInt(key));
    if (i < 0) i += items.length;
    if (i < 0 || i >= items.length) throw new RuntimeFault('reflect: slice index out of range');
    const v = items[i];
    return typeof from === 'string' ? BigInt(v as number) : (v as Value);
  }
  if (isMap(from)) {
    if (key !== null && typeof key !== 'string') {
      throw new RuntimeFault(
        `reflect.Value.MapIndex: value of type ${typeName(key)} is not assignable to type string`,
      );
    }
    const k = key ?? ''; // a nil key looks up the zero key, as reflect does
    return Object.hasOwn(from, k) ? (from[k] ?? null) : null;
  }
  throw new RuntimeFault(`cannot fetch ${goFormatValue(key)} from ${typeName(from)}`);
}

/** runtime.In: element of an array (runtime.Equal), key of a map, false for nil. */
export function contains(haystack: unknown, needle: unknown): boolean {
  if (haystack === null || haystack === undefined) return false;
  if (Array.isArray(haystack)) return haystack.some((x) => equal(x, needle));
  if (isMap(haystack)) {
    if (needle !== null && typeof needle !== 'string') {
      throw new RuntimeFault(
        `reflect.Value.MapIndex: value of type ${typeName(needle)} is not assignable to type string`,
      );
    }
    return Object.hasOwn(haystack, needle ?? '');
  }
  throw new RuntimeFault(`operator "in" not defined on ${typeName(haystack)}`);
}

/** runtime.Slice: clamped `a[from:to]` on arrays and strings (string slices are byte offsets). */
export function slice(v: unknown, from: unknown, to: unknown): Value {
  const bytes = typeof v === 'string' ? Buffer.from(v, 'utf8') : undefined;
  const items = bytes ?? (Array.isArray(v) ? v : undefined);
  if (!items) throw new RuntimeFault(`cannot slice ${goFormatValue(from)}`);
  const n = items.length;
  const clamp = (x: number): number => Math.min(Math.max(x < 0 ? n + x : x, 0), n);
  const b = clamp(to === undefined ? n : Number(toInt(to)));
  const a = Math.min(clamp(from === undefined ? 0 : Number(toInt(from))), b);
  return bytes ? bytes.subarray(a, b).toString('utf8') : (items as Value[]).slice(a, b);
}

/** `x` must be a bool (Go type assertion), else expr-lang panics with this message. */
export function asBool(v: unknown): boolean {
  if (typeof v === 'boolean') return v;
  throw new RuntimeFault(`interface conversion: interface {} is ${typeName(v)}, not bool`);
}

/** `x` must be a string (Go type assertion). */
export function asString(v: unknown): string {
  if (typeof v === 'string') return v;
  throw new RuntimeFault(`interface conversion: interface {} is ${typeName(v)}, not string`);
}
