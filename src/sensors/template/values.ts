/**
 * The Go values a template sees. JSON data arrives as Go's `encoding/json` would decode it into
 * `interface{}`: numbers are float64 (JS numbers), objects `map[string]interface{}` (plain
 * objects), arrays `[]interface{}`. Template literals and Sprig math produce Go integers, which
 * print differently (`3` vs a float's `3`, but `1000000` vs `1e+06`), so they are a separate class.
 * @module
 */
import { formatGoFloat } from '../path/index.js';

export type IntKind = 'int' | 'int64' | 'int32' | 'uint8';

/** A Go integer (`int`, `int64`, …). */
export class GoInt {
  constructor(
    readonly v: bigint,
    readonly kind: IntKind = 'int',
  ) {}
}

/** A Go time.Time: an instant plus the zone it is shown in. */
export class GoTime {
  constructor(
    /** Milliseconds since the Unix epoch. */
    readonly ms: number,
    /** Nanoseconds within the millisecond (0…999999). */
    readonly ns: number,
    /** Zone offset in seconds east of UTC. */
    readonly offset: number,
    /** Zone abbreviation, e.g. UTC, CET. */
    readonly zone: string,
  ) {}
}

export type GoMap = { [key: string]: GoVal };
export type GoVal = null | string | number | boolean | GoInt | GoTime | GoVal[] | GoMap;

export function isMap(v: unknown): v is GoMap {
  return (
    typeof v === 'object' &&
    v !== null &&
    !Array.isArray(v) &&
    !(v instanceof GoInt) &&
    !(v instanceof GoTime)
  );
}

/** Own-property lookup (a map never inherits `constructor` or `__proto__`). */
export function mapGet(m: GoMap, key: string): GoVal | undefined {
  return Object.prototype.hasOwnProperty.call(m, key) ? m[key] : undefined;
}

/** Set a map entry without the `__proto__` setter. */
export function mapSet(m: GoMap, key: string, v: GoVal): void {
  Object.defineProperty(m, key, { value: v, writable: true, enumerable: true, configurable: true });
}

/** Go type name as error messages print it. */
export function typeName(v: GoVal): string {
  if (v === null) return '<nil>';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'number') return 'float64';
  if (typeof v === 'boolean') return 'bool';
  if (v instanceof GoInt) return v.kind;
  if (v instanceof GoTime) return 'time.Time';
  if (Array.isArray(v)) return '[]interface {}';
  return 'map[string]interface {}';
}

/** Go's reflect.Kind family of a value (used by comparisons and `empty`). */
export function kindOf(v: GoVal): 'nil' | 'string' | 'float' | 'bool' | 'int' | 'struct' | 'slice' | 'map' {
  if (v === null) return 'nil';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'number') return 'float';
  if (typeof v === 'boolean') return 'bool';
  if (v instanceof GoInt) return 'int';
  if (v instanceof GoTime) return 'struct';
  return Array.isArray(v) ? 'slice' : 'map';
}

/** text/template's truth: zero values, empty collections and nil are false. */
export function isTrue(v: GoVal | undefined): boolean {
  if (v === undefined || v === null) return false;
  if (typeof v === 'string') return v.length > 0;
  if (typeof v === 'number') return v !== 0;
  if (typeof v === 'boolean') return v;
  if (v instanceof GoInt) return v.v !== 0n;
  if (v instanceof GoTime) return true;
  if (Array.isArray(v)) return v.length > 0;
  return Object.keys(v).length > 0;
}

/** Go orders map keys (and compares strings) by bytes, which is code-point order. */
export function goCompare(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.codePointAt(i) ?? 0;
    const y = b.codePointAt(i) ?? 0;
    if (x !== y) return x < y ? -1 : 1;
    if (x > 0xffff) i++;
  }
  return a.length - b.length;
}

export function sortedKeys(m: GoMap): string[] {
  return Object.keys(m).sort(goCompare);
}

/** Convert caller data (JSON-like JS values) to Go values: a fresh copy, numbers as float64. */
export function fromJS(v: unknown, depth = 0): GoVal {
  if (depth > 1000) throw new RangeError('data nested too deeply');
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (typeof v === 'bigint') return new GoInt(v, 'int64');
  if (v instanceof GoInt || v instanceof GoTime) return v;
  if (v instanceof Date) return new GoTime(v.getTime(), 0, 0, 'UTC');
  if (Array.isArray(v)) return v.map((x) => fromJS(x, depth + 1));
  if (typeof v === 'object') {
    const out: GoMap = {};
    for (const [k, x] of Object.entries(v)) mapSet(out, k, fromJS(x, depth + 1));
    return out;
  }
  return null;
}

/** Convert a Go value back to plain JS (ints become numbers when safe, else bigint). */
export function toJS(v: GoVal): unknown {
  if (v instanceof GoInt)
    return v.v >= BigInt(Number.MIN_SAFE_INTEGER) && v.v <= BigInt(Number.MAX_SAFE_INTEGER)
      ? Number(v.v)
      : v.v;
  if (v instanceof GoTime) return new Date(v.ms);
  if (Array.isArray(v)) return v.map(toJS);
  if (isMap(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, toJS(x)]));
  return v;
}

/** fmt's `%v` of a float64. */
export function fmtFloatV(f: number): string {
  return formatGoFloat(f, 'g', -1);
}
