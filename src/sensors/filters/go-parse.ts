/** Go `strconv` parsing rules the data filter relies on (ParseBool, ParseFloat). */

const TRUE = new Set(['1', 't', 'T', 'TRUE', 'true', 'True']);
const FALSE = new Set(['0', 'f', 'F', 'FALSE', 'false', 'False']);

/** Go `strconv.ParseBool`; `undefined` where Go returns an error. */
export function goParseBool(s: string): boolean | undefined {
  if (TRUE.has(s)) return true;
  if (FALSE.has(s)) return false;
  return undefined;
}

const DECIMAL = /^[+-]?(?:(?:\d(?:_?\d)*)?\.?\d(?:_?\d)*|\d(?:_?\d)*\.)(?:[eE][+-]?\d(?:_?\d)*)?$/;
const HEX = /^[+-]?0[xX](?:[0-9a-fA-F_]*\.?[0-9a-fA-F_]*)[pP][+-]?\d+$/;
const SPECIAL = /^[+-]?(?:inf|infinity|nan)$/i;

/**
 * Go `strconv.ParseFloat(s, 64)`: decimal and hexadecimal (`0x1p-2`) forms, `inf`/`infinity`/`nan`,
 * underscores only between digits of a prefixed number. Returns `undefined` where Go returns a syntax
 * error; out-of-range values become ±Infinity, which Go also returns (with a range error, see
 * {@link goParseFloatStrict}).
 */
export function goParseFloat(s: string): number | undefined {
  if (SPECIAL.test(s)) {
    if (/nan/i.test(s)) return NaN;
    return s.startsWith('-') ? -Infinity : Infinity;
  }
  if (HEX.test(s)) return parseHexFloat(s);
  if (!DECIMAL.test(s) || s.includes('_')) return undefined;
  return Number(s);
}

/** Like {@link goParseFloat} but `undefined` for out-of-range values too (Go's ErrRange). */
export function goParseFloatStrict(s: string): number | undefined {
  const n = goParseFloat(s);
  if (n === undefined) return undefined;
  if (!Number.isFinite(n) && !SPECIAL.test(s)) return undefined;
  return n;
}

function parseHexFloat(s: string): number | undefined {
  const m = /^([+-]?)0[xX]([0-9a-fA-F_]*)\.?([0-9a-fA-F_]*)[pP]([+-]?\d+)$/.exec(s);
  if (!m) return undefined;
  const [, sign, intPart, frac, exp] = m;
  const digits = (intPart! + frac!).replace(/_/g, '');
  if (digits === '') return undefined;
  const mantissa = parseInt(digits, 16) / 16 ** frac!.replace(/_/g, '').length;
  const v = mantissa * 2 ** Number(exp);
  return sign === '-' ? -v : v;
}
