/**
 * Sprig regex functions (regex.go) on Go regexp semantics (see regexp.ts). Non-must variants panic
 * on a bad pattern, which surfaces as `error calling regexFind: regexp: Compile(...)`; regexMatch
 * ignores the error and answers false.
 * @module
 */
import { goQuote } from './quote.js';
import { compileGoRegexp, goFind, goFindAll, goMatch, goReplaceAll, RegexpError } from './regexp.js';
import { FuncError, type GoFunc } from './state.js';

/** regexp.MustCompile's panic text, which Sprig surfaces as the call's error. */
function must<T>(pattern: string, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (!(err instanceof RegexpError)) throw err;
    const q = !pattern.includes('`') ? '`' + pattern + '`' : goQuote(pattern);
    throw new FuncError(`regexp: Compile(${q}): ${err.message}`);
  }
}

function mustErr<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof RegexpError) throw new FuncError(err.message);
    throw err;
  }
}

function regexSplit(pattern: string, s: string, n: number): string[] {
  if (n === 0) return [];
  const re = compileGoRegexp(pattern);
  if (pattern.length > 0 && s.length === 0) return [''];
  const out: string[] = [];
  let beg = 0;
  for (const m of s.matchAll(re)) {
    if (n > 0 && out.length === n - 1) break;
    const end = m.index;
    if (m[0].length === 0 && (end === 0 || end === s.length)) continue;
    out.push(s.slice(beg, end));
    beg = end + m[0].length;
  }
  out.push(s.slice(beg));
  return out;
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

export const SPRIG_REGEX: Array<[string, GoFunc]> = [
  [
    'regexMatch',
    s2((re, s) => {
      try {
        return goMatch(re, s);
      } catch {
        return false;
      }
    }, 'bool'),
  ],
  ['mustRegexMatch', s2((re, s) => mustErr(() => goMatch(re, s)), 'bool')],
  ['regexFind', s2((re, s) => must(re, () => goFind(re, s)))],
  ['mustRegexFind', s2((re, s) => mustErr(() => goFind(re, s)))],
  [
    'regexFindAll',
    {
      params: ['string', 'string', 'int'],
      ret: 'list',
      fn: (re: string, s: string, n: number) => must(re, () => goFindAll(re, s, n)),
    },
  ],
  [
    'mustRegexFindAll',
    {
      params: ['string', 'string', 'int'],
      ret: 'list',
      fn: (re: string, s: string, n: number) => mustErr(() => goFindAll(re, s, n)),
    },
  ],
  [
    'regexReplaceAll',
    {
      params: ['string', 'string', 'string'],
      ret: 'string',
      fn: (re: string, s: string, r: string) => must(re, () => goReplaceAll(re, s, r)),
    },
  ],
  [
    'mustRegexReplaceAll',
    {
      params: ['string', 'string', 'string'],
      ret: 'string',
      fn: (re: string, s: string, r: string) => mustErr(() => goReplaceAll(re, s, r)),
    },
  ],
  [
    'regexReplaceAllLiteral',
    {
      params: ['string', 'string', 'string'],
      ret: 'string',
      fn: (re: string, s: string, r: string) => must(re, () => goReplaceAll(re, s, r, true)),
    },
  ],
  [
    'regexSplit',
    {
      params: ['string', 'string', 'int'],
      ret: 'list',
      fn: (re: string, s: string, n: number) => must(re, () => regexSplit(re, s, n)),
    },
  ],
  ['regexQuoteMeta', s1((s) => s.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&'))],
];
