/**
 * Sprig string, encoding, hashing and regex functions (Masterminds/sprig v3 strings.go,
 * crypto.go, regex.go). Byte-oriented Go operations (`substr`, `trunc`) work on UTF-8 bytes.
 * @module
 */
import { fmtV, sprintf } from './fmt.js';
import { goQuote } from './quote.js';
import { FuncError, type GoFunc } from './state.js';
import { GoTime, type GoVal } from './values.js';
import { timeString } from './gotime.js';
import { guardSize } from './limits.js';

/** Go's unicode.IsSpace set (JS's \s adds U+FEFF and lacks U+0085). */
export const GO_SPACE =
  '\\t\\n\\v\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const SPACE_RE = new RegExp(`[${GO_SPACE}]`, 'gu');
const TRIM_RE = new RegExp(`^[${GO_SPACE}]+|[${GO_SPACE}]+$`, 'gu');

/** Sprig's strval: strings as is, Stringers via String(), everything else `%v`. */
export function strval(v: GoVal): string {
  if (typeof v === 'string') return v;
  if (v instanceof GoTime) return timeString(v);
  return fmtV(v);
}

/** Go's rune-wise case mapping (a rune whose mapping is several runes stays as it is). */
function mapRunes(s: string, upper: boolean): string {
  let out = '';
  for (const ch of s) {
    const m = upper ? ch.toUpperCase() : ch.toLowerCase();
    out += [...m].length === 1 ? m : upper ? ch : [...m][0];
  }
  return out;
}

/** strings.Title: upper-case the first letter of each word (separators per Go's isSeparator). */
function title(s: string): string {
  let prev = ' ';
  let out = '';
  for (const ch of s) {
    out += isSeparator(prev) ? mapRunes(ch, true) : ch;
    prev = ch;
  }
  return out;
}

function isSeparator(r: string): boolean {
  if (r.codePointAt(0)! <= 0x7f) return !/[0-9a-zA-Z_]/.test(r);
  if (/[\p{L}\p{Nd}]/u.test(r)) return false;
  return new RegExp(`^[${GO_SPACE}]$`, 'u').test(r);
}

/** Slice UTF-8 bytes like Go's s[a:b], panicking (as an error) out of range. */
function byteSlice(s: string, a: number, b?: number): string {
  const buf = Buffer.from(s, 'utf8');
  const end = b ?? buf.length;
  if (end > buf.length)
    throw new FuncError(`runtime error: slice bounds out of range [:${end}] with length ${buf.length}`);
  if (a < 0 || a > end) throw new FuncError(`runtime error: slice bounds out of range [${a}:${end}]`);
  return buf.subarray(a, end).toString('utf8');
}

function substr(start: number, end: number, s: string): string {
  const len = Buffer.byteLength(s, 'utf8');
  if (start < 0) {
    if (end < 0) throw new FuncError(`runtime error: slice bounds out of range [:${end}]`);
    if (end > len)
      throw new FuncError(`runtime error: slice bounds out of range [:${end}] with length ${len}`);
    return byteSlice(s, 0, end);
  }
  if (end < 0 || end > len) return byteSlice(s, start);
  return byteSlice(s, start, end);
}

function trunc(c: number, s: string): string {
  const len = Buffer.byteLength(s, 'utf8');
  if (c < 0 && len + c > 0) return byteSlice(s, len + c);
  if (c >= 0 && len > c) return byteSlice(s, 0, c);
  return s;
}

/** strings.Replace(src, old, new, -1), including Go's empty-`old` behaviour. */
function replaceAll(old: string, repl: string, src: string): string {
  if (old === '') return repl + [...src].join(repl) + (src ? repl : '');
  return src.split(old).join(repl);
}

function split(sep: string, s: string): string[] {
  return sep === '' ? [...s] : s.split(sep);
}

function trimCutset(s: string, cutset: string): string {
  const set = new Set(cutset);
  const runes = [...s];
  let a = 0;
  let b = runes.length;
  while (a < b && set.has(runes[a])) a++;
  while (b > a && set.has(runes[b - 1])) b--;
  return runes.slice(a, b).join('');
}

const s1 = (fn: (s: string) => unknown, ret: GoFunc['ret'] = 'string'): GoFunc => ({
  params: ['string'],
  ret,
  fn,
});
const s2 = (fn: (a: string, b: string) => unknown, ret: GoFunc['ret'] = 'string'): GoFunc => ({
  params: ['string', 'string'],
  ret,
  fn,
});

export const SPRIG_STRINGS: Array<[string, GoFunc]> = [
  ['upper', s1((s) => mapRunes(s, true))],
  ['lower', s1((s) => mapRunes(s, false))],
  ['title', s1(title)],
  ['untitle', s1((s) => (s ? mapRunes([...s][0], false) + [...s].slice(1).join('') : s))],
  ['trim', s1((s) => s.replace(TRIM_RE, ''))],
  ['nospace', s1((s) => s.replace(SPACE_RE, ''))],
  ['trimAll', s2((a, b) => trimCutset(b, a))],
  ['trimall', s2((a, b) => trimCutset(b, a))],
  ['trimPrefix', s2((a, b) => (b.startsWith(a) ? b.slice(a.length) : b))],
  ['trimSuffix', s2((a, b) => (a && b.endsWith(a) ? b.slice(0, b.length - a.length) : b))],
  ['contains', s2((a, b) => b.includes(a), 'bool')],
  ['hasPrefix', s2((a, b) => b.startsWith(a), 'bool')],
  ['hasSuffix', s2((a, b) => b.endsWith(a), 'bool')],
  ['replace', { params: ['string', 'string', 'string'], ret: 'string', fn: replaceAll }],
  [
    'repeat',
    {
      params: ['int', 'string'],
      ret: 'string',
      fn: (n: number, s: string) => {
        if (n < 0) throw new FuncError('strings: negative Repeat count');
        guardSize(n * s.length);
        return s.repeat(n);
      },
    },
  ],
  ['substr', { params: ['int', 'int', 'string'], ret: 'string', fn: substr }],
  ['trunc', { params: ['int', 'string'], ret: 'string', fn: trunc }],
  [
    'quote',
    {
      params: ['any'],
      variadic: true,
      ret: 'string',
      fn: (...a: GoVal[]) =>
        a
          .filter((x) => x !== null)
          .map((x) => goQuote(strval(x)))
          .join(' '),
    },
  ],
  [
    'squote',
    {
      params: ['any'],
      variadic: true,
      ret: 'string',
      fn: (...a: GoVal[]) =>
        a
          .filter((x) => x !== null)
          .map((x) => `'${fmtV(x)}'`)
          .join(' '),
    },
  ],
  [
    'cat',
    {
      params: ['any'],
      variadic: true,
      ret: 'string',
      fn: (...a: GoVal[]) => {
        const v = a.filter((x) => x !== null);
        return sprintf(v.map(() => '%v').join(' '), v);
      },
    },
  ],
  ['indent', { params: ['int', 'string'], ret: 'string', fn: (n: number, s: string) => indent(n, s) }],
  [
    'nindent',
    { params: ['int', 'string'], ret: 'string', fn: (n: number, s: string) => '\n' + indent(n, s) },
  ],
  [
    'plural',
    {
      params: ['string', 'string', 'int'],
      ret: 'string',
      fn: (one: string, many: string, n: number) => (n === 1 ? one : many),
    },
  ],
  ['splitList', s2((sep, s) => split(sep, s), 'list')],
  ['split', s2((sep, s) => Object.fromEntries(split(sep, s).map((p, i) => [`_${i}`, p])), 'map')],
  ['toString', { params: ['any'], ret: 'string', fn: strval }],
];

function indent(n: number, s: string): string {
  if (n < 0) throw new FuncError('strings: negative Repeat count');
  guardSize(n * (1 + (s.match(/\n/g)?.length ?? 0)) + s.length);
  const pad = ' '.repeat(n);
  return pad + s.replace(/\n/g, '\n' + pad);
}
