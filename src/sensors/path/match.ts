/**
 * Wildcard matching as github.com/tidwall/match (used by gjson for `*`/`?` keys and the `%`
 * query operator): `*` any run of characters, `?` one character, `\c` a literal c. Works on code
 * points, with gjson's complexity limit so a hostile pattern cannot stall the process.
 * @module
 */

const NO = 0;
const YES = 1;
const STOP = 2;

/** Match with gjson's limit (10000 steps per character of `str`); a stopped match is a non-match. */
export function matchLimit(str: string, pattern: string): boolean {
  if (pattern === '*') return true;
  const s = Array.from(str);
  const counter = { n: 0 };
  const p = Array.from(pattern);
  return match(s, 0, s.length, p, 0, p.length, s.length * 10000, counter) === YES;
}

function match(
  str: string[],
  si: number,
  send: number,
  pat: string[],
  pi: number,
  pend: number,
  limit: number,
  counter: { n: number },
): number {
  if (counter.n > limit) return STOP;
  counter.n++;
  while (pi < pend) {
    let wild = false;
    const pc = pat[pi];
    const have = si < send;
    if (pc === '?') {
      if (!have) return NO;
    } else if (pc === '*') {
      while (pend - pi > 1 && pat[pi + 1] === '*') pi++;
      if (pend - pi === 1) return YES;
      const trimmed = trimSuffix(str, si, send, pat, pi, pend);
      if (!trimmed.ok) return NO;
      send = trimmed.send;
      pend = trimmed.pend;
      if (pend - pi === 1) return YES;
      const r = match(str, si, send, pat, pi + 1, pend, limit, counter);
      if (r !== NO) return r;
      if (si >= send) return NO;
      wild = true;
    } else {
      if (!have) return NO;
      let lit = pc;
      if (pc === '\\') {
        pi++;
        if (pi >= pend) return NO;
        lit = pat[pi];
      }
      if (str[si] !== lit) return NO;
    }
    si++;
    if (!wild) pi++;
  }
  return si >= send ? YES : NO;
}

/** Match literal characters at the end of the pattern (after a `*`) against the end of `str`. */
function trimSuffix(
  str: string[],
  si: number,
  send: number,
  pat: string[],
  pi: number,
  pend: number,
): { ok: boolean; send: number; pend: number } {
  let ok = true;
  while (send > si && pend - pi > 1) {
    const pc = pat[pend - 1];
    let ps = 1;
    let esc = false;
    for (let i = 0; ; i++) {
      if (pat[pend - 1 - i - 1] !== '\\') {
        if (i % 2 === 1) {
          esc = true;
          ps++;
        }
        break;
      }
    }
    if (pc === '*' && !esc) break;
    const sc = str[send - 1];
    if (!((pc === '?' && !esc) || pc === sc)) {
      ok = false;
      break;
    }
    send--;
    pend -= ps;
  }
  return { ok, send, pend };
}
