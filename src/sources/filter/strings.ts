/**
 * Go's `strings` package on JS strings: byte offsets (UTF-8), rune-wise case mapping (`upper('ß')` stays
 * `ß`), Unicode White_Space for trimming, Split/SplitN/SplitAfter and Replace semantics.
 * @module
 */
import { RuntimeFault } from './errors.js';

const utf8 = (s: string): Buffer => Buffer.from(s, 'utf8');

/** Length in bytes, as Go's len(string). */
export const byteLength = (s: string): number => utf8(s).length;

/** strings.Index / LastIndex: byte offset or -1. */
export function byteIndex(s: string, sub: string, last = false): number {
  const b = utf8(s);
  if (sub === '') return last ? b.length : 0;
  return last ? b.lastIndexOf(utf8(sub)) : b.indexOf(utf8(sub));
}

function mapRunes(s: string, f: (ch: string) => string): string {
  let out = '';
  for (const ch of s) {
    const m = f(ch);
    out += Array.from(m).length === 1 ? m : ch; // Go maps rune to rune; no "ß" → "SS"
  }
  return out;
}
export const goUpper = (s: string): string => mapRunes(s, (c) => c.toUpperCase());
export const goLower = (s: string): string => mapRunes(s, (c) => (c === '\u0130' ? 'i' : c.toLowerCase()));

const SPACE = /^\p{White_Space}+|\p{White_Space}+$/gu;
export const trimSpace = (s: string): string => s.replace(SPACE, '');
export const isGoSpace = (ch: string): boolean => /^\p{White_Space}$/u.test(ch);

/** strings.Trim: drop leading and trailing runes that appear in `cutset`. */
export function trimCutset(s: string, cutset: string, left = true, right = true): string {
  const set = new Set(Array.from(cutset));
  const runes = Array.from(s);
  let a = 0;
  let b = runes.length;
  while (left && a < b && set.has(runes[a]!)) a++;
  while (right && b > a && set.has(runes[b - 1]!)) b--;
  return runes.slice(a, b).join('');
}

/** Go's genSplit: n < 0 all, n == 0 none, n > 0 at most n pieces; `after` keeps the separator. */
export function goSplit(s: string, sep: string, n: number, after = false): string[] {
  if (n === 0) return [];
  if (sep === '') {
    const runes = Array.from(s);
    if (n < 0 || n > runes.length) n = runes.length;
    return n === 0 ? [] : [...runes.slice(0, n - 1), runes.slice(n - 1).join('')];
  }
  const out: string[] = [];
  let rest = s;
  while (n < 0 || out.length < n - 1) {
    const i = rest.indexOf(sep);
    if (i < 0) break;
    out.push(rest.slice(0, i + (after ? sep.length : 0)));
    rest = rest.slice(i + sep.length);
  }
  out.push(rest);
  return out;
}

/** strings.Replace: n < 0 replaces all; an empty `old` matches before every rune and at the end. */
export function goReplace(s: string, old: string, repl: string, n: number): string {
  if (old === repl || n === 0) return s;
  if (old === '') {
    const runes = Array.from(s);
    let out = '';
    let done = 0;
    for (let i = 0; i <= runes.length; i++) {
      if (n < 0 || done < n) {
        out += repl;
        done++;
      }
      out += runes[i] ?? '';
    }
    return out;
  }
  const parts = s.split(old);
  if (n < 0 || n >= parts.length - 1) return parts.join(repl);
  return parts.slice(0, n + 1).join(repl) + old + parts.slice(n + 1).join(old);
}

/** strings.Repeat with expr-lang's memory budget. */
export function goRepeat(s: string, n: number): string {
  if (n < 0) throw new RuntimeFault('strings: negative Repeat count');
  if (n > 1e6 || s.length * n > 1e7) throw new RuntimeFault('memory budget exceeded');
  return s.repeat(n);
}

/** strconv.Atoi: optional sign and decimal digits only. */
export function atoi(s: string): bigint | undefined {
  if (!/^[+-]?\d+$/.test(s)) return undefined;
  const v = BigInt(s);
  return v >= -(2n ** 63n) && v < 2n ** 63n ? v : undefined;
}

/** strconv.ParseFloat (decimal forms, `inf`, `nan`; underscores only between digits after a base prefix). */
export function parseFloatGo(s: string): number | undefined {
  if (/^[+-]?(inf|infinity)$/i.test(s)) return s.startsWith('-') ? -Infinity : Infinity;
  if (/^[+-]?nan$/i.test(s)) return NaN;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s)) return undefined;
  const v = Number(s);
  return Number.isFinite(v) ? v : undefined;
}
