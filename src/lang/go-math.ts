/**
 * Go's `math.Pow`, so `**` gives govaluate's bits: integer exponents go through Go's repeated squaring on
 * the mantissa (JS's `**` rounds differently for results that are not exact). The fractional part uses
 * JS exp/log, which can differ from Go's in the last bit.
 * @module
 */

const view = new DataView(new ArrayBuffer(8));
const bits = (f: number): bigint => (view.setFloat64(0, f), view.getBigUint64(0));
const fromBits = (b: bigint): number => (view.setBigUint64(0, b), view.getFloat64(0));
const MASK = 0x7ffn;
const SHIFT = 52n;
const BIAS = 1023;

/** Go's Frexp: f = frac × 2^exp with |frac| in [0.5, 1). */
export function frexp(f: number): [number, number] {
  if (f === 0 || !Number.isFinite(f)) return [f, 0];
  let exp = 0;
  if (Math.abs(f) < 2.2250738585072014e-308) {
    f *= 2 ** 52; // normalize a subnormal
    exp = -52;
  }
  const x = bits(f);
  exp += Number((x >> SHIFT) & MASK) - BIAS + 1;
  return [fromBits((x & ~(MASK << SHIFT)) | (BigInt(-1 + BIAS) << SHIFT)), exp];
}

/** Go's Ldexp: frac × 2^exp, with Go's handling of overflow, underflow and subnormals. */
export function ldexp(frac: number, exp: number): number {
  if (frac === 0 || !Number.isFinite(frac)) return frac;
  const [f, e] = frexp(frac);
  exp += e;
  let x = bits(f);
  exp += Number((x >> SHIFT) & MASK) - BIAS;
  if (exp < -1075) return frac < 0 ? -0 : 0;
  if (exp > 1023) return frac < 0 ? -Infinity : Infinity;
  let m = 1;
  if (exp < -1022) {
    exp += 53;
    m = 2 ** -53;
  }
  x &= ~(MASK << SHIFT);
  x |= BigInt(exp + BIAS) << SHIFT;
  return m * fromBits(x);
}

const isOddInt = (y: number): boolean =>
  Number.isInteger(y) && Math.abs(y) < 2 ** 53 && Math.abs(y % 2) === 1;

/** Go's math.Pow. */
export function goPow(x: number, y: number): number {
  if (y === 0 || x === 1) return 1;
  if (y === 1) return x;
  if (Number.isNaN(x) || Number.isNaN(y)) return NaN;
  if (x === 0) {
    if (y < 0) return Object.is(x, -0) && isOddInt(y) ? -Infinity : Infinity;
    return Object.is(x, -0) && isOddInt(y) ? x : 0;
  }
  if (!Number.isFinite(y)) {
    if (x === -1) return 1;
    return Math.abs(x) < 1 === y > 0 ? 0 : Infinity;
  }
  if (!Number.isFinite(x)) {
    if (x < 0) return goPow(1 / x, -y);
    return y < 0 ? 0 : Infinity;
  }
  if (y === 0.5) return Math.sqrt(x);
  if (y === -0.5) return 1 / Math.sqrt(x);
  let yi = Math.trunc(Math.abs(y));
  let yf = Math.abs(y) - yi;
  if (yf !== 0 && x < 0) return NaN;
  if (yi >= 2 ** 63) {
    if (x === -1) return 1;
    return Math.abs(x) < 1 === y > 0 ? 0 : Infinity;
  }
  let a1 = 1;
  let ae = 0;
  if (yf !== 0) {
    if (yf > 0.5) {
      yf--;
      yi++;
    }
    a1 = Math.exp(yf * Math.log(x));
  }
  let [x1, xe] = frexp(x);
  for (let i = BigInt(yi); i !== 0n; i >>= 1n) {
    if (xe < -(1 << 12) || 1 << 12 < xe) {
      ae += xe; // catastrophic overflow: let ldexp handle it
      break;
    }
    if ((i & 1n) === 1n) {
      a1 *= x1;
      ae += xe;
    }
    x1 *= x1;
    xe <<= 1;
    if (x1 < 0.5) {
      x1 += x1;
      xe--;
    }
  }
  if (y < 0) {
    a1 = 1 / a1;
    ae = -ae;
  }
  return ldexp(a1, ae);
}
