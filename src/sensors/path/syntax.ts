/**
 * GJSON path syntax: splitting a path into its first component and the rest, queries
 * `#(a==b)`, pipes and sub-selectors `[a,b]` / `{a,b}`. Ported from tidwall/gjson.
 * @module
 */
import { trimCtl, unescape } from './scan.js';

/** Modifier names gjson knows (`@name`); see modifiers.ts for their implementations. */
export const MODIFIER_NAMES = new Set([
  'pretty',
  'ugly',
  'reverse',
  'this',
  'flatten',
  'join',
  'valid',
  'keys',
  'values',
  'tostr',
  'fromstr',
  'group',
  'dig',
]);

/** After a dot: does the rest start a modifier, a sub-selector, i.e. behave like a pipe? */
export function isDotPiperChar(s: string): boolean {
  const c = s[0];
  if (c === '@') {
    let i = 1;
    for (; i < s.length; i++) if (s[i] === '.' || s[i] === '|' || s[i] === ':') break;
    return MODIFIER_NAMES.has(s.slice(1, i));
  }
  return c === '[' || c === '{';
}

export interface ObjectPath {
  part: string;
  path: string;
  pipe: string;
  piped: boolean;
  wild: boolean;
  more: boolean;
}

/** Split an object path component (`\` escapes, `*`/`?` wildcards). */
export function parseObjectPath(path: string): ObjectPath {
  const r: ObjectPath = { part: '', path: '', pipe: '', piped: false, wild: false, more: false };
  const split = (part: string, i: number): ObjectPath => {
    r.part = part;
    if (i < path.length - 1 && isDotPiperChar(path.slice(i + 1))) {
      r.pipe = path.slice(i + 1);
      r.piped = true;
    } else {
      r.path = path.slice(i + 1);
      r.more = true;
    }
    return r;
  };
  for (let i = 0; i < path.length; i++) {
    const c = path[i];
    if (c === '|') return Object.assign(r, { part: path.slice(0, i), pipe: path.slice(i + 1), piped: true });
    if (c === '.') return split(path.slice(0, i), i);
    if (c === '*' || c === '?') {
      r.wild = true;
      continue;
    }
    if (c === '\\') {
      // Escape mode: strip the backslashes from the part.
      let epart = path.slice(0, i);
      i++;
      if (i < path.length) {
        epart += path[i];
        i++;
        for (; i < path.length; i++) {
          if (path[i] === '\\') {
            i++;
            if (i < path.length) epart += path[i];
            continue;
          } else if (path[i] === '.') {
            return split(epart, i);
          } else if (path[i] === '|') {
            return Object.assign(r, { part: epart, pipe: path.slice(i + 1), piped: true });
          } else if (path[i] === '*' || path[i] === '?') {
            r.wild = true;
          }
          epart += path[i];
        }
      }
      r.part = epart;
      return r;
    }
  }
  r.part = path;
  return r;
}

export interface ArrayPath {
  part: string;
  path: string;
  pipe: string;
  piped: boolean;
  more: boolean;
  alogok: boolean;
  arrch: boolean;
  alogkey: string;
  query: { on: boolean; all: boolean; path: string; op: string; value: string };
}

/** Split an array path component: an index, `#`, `#.rest`, or a query `#(…)` / `#(…)#`. */
export function parseArrayPath(path: string): ArrayPath {
  const r: ArrayPath = {
    part: '',
    path: '',
    pipe: '',
    piped: false,
    more: false,
    alogok: false,
    arrch: false,
    alogkey: '',
    query: { on: false, all: false, path: '', op: '', value: '' },
  };
  for (let i = 0; i < path.length; i++) {
    if (path[i] === '|')
      return Object.assign(r, { part: path.slice(0, i), pipe: path.slice(i + 1), piped: true });
    if (path[i] === '.') {
      r.part = path.slice(0, i);
      if (!r.arrch && i < path.length - 1 && isDotPiperChar(path.slice(i + 1))) {
        r.pipe = path.slice(i + 1);
        r.piped = true;
      } else {
        r.path = path.slice(i + 1);
        r.more = true;
      }
      return r;
    }
    if (path[i] !== '#') continue;
    r.arrch = true;
    if (i !== 0 || path.length <= 1) continue;
    if (path[1] === '.') {
      r.alogok = true;
      r.alogkey = path.slice(2);
      r.path = path.slice(0, 1);
    } else if (path[1] === '[' || path[1] === '(') {
      r.query.on = true;
      const q = parseQuery(path.slice(i));
      if (!q.ok) break;
      let value = q.value;
      if (value.length >= 2 && value[0] === '"' && value[value.length - 1] === '"') {
        value = value.slice(1, value.length - 1);
        if (q.vesc) value = unescape(value);
      }
      Object.assign(r.query, { path: q.path, op: q.op, value });
      i = q.i - 1;
      if (i + 1 < path.length && path[i + 1] === '#') r.query.all = true;
    }
  }
  r.part = path;
  r.path = '';
  return r;
}

export interface Query {
  path: string;
  op: string;
  value: string;
  remain: string;
  i: number;
  vesc: boolean;
  ok: boolean;
}

/** Split `#(path op value)rest` (also with `[`…`]`). */
export function parseQuery(query: string): Query {
  const bad: Query = { path: '', op: '', value: '', remain: '', i: 0, vesc: false, ok: false };
  if (query.length < 2 || query[0] !== '#' || (query[1] !== '(' && query[1] !== '[')) return bad;
  let i = 2;
  let j = 0;
  let depth = 1;
  let vesc = false;
  for (; i < query.length; i++) {
    const c = query[i];
    if (depth === 1 && j === 0 && '!=<>%'.includes(c)) {
      j = i;
      continue;
    }
    if (c === '\\') i++;
    else if (c === '[' || c === '(') depth++;
    else if (c === ']' || c === ')') {
      depth--;
      if (depth === 0) break;
    } else if (c === '"') {
      i++;
      for (; i < query.length; i++) {
        if (query[i] === '\\') {
          vesc = true;
          i++;
        } else if (query[i] === '"') break;
      }
    }
  }
  if (depth > 0) return { ...bad, i };
  if (j === 0)
    return {
      path: trimCtl(query.slice(2, i)),
      op: '',
      value: '',
      remain: query.slice(i + 1),
      i: i + 1,
      vesc,
      ok: true,
    };
  const path = trimCtl(query.slice(2, j));
  let value = trimCtl(query.slice(j, i));
  let opsz = 0; // gjson: an unknown operator such as `!x` leaves no operator (an existence test)
  if (value.length === 1) opsz = 1;
  else if (['!=', '!%', '<=', '>='].includes(value.slice(0, 2))) opsz = 2;
  else if (value.startsWith('==')) {
    value = value.slice(1);
    opsz = 1;
  } else if ('<>=%'.includes(value[0])) opsz = 1;
  const op = value.slice(0, opsz);
  value = trimCtl(value.slice(opsz));
  return { path, op, value, remain: query.slice(i + 1), i: i + 1, vesc, ok: true };
}
