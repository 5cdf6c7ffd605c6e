/**
 * JSON text helpers shared by the gjson and sjson ports: validity (gjson `Valid`, plain RFC 8259
 * syntax, which is exactly what `JSON.parse` accepts) and gjson's string encoder.
 * @module
 */

/** gjson `Valid`: is `json` one well-formed JSON value (surrounding whitespace allowed)? */
export function validJSON(json: string): boolean {
  try {
    JSON.parse(json);
    return true;
  } catch {
    return false;
  }
}

const HEX = '0123456789abcdef';

function hex4(n: number): string {
  return HEX[(n >> 12) & 0xf] + HEX[(n >> 8) & 0xf] + HEX[(n >> 4) & 0xf] + HEX[n & 0xf];
}

/**
 * gjson `AppendJSONString`: quote `s` as JSON, escaping `<`, `>`, `&` and U+2028/U+2029 as Go's
 * encoder does; a lone surrogate (invalid UTF-8 in Go) becomes `\ufffd`.
 */
export function jsonString(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20) {
      const short: Record<number, string> = { 8: 'b', 12: 'f', 10: 'n', 13: 'r', 9: 't' };
      out += '\\' + (short[c] ?? 'u' + hex4(c));
    } else if (c === 0x3c || c === 0x3e || c === 0x26) out += '\\u' + hex4(c);
    else if (c === 0x5c) out += '\\\\';
    else if (c === 0x22) out += '\\"';
    else if (c === 0x2028 || c === 0x2029) out += '\\u' + hex4(c);
    else if (c >= 0xd800 && c < 0xdc00 && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      out += s[i] + s[i + 1];
      i++;
    } else if (c >= 0xd800 && c < 0xe000) out += '\\ufffd';
    else out += s[i];
  }
  return out + '"';
}
