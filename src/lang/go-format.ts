/**
 * Go's `fmt` `%v` rendering of JSON-like values. govaluate concatenates with `fmt.Sprintf("%v%v")`
 * and prints values into its type errors, so `'x' + 1000000` is `x1e+06`, not `x1000000`.
 * @module
 */

/** `strconv.FormatFloat(f, 'g', -1, 64)` as printed by `%v` (`+Inf`, `-Inf`, `NaN`, `1e+06`, `-0`). */
export function goFormatFloat(f: number): string {
  if (Number.isNaN(f)) return 'NaN';
  if (f === Infinity) return '+Inf';
  if (f === -Infinity) return '-Inf';
  if (f === 0) return Object.is(f, -0) ? '-0' : '0';
  // toExponential() without a digit count yields the shortest round-tripping digits, as Go's shortest mode.
  const [mant, expText] = f.toExponential().split('e') as [string, string];
  const exp = Number(expText);
  const neg = mant.startsWith('-');
  const digits = mant.replace('-', '').replace('.', '');
  const sign = neg ? '-' : '';
  // Go's shortest 'g' switches to exponent form at exp < -4 || exp >= 6 (so 1e6 prints as 1e+06).
  const eprec = 6;
  if (exp < -4 || exp >= eprec) {
    const frac = digits.length > 1 ? `.${digits.slice(1)}` : '';
    const e = Math.abs(exp) < 10 ? `0${Math.abs(exp)}` : String(Math.abs(exp));
    return `${sign}${digits[0]}${frac}e${exp < 0 ? '-' : '+'}${e}`;
  }
  if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
  if (digits.length <= exp + 1) return `${sign}${digits}${'0'.repeat(exp + 1 - digits.length)}`;
  return `${sign}${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`;
}

/** Go string ordering (bytewise UTF-8 == code point order), unlike JS's UTF-16 code unit order. */
export function compareGoStrings(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // Only surrogates (>= 0xD800 < 0xE000) sort differently from code points: lift them above the BMP.
    const sx = x >= 0xd800 && x < 0xe000 ? x + 0x10000 : x;
    const sy = y >= 0xd800 && y < 0xe000 ? y + 0x10000 : y;
    return sx < sy ? -1 : 1;
  }
  return a.length - b.length;
}

/** `fmt.Sprintf("%v", v)` for nil, bool, float64, string, `[]interface{}` and `map[string]interface{}`. */
export function goFormatValue(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (typeof v === 'number') return goFormatFloat(v);
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (Array.isArray(v)) return `[${v.map(goFormatValue).join(' ')}]`;
  if (v instanceof RegExp) return v.source;
  if (typeof v === 'object') {
    if (typeof (v as { toGoString?: unknown }).toGoString === 'function') {
      return (v as { toGoString(): string }).toGoString();
    }
    const entries = Object.keys(v).sort(compareGoStrings);
    return `map[${entries.map((k) => `${k}:${goFormatValue((v as Record<string, unknown>)[k])}`).join(' ')}]`;
  }
  return String(v);
}
