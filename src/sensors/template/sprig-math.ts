/**
 * Sprig math and conversions (numeric.go, spf13/cast): `add sub mul div mod max min add1` work on
 * int64 (floats truncated, strings parsed, overflow wraps); `int int64 float64 atoi` convert;
 * `floor ceil round` work on float64; `until untilStep` build int lists.
 * @module
 */
import { guardSize } from './limits.js';
import { FuncError, type GoFunc } from './state.js';
import { GoInt, type GoVal } from './values.js';

/** cast's trimZeroDecimal: "12.00" → "12". */
function trimZeroDecimal(s: string): string {
  let foundZero = false;
  for (let i = s.length; i > 0; i--) {
    const c = s[i - 1];
    if (c === '.') return foundZero ? s.slice(0, i - 1) : s;
    if (c === '0') foundZero = true;
    else return s;
  }
  return s;
}

/** strconv.ParseInt(s, 0, 64); undefined on error. */
export function parseIntBase0(s: string): bigint | undefined {
  const m =
    /^([+-]?)(0[xX][0-9a-fA-F](?:_?[0-9a-fA-F])*|0[bB][01](?:_?[01])*|0[oO]?[0-7](?:_?[0-7])*|[1-9](?:_?\d)*|0)$/.exec(
      s,
    );
  if (!m) return undefined;
  let body = m[2].replace(/_/g, '');
  if (/^0[0-7]/.test(body)) body = '0o' + body.slice(1);
  const v = (m[1] === '-' ? -1n : 1n) * BigInt(body.toLowerCase());
  return v >= -(2n ** 63n) && v < 2n ** 63n ? v : undefined;
}

/** cast.ToInt64: bad input gives 0. */
export function toInt64(v: GoVal): bigint {
  if (v instanceof GoInt) return v.v;
  if (typeof v === 'number')
    return Number.isFinite(v) ? BigInt.asIntN(64, BigInt(Math.trunc(v))) : -(2n ** 63n);
  if (typeof v === 'string') return parseIntBase0(trimZeroDecimal(v)) ?? 0n;
  if (typeof v === 'boolean') return v ? 1n : 0n;
  return 0n;
}

/** cast.ToFloat64: bad input gives 0. */
export function toFloat64(v: GoVal): number {
  if (v instanceof GoInt) return Number(v.v);
  if (typeof v === 'number') return v;
  if (typeof v === 'string') {
    if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(v)) return Number(v);
    const special = /^([+-]?)(inf|infinity|nan)$/i.exec(v);
    if (!special) return 0;
    return special[2].toLowerCase() === 'nan' ? NaN : special[1] === '-' ? -Infinity : Infinity;
  }
  if (typeof v === 'boolean') return v ? 1 : 0;
  return 0;
}

const i64 = (n: bigint): GoInt => new GoInt(BigInt.asIntN(64, n), 'int64');
const int = (n: bigint): GoInt => new GoInt(BigInt.asIntN(64, n), 'int');

function divide(a: GoVal, b: GoVal, op: 'div' | 'mod'): GoInt {
  const x = toInt64(a);
  const y = toInt64(b);
  if (y === 0n) throw new FuncError('runtime error: integer divide by zero');
  return i64(op === 'div' ? x / y : x % y);
}

function until(start: number, stop: number, step: number): GoInt[] {
  const out: GoInt[] = [];
  if ((stop < start && step >= 0) || (stop >= start && step <= 0)) return out;
  guardSize(Math.abs((stop - start) / step));
  for (let i = start; stop < start ? i > stop : i < stop; i += step) out.push(new GoInt(BigInt(i)));
  return out;
}

/** Go's strconv.Atoi (errors give 0, as Sprig ignores them). */
function atoi(s: string): GoInt {
  const m = /^[+-]?\d+$/.test(s) ? BigInt(s) : 0n;
  return int(m >= -(2n ** 63n) && m < 2n ** 63n ? m : 0n);
}

function round(a: GoVal, places: number, roundOn = 0.5): number {
  const pow = 10 ** places;
  const digit = pow * toFloat64(a);
  const frac = digit - Math.trunc(digit);
  return (frac >= roundOn ? Math.ceil(digit) : Math.floor(digit)) / pow;
}

export const SPRIG_MATH: Array<[string, GoFunc]> = [
  [
    'add',
    {
      params: ['any'],
      variadic: true,
      ret: 'int64',
      fn: (...a: GoVal[]) => i64(a.reduce((s, x) => s + toInt64(x), 0n)),
    },
  ],
  ['add1', { params: ['any'], ret: 'int64', fn: (a: GoVal) => i64(toInt64(a) + 1n) }],
  ['sub', { params: ['any', 'any'], ret: 'int64', fn: (a: GoVal, b: GoVal) => i64(toInt64(a) - toInt64(b)) }],
  [
    'mul',
    {
      params: ['any', 'any'],
      variadic: true,
      ret: 'int64',
      fn: (a: GoVal, ...r: GoVal[]) => i64(r.reduce((p, x) => BigInt.asIntN(64, p * toInt64(x)), toInt64(a))),
    },
  ],
  ['div', { params: ['any', 'any'], ret: 'int64', fn: (a: GoVal, b: GoVal) => divide(a, b, 'div') }],
  ['mod', { params: ['any', 'any'], ret: 'int64', fn: (a: GoVal, b: GoVal) => divide(a, b, 'mod') }],
  [
    'max',
    {
      params: ['any', 'any'],
      variadic: true,
      ret: 'int64',
      fn: (a: GoVal, ...r: GoVal[]) => i64(r.map(toInt64).reduce((m, x) => (x > m ? x : m), toInt64(a))),
    },
  ],
  [
    'biggest',
    {
      params: ['any', 'any'],
      variadic: true,
      ret: 'int64',
      fn: (a: GoVal, ...r: GoVal[]) => i64(r.map(toInt64).reduce((m, x) => (x > m ? x : m), toInt64(a))),
    },
  ],
  [
    'min',
    {
      params: ['any', 'any'],
      variadic: true,
      ret: 'int64',
      fn: (a: GoVal, ...r: GoVal[]) => i64(r.map(toInt64).reduce((m, x) => (x < m ? x : m), toInt64(a))),
    },
  ],
  ['int', { params: ['any'], ret: 'int', fn: (a: GoVal) => int(toInt64(a)) }],
  ['int64', { params: ['any'], ret: 'int64', fn: (a: GoVal) => i64(toInt64(a)) }],
  ['float64', { params: ['any'], ret: 'float64', fn: toFloat64 }],
  ['atoi', { params: ['string'], ret: 'int', fn: atoi }],
  ['floor', { params: ['any'], ret: 'float64', fn: (a: GoVal) => Math.floor(toFloat64(a)) }],
  ['ceil', { params: ['any'], ret: 'float64', fn: (a: GoVal) => Math.ceil(toFloat64(a)) }],
  [
    'round',
    {
      params: ['any', 'int', 'float64'],
      variadic: true,
      ret: 'float64',
      fn: (a: GoVal, p: number, r?: number) => round(a, p, r),
    },
  ],
  ['until', { params: ['int'], ret: 'list', fn: (n: number) => until(0, n, n < 0 ? -1 : 1) }],
  ['untilStep', { params: ['int', 'int', 'int'], ret: 'list', fn: until }],
];
