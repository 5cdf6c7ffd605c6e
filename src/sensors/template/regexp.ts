/**
 * Go regexp (RE2 syntax) on top of JS RegExp: translates the RE2-only syntax (`(?P<n>`, `\z`,
 * `\A`, `\Q…\E`, `[[:alpha:]]`, `\pL`, leading `(?i)` flags, ASCII `\s`), rejects what RE2 rejects
 * (lookaround, backreferences) with Go's messages, and expands `$1`/`${name}` replacement
 * templates with Go's rules. Caveat: JS regexps backtrack; RE2's linear-time guarantee is not
 * reproduced, so pathological patterns can be slow.
 * @module
 */

/** A compile error with Go's wording: `error parsing regexp: …`. */
export class RegexpError extends Error {}

const POSIX: Record<string, string> = {
  alnum: '0-9A-Za-z',
  alpha: 'A-Za-z',
  ascii: '\\x00-\\x7F',
  blank: '\\t ',
  cntrl: '\\x00-\\x1F\\x7F',
  digit: '0-9',
  graph: '!-~',
  lower: 'a-z',
  print: ' -~',
  punct: '!-\\/:-@\\[-`{-~',
  space: '\\t\\n\\v\\f\\r ',
  upper: 'A-Z',
  word: '0-9A-Za-z_',
  xdigit: '0-9A-Fa-f',
};

const JS_SYNTAX = '^$\\.*+?()[]{}|/';

function fail(msg: string, what: string): never {
  throw new RegexpError(`error parsing regexp: ${msg}: \`${what}\``);
}

/** The syntax errors RE2 reports most often, with its messages (JS's would differ). */
function checkSyntax(p: string): void {
  let depth = 0;
  let prev = '';
  for (let i = 0; i < p.length; i++) {
    const c = p[i];
    if (c === '\\') {
      i++;
      prev = 'x';
      continue;
    }
    if (c === '[') {
      let j = i + 1;
      if (p[j] === '^') j++;
      if (p[j] === ']') j++;
      while (j < p.length && p[j] !== ']')
        j +=
          p[j] === '\\'
            ? 2
            : p.startsWith('[:', j) && p.indexOf(':]', j) > 0
              ? p.indexOf(':]', j) + 2 - j
              : 1;
      if (j >= p.length) fail('missing closing ]', p.slice(i));
      i = j;
      prev = 'x';
      continue;
    }
    if ('*+?'.includes(c) || (c === '{' && /^\{\d+(,\d*)?\}/.test(p.slice(i)))) {
      const op = c === '{' ? /^\{\d+(,\d*)?\}/.exec(p.slice(i))![0] : c;
      if (prev === '' || prev === '(' || prev === '|') fail('missing argument to repetition operator', op);
      if (prev === 'rep' && !(c === '?' && p[i - 1] !== '?'))
        fail('invalid nested repetition operator', p.slice(i - 1, i + op.length));
      i += op.length - 1;
      prev = c === '?' && prev === 'rep' ? 'lazy' : 'rep';
      continue;
    }
    if (c === '(') depth++;
    if (c === ')' && --depth < 0) fail('unexpected )', p);
    prev = c === '(' || c === '|' ? c : 'x';
  }
  if (depth > 0) fail('missing closing )', p);
}

/** Translate an RE2 pattern to JS source and flags. */
export function translate(pattern: string): { source: string; flags: string } {
  checkSyntax(pattern.replace(/^\(\?[imsU]+\)/, ''));
  let flags = 'u';
  let p = pattern;
  const lead = /^\(\?([imsU]+)\)/.exec(p);
  if (lead) {
    if (lead[1].includes('U')) fail('invalid or unsupported Perl syntax', '(?U');
    for (const f of lead[1]) if (!flags.includes(f)) flags += f;
    p = p.slice(lead[0].length);
  }
  let out = '';
  let inClass = false;
  for (let i = 0; i < p.length; i++) {
    const c = p[i];
    if (c === '\\') {
      const e = p[i + 1];
      if (e === undefined) fail('trailing backslash at end of expression', '');
      i++;
      if (e === 'Q') {
        const end = p.indexOf('\\E', i + 1);
        const lit = end < 0 ? p.slice(i + 1) : p.slice(i + 1, end);
        out += lit.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
        i = end < 0 ? p.length : end + 1;
      } else if (e === 'z') out += '(?![\\s\\S])';
      else if (e === 'A') out += '(?<![\\s\\S])';
      else if (e === 's') out += inClass ? '\\t\\n\\f\\r ' : '[\\t\\n\\f\\r ]';
      else if (e === 'S') out += inClass ? fail('invalid character class range', '\\S') : '[^\\t\\n\\f\\r ]';
      else if (e === 'p' || e === 'P') {
        if (p[i + 1] === '{') {
          const end = p.indexOf('}', i);
          out += `\\${e}{${p.slice(i + 2, end)}}`;
          i = end;
        } else {
          out += `\\${e}{${p[i + 1]}}`;
          i++;
        }
      } else if (/[1-9]/.test(e)) fail('invalid escape sequence', `\\${e}`);
      else if (/[dDwWbBntrfv]/.test(e) || e === 'x' || /[0]/.test(e)) out += '\\' + e;
      else if (/[A-Za-z]/.test(e)) fail('invalid escape sequence', `\\${e}`);
      else if (JS_SYNTAX.includes(e) || (inClass && e === '-')) out += '\\' + e;
      else out += e;
    } else if (inClass) {
      if (c === '[' && p[i + 1] === ':') {
        const m = /^\[:(\^?)([a-z]+):\]/.exec(p.slice(i));
        if (m && POSIX[m[2]]) {
          if (m[1]) fail('invalid character class range', m[0]);
          out += POSIX[m[2]];
          i += m[0].length - 1;
          continue;
        }
      }
      if (c === ']') inClass = false;
      out += c === '[' ? '\\[' : c;
    } else if (c === '[') {
      inClass = true;
      out += c;
      if (p[i + 1] === '^') out += p[++i];
      if (p[i + 1] === ']') {
        out += '\\]';
        i++;
      }
    } else if (c === '{' || c === '}') {
      // RE2 reads a brace that does not form {n}, {n,} or {n,m} as a literal; JS (u mode) rejects it.
      const q = c === '{' ? /^\{\d+(,\d*)?\}/.exec(p.slice(i)) : null;
      if (q) {
        out += q[0];
        i += q[0].length - 1;
      } else out += '\\' + c;
    } else if (c === '(' && p[i + 1] === '?') {
      const rest = p.slice(i);
      const named = /^\(\?P?<([A-Za-z_][A-Za-z0-9_]*)>/.exec(rest);
      if (named) {
        out += `(?<${named[1]}>`;
        i += named[0].length - 1;
      } else if (rest.startsWith('(?:')) {
        out += '(?:';
        i += 2;
      } else fail('invalid or unsupported Perl syntax', rest.slice(0, 3));
    } else out += c;
  }
  return { source: out, flags };
}

const cache = new Map<string, RegExp>();

/** Compile an RE2 pattern (cached). @throws RegexpError */
export function compileGoRegexp(pattern: string): RegExp {
  let re = cache.get(pattern);
  if (re) return re;
  const { source, flags } = translate(pattern);
  try {
    re = new RegExp(source, flags + 'g');
  } catch (err) {
    fail('invalid pattern', `${pattern}: ${(err as Error).message}`);
  }
  if (cache.size > 500) cache.clear();
  cache.set(pattern, re);
  return re;
}

/** Go's regexp.MatchString (unanchored). */
export function goMatch(pattern: string, s: string): boolean {
  const re = compileGoRegexp(pattern);
  re.lastIndex = 0;
  return re.test(s);
}

/** Go's Regexp.FindString: the leftmost match or ''. */
export function goFind(pattern: string, s: string): string {
  const re = compileGoRegexp(pattern);
  re.lastIndex = 0;
  return re.exec(s)?.[0] ?? '';
}

/** Go's Regexp.FindAllString(s, n) (n < 0: all). */
export function goFindAll(pattern: string, s: string, n: number): string[] {
  const re = compileGoRegexp(pattern);
  const out: string[] = [];
  for (const m of goMatches(re, s)) {
    if (n >= 0 && out.length >= n) break;
    out.push(m[0]);
  }
  return out;
}

/** Successive matches as Go finds them: an empty match right after a match is skipped. */
function* goMatches(re: RegExp, s: string): Generator<RegExpExecArray> {
  let prevEnd = -1;
  for (const m of s.matchAll(re)) {
    if (m[0] === '' && m.index === prevEnd) continue;
    prevEnd = m.index + m[0].length;
    yield m as RegExpExecArray;
  }
}

/** Go's Regexp.Expand of a replacement template for one match. */
function expand(template: string, m: RegExpExecArray): string {
  let out = '';
  for (let i = 0; i < template.length; i++) {
    const c = template[i];
    if (c !== '$') {
      out += c;
      continue;
    }
    if (template[i + 1] === '$') {
      out += '$';
      i++;
      continue;
    }
    const braced = template[i + 1] === '{';
    const name = /^[\p{L}\p{Nd}_]+/u.exec(template.slice(i + (braced ? 2 : 1)))?.[0] ?? '';
    if (!name || (braced && template[i + 2 + name.length] !== '}')) {
      out += '$';
      continue;
    }
    i += name.length + (braced ? 2 : 0);
    if (/^\d+$/.test(name)) {
      const num = Number(name);
      out += num < m.length ? (m[num] ?? '') : '';
    } else out += m.groups?.[name] ?? '';
  }
  return out;
}

/** Go's Regexp.ReplaceAllString (`$1`, `${name}` expanded) or ReplaceAllLiteralString. */
export function goReplaceAll(pattern: string, s: string, repl: string, literal = false): string {
  const re = compileGoRegexp(pattern);
  let out = '';
  let last = 0;
  for (const m of goMatches(re, s)) {
    const at = m.index;
    out += s.slice(last, at) + (literal ? repl : expand(repl, m));
    last = at + m[0].length;
  }
  return out + s.slice(last);
}
