/**
 * Go literal syntax used by templates: strconv.Unquote for "…", `…` and '…', and the number
 * rules of text/template/parse (ints with 0x/0o/0b prefixes and underscores, floats, runes).
 * @module
 */
import type { NumberNode } from './nodes.js';

const SIMPLE: Record<string, number> = { a: 7, b: 8, f: 12, n: 10, r: 13, t: 9, v: 11, '\\': 92 };

/** Go's strconv.Unquote; undefined for invalid syntax. */
export function unquote(s: string): string | undefined {
  if (s.length < 2) return undefined;
  const q = s[0];
  if (q !== s[s.length - 1]) return undefined;
  const body = s.slice(1, -1);
  if (q === '`') return body.includes('`') ? undefined : body.replace(/\r/g, '');
  if (q !== '"' && q !== "'") return undefined;
  const bytes: number[] = [];
  const enc = new TextEncoder();
  let runes = 0;
  for (let i = 0; i < body.length;) {
    const ch = String.fromCodePoint(body.codePointAt(i) ?? 0);
    if (ch === q || ch === '\n') return undefined;
    runes++;
    if (ch !== '\\') {
      bytes.push(...enc.encode(ch));
      i += ch.length;
      continue;
    }
    const e = body[i + 1];
    i += 2;
    if (e === undefined) return undefined;
    if (e in SIMPLE) bytes.push(SIMPLE[e]);
    else if (e === q) bytes.push(q.charCodeAt(0));
    else if (e === 'x' || e === 'u' || e === 'U') {
      const n = e === 'x' ? 2 : e === 'u' ? 4 : 8;
      const hex = body.slice(i, i + n);
      if (!new RegExp(`^[0-9a-fA-F]{${n}}$`).test(hex)) return undefined;
      i += n;
      const v = parseInt(hex, 16);
      if (e === 'x') {
        if (q === "'" && v > 0x7f) bytes.push(...enc.encode(String.fromCodePoint(v)));
        else bytes.push(v);
      } else {
        if (v > 0x10ffff || (v >= 0xd800 && v < 0xe000)) return undefined;
        bytes.push(...enc.encode(String.fromCodePoint(v)));
      }
    } else if (e >= '0' && e <= '7') {
      const oct = body.slice(i - 1, i + 2);
      if (!/^[0-7]{3}$/.test(oct)) return undefined;
      const v = parseInt(oct, 8);
      if (v > 255) return undefined;
      i += 2;
      bytes.push(v);
    } else return undefined;
  }
  if (q === "'" && runes !== 1) return undefined;
  return new TextDecoder().decode(new Uint8Array(bytes));
}

const INT_SYNTAX = /^[+-]?(0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|0[0-7_]*|[1-9][0-9_]*)$/;

/** Go's strconv.ParseInt(text, 0, 64) as a bigint; undefined when not an int literal. */
function parseGoInt(text: string): bigint | undefined {
  if (!INT_SYNTAX.test(text) || /__|_$|^[+-]?_|[xXoObB]_*$/.test(text)) return undefined;
  let t = text.replace(/_/g, '');
  let neg = false;
  if (t[0] === '+' || t[0] === '-') {
    neg = t[0] === '-';
    t = t.slice(1);
  }
  if (/^0[0-7]+$/.test(t)) t = '0o' + t.slice(1);
  const v = BigInt(t.toLowerCase().replace(/^0o/, '0o'));
  return neg ? -v : v;
}

/** Parse a number token into a NumberNode (text/template's newNumber). Throws a message on error. */
export function numberNode(pos: number, text: string, isChar: boolean): NumberNode {
  const n: NumberNode = {
    type: 'number',
    pos,
    text,
    isInt: false,
    isUint: false,
    isFloat: false,
    isComplex: false,
    int: 0n,
    float: 0,
  };
  if (isChar) {
    const r = unquote(text);
    if (r === undefined) throw new Error('invalid syntax');
    const c = BigInt(r.codePointAt(0) ?? 0);
    return { ...n, isInt: true, isUint: true, isFloat: true, int: c, float: Number(c) };
  }
  if (text.endsWith('i')) throw new Error(`complex constants are not supported: ${text}`);
  const i = parseGoInt(text);
  if (i !== undefined) {
    const fitsInt = i >= -(2n ** 63n) && i < 2n ** 63n;
    const fitsUint = i >= 0n && i < 2n ** 64n;
    if (!fitsInt && !fitsUint) throw new Error(`integer overflow: ${JSON.stringify(text)}`);
    if (fitsInt) return { ...n, isInt: true, isUint: fitsUint, isFloat: true, int: i, float: Number(i) };
    return { ...n, isUint: true, isFloat: true, int: i, float: Number(i) };
  }
  const f = parseGoFloatLiteral(text);
  if (f === undefined) throw new Error(`illegal number syntax: ${JSON.stringify(text)}`);
  if (!/[.eEpP]/.test(text)) throw new Error(`integer overflow: ${JSON.stringify(text)}`);
  const out = { ...n, isFloat: true, float: f };
  if (Number.isInteger(f) && Math.abs(f) < 2 ** 63) Object.assign(out, { isInt: true, int: BigInt(f) });
  if (Number.isInteger(f) && f >= 0 && f < 2 ** 64) Object.assign(out, { isUint: true, int: BigInt(f) });
  return out;
}

function parseGoFloatLiteral(text: string): number | undefined {
  const t = text.replace(/_/g, '');
  if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) return Number(t);
  const hex = /^([+-]?)0[xX]([0-9a-fA-F]*)\.?([0-9a-fA-F]*)[pP]([+-]?\d+)$/.exec(t);
  if (hex && (hex[2] || hex[3])) {
    const mant = parseInt(hex[2] || '0', 16) + (hex[3] ? parseInt(hex[3], 16) / 16 ** hex[3].length : 0);
    return (hex[1] === '-' ? -1 : 1) * mant * 2 ** Number(hex[4]);
  }
  return undefined;
}
