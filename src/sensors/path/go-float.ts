/**
 * Go's strconv.FormatFloat(f, fmt, prec, 64) for fmt 'e', 'f' and 'g'. JSON numbers are float64 in
 * Go, and both gjson (`Result.String()`) and text/template (`%v`) print them through this routine,
 * so `1000000.0` prints `1e+06` in a template and `1000000` from gjson.
 * @module
 */

interface Digits {
  /** Decimal digits without leading zeros ('' for zero). */
  d: string;
  /** Decimal point position: value = 0.d × 10^dp. */
  dp: number;
}

/** Shortest digits that round-trip, as Go's shortest mode (JS uses the same criterion). */
function shortestDigits(abs: number): Digits {
  if (abs === 0) return { d: '', dp: 0 };
  const [mant, exp] = abs.toExponential().split('e');
  const d = mant.replace('.', '').replace(/0+$/, '');
  return { d, dp: Number(exp) + 1 };
}

/** The exact decimal expansion of a finite non-negative double. */
function exactDigits(abs: number): Digits {
  if (abs === 0) return { d: '', dp: 0 };
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, abs);
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const bexp = (hi >>> 20) & 0x7ff;
  let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let e2 = bexp - 1075;
  if (bexp === 0) e2 = -1074;
  else mant |= 1n << 52n;
  let digits: string;
  let dp: number;
  if (e2 >= 0) {
    digits = (mant << BigInt(e2)).toString();
    dp = digits.length;
  } else {
    digits = (mant * 5n ** BigInt(-e2)).toString();
    dp = digits.length + e2;
  }
  const trimmed = digits.replace(/0+$/, '');
  return { d: trimmed, dp };
}

/** Round to `nd` digits, half to even on exact ties (Go's decimal.Round). */
function roundDigits(x: Digits, nd: number): Digits {
  if (nd < 0 || nd >= x.d.length) return nd < 0 ? { d: '', dp: 0 } : x;
  const next = x.d.charCodeAt(nd) - 48;
  let up = next > 5 || (next === 5 && nd + 1 < x.d.length);
  if (next === 5 && nd + 1 === x.d.length) up = nd > 0 && (x.d.charCodeAt(nd - 1) - 48) % 2 === 1;
  if (!up) return { d: x.d.slice(0, nd).replace(/0+$/, ''), dp: nd === 0 ? 0 : x.dp };
  // Propagate the carry.
  const arr = x.d.slice(0, nd).split('');
  let i = nd - 1;
  while (i >= 0 && arr[i] === '9') i--;
  if (i < 0) return { d: '1', dp: x.dp + 1 };
  arr[i] = String.fromCharCode(arr[i].charCodeAt(0) + 1);
  return { d: arr.slice(0, i + 1).join(''), dp: x.dp };
}

function fmtE(neg: boolean, x: Digits, prec: number, ch: string): string {
  let s = neg ? '-' : '';
  s += x.d.length === 0 ? '0' : x.d[0];
  if (prec > 0) s += '.' + x.d.slice(1, prec + 1).padEnd(prec, '0');
  const exp = x.d.length === 0 ? 0 : x.dp - 1;
  const sign = exp < 0 ? '-' : '+';
  return `${s}${ch}${sign}${String(Math.abs(exp)).padStart(2, '0')}`;
}

function fmtF(neg: boolean, x: Digits, prec: number): string {
  let s = neg ? '-' : '';
  s += x.dp > 0 ? x.d.slice(0, x.dp).padEnd(x.dp, '0') : '0';
  if (prec > 0) {
    s += '.';
    for (let i = 1; i <= prec; i++) {
      const j = x.dp + i - 1;
      s += j >= 0 && j < x.d.length ? x.d[j] : '0';
    }
  }
  return s;
}

/**
 * Go's `strconv.FormatFloat(f, fmt, prec, 64)`.
 * @param fmt 'e' | 'E' | 'f' | 'g' | 'G'
 * @param prec digits (-1 = the shortest representation that round-trips)
 */
export function formatGoFloat(f: number, fmt: 'e' | 'E' | 'f' | 'g' | 'G', prec = -1): string {
  if (Number.isNaN(f)) return 'NaN';
  if (f === Infinity) return '+Inf';
  if (f === -Infinity) return '-Inf';
  const neg = f < 0 || Object.is(f, -0);
  const abs = Math.abs(f);
  const shortest = prec < 0;
  let x: Digits;
  if (shortest) {
    x = shortestDigits(abs);
    prec =
      fmt === 'f' ? Math.max(x.d.length - x.dp, 0) : fmt === 'g' || fmt === 'G' ? x.d.length : x.d.length - 1;
  } else {
    const exact = exactDigits(abs);
    if (fmt === 'f') x = roundDigits(exact, exact.dp + prec);
    else if (fmt === 'e' || fmt === 'E') x = roundDigits(exact, prec + 1);
    else {
      if (prec === 0) prec = 1;
      x = roundDigits(exact, prec);
    }
  }
  if (fmt === 'e' || fmt === 'E') return fmtE(neg, x, prec, fmt);
  if (fmt === 'f') return fmtF(neg, x, prec);
  let eprec = prec;
  if (eprec > x.d.length && x.d.length >= x.dp) eprec = x.d.length;
  if (shortest) eprec = 6;
  const exp = x.dp - 1;
  if (x.d.length > 0 && (exp < -4 || exp >= eprec)) {
    if (prec > x.d.length) prec = x.d.length;
    return fmtE(neg, x, prec - 1, fmt === 'g' ? 'e' : 'E');
  }
  if (prec > x.dp) prec = x.d.length;
  return fmtF(neg, x, Math.max(prec - x.dp, 0));
}
