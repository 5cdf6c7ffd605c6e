/**
 * gjson's `parseObject`: walk an object's members looking for the key of the current path
 * component, descending into the matching member. Ported from tidwall/gjson.
 * @module
 */
import { parseArray } from './get-array.js';
import { matchLimit } from './match.js';
import { strOf } from './iterate.js';
import { FALSE, JSON_T, NULL, NUMBER, STRING, TRUE, type Result } from './result.js';
import { parseGoFloat, parseLiteral, parseNumber, parseSquash, parseString, unescape } from './scan.js';
import { parseObjectPath } from './syntax.js';

/** Shared state of one `Get` walk over a text. */
export interface Ctx {
  json: string;
  value: Result;
  pipe: string;
  piped: boolean;
  /** The value was computed (e.g. `#`), not found in the text: it has no index. */
  calcd: boolean;
  lines: boolean;
}

/** A result for the text `raw` found at `end - raw.length` in the context's text. */
export function found(c: Ctx, type: Result['type'], raw: string, end: number, str = ''): Result {
  const num = type === NUMBER ? parseGoFloat(raw) : 0;
  return { type, raw, str, num, index: end - raw.length };
}

/** Read an object key starting at `i` (just after the opening quote). */
function readKey(json: string, i: number): { i: number; key: string; esc: boolean; ok: boolean } {
  const s = i;
  for (; i < json.length; i++) {
    if (json[i] > '\\') continue;
    if (json[i] === '"') return { i: i + 1, key: json.slice(s, i), esc: false, ok: true };
    if (json[i] === '\\') {
      const [ni, raw, , ok] = parseString(json, s);
      if (!ok) return { i: ni, key: json.slice(s), esc: false, ok: false };
      return { i: ni, key: raw.slice(1, raw.length - 1), esc: true, ok: true };
    }
  }
  return { i, key: json.slice(s), esc: false, ok: false };
}

/** Walk the object whose `{` is at `i - 1`. @returns [next index, hit] */
export function parseObject(c: Ctx, i: number, path: string): [number, boolean] {
  const rp = parseObjectPath(path);
  if (!rp.more && rp.piped) {
    c.pipe = rp.pipe;
    c.piped = true;
  }
  const json = c.json;
  while (i < json.length) {
    let k: ReturnType<typeof readKey> | undefined;
    for (; i < json.length; i++) {
      if (json[i] === '"') {
        k = readKey(json, i + 1);
        i = k.i;
        break;
      }
      if (json[i] === '}') return [i + 1, false];
    }
    if (!k?.ok) return [i, false];
    const key = k.esc ? unescape(k.key) : k.key;
    const pmatch = rp.wild ? matchLimit(key, rp.part) : rp.part === key;
    let hit = pmatch && !rp.more;
    for (; i < json.length; i++) {
      const ch = json[i];
      let num = false;
      if (ch === '"') {
        const [ni, val, vesc, ok] = parseString(json, i + 1);
        i = ni;
        if (!ok) return [i, false];
        if (hit) {
          c.value = found(c, STRING, val, i, strOf(val, vesc));
          return [i, true];
        }
      } else if (ch === '{' || ch === '[') {
        if (pmatch && !hit) {
          [i, hit] = ch === '{' ? parseObject(c, i + 1, rp.path) : parseArray(c, i + 1, rp.path);
          if (hit) return [i, true];
        } else {
          const [ni, val] = parseSquash(json, i);
          i = ni;
          if (hit) {
            c.value = found(c, JSON_T, val, i);
            return [i, true];
          }
        }
      } else if (ch === 'n' && i + 1 < json.length && json[i + 1] !== 'u') {
        num = true;
      } else if (ch === 'n' || ch === 't' || ch === 'f') {
        const [ni, val] = parseLiteral(json, i);
        i = ni;
        if (hit) {
          c.value = found(c, ch === 't' ? TRUE : ch === 'f' ? FALSE : NULL, val, i);
          return [i, true];
        }
      } else if ('+-0123456789iIN'.includes(ch)) {
        num = true;
      } else {
        continue;
      }
      if (num) {
        const [ni, val] = parseNumber(json, i);
        i = ni;
        if (hit) {
          c.value = found(c, NUMBER, val, i);
          return [i, true];
        }
      }
      break;
    }
  }
  return [i, false];
}
