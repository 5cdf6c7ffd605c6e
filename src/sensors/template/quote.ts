/**
 * Go's quoting of strings and runes (strconv.Quote, `%#U`) and unicode.IsPrint, as they appear in
 * template output and error messages.
 * @module
 */

/** Go's strconv.Quote (for ASCII-printable output of `%q`). */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0;
    if (ch === '"' || ch === '\\') out += '\\' + ch;
    else if (c === 7) out += '\\a';
    else if (c === 8) out += '\\b';
    else if (c === 12) out += '\\f';
    else if (c === 10) out += '\\n';
    else if (c === 13) out += '\\r';
    else if (c === 9) out += '\\t';
    else if (c === 11) out += '\\v';
    else if (c < 0x20 || c === 0x7f) out += '\\x' + c.toString(16).padStart(2, '0');
    else if (c >= 0xd800 && c < 0xe000) out += '\\ufffd';
    else if (isPrintable(c)) out += ch;
    else if (c < 0x10000) out += '\\u' + c.toString(16).padStart(4, '0');
    else out += '\\U' + c.toString(16).padStart(8, '0');
  }
  return out + '"';
}

/** Go's unicode.IsPrint, approximated with Unicode property classes. */
export function isPrintable(c: number): boolean {
  if (c === 0x20) return true;
  return /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u.test(String.fromCodePoint(c));
}

/** Go's `%#U`: U+0021 '!'. */
export function goRune(r: string): string {
  const c = r.codePointAt(0) ?? 0;
  const hex = 'U+' + c.toString(16).toUpperCase().padStart(4, '0');
  return isPrintable(c) ? `${hex} '${r}'` : hex;
}
