/**
 * gjson's `parseArray`: numeric indexes, `#` (length), `#.path` (map over elements) and queries
 * `#(path op value)` / `#(…)#`. Ported from tidwall/gjson, quirks included.
 * @module
 */
import { resultGet } from './get.js';
import { found, parseObject, type Ctx } from './get-object.js';
import { queryMatches } from './query.js';
import { parseAny, strOf } from './iterate.js';
import { exists, FALSE, JSON_T, NULL, NUMBER, goString, STRING, TRUE, type Result } from './result.js';
import { parseLiteral, parseNumber, parseSquash, parseString } from './scan.js';
import { splitPossiblePipe } from './selectors.js';
import { parseArrayPath, type ArrayPath } from './syntax.js';

/** Accumulates `#(…)#` matches. */
interface Multi {
  raw: string[];
  indexes: number[];
}

/** Run the query of `rp` on one element; true when it ends the walk (first match of `#(…)`). */
function procQuery(c: Ctx, rp: ArrayPath, qval: Result, multi: Multi): boolean {
  let res: Result;
  if (qval.type === JSON_T) res = resultGet(qval, rp.query.path);
  else {
    if (rp.query.path !== '') return false;
    res = qval;
  }
  if (!queryMatches(rp.query.op, rp.query.value, res)) return false;
  if (rp.more) {
    const split = splitPossiblePipe(rp.path);
    if (split) {
      rp.path = split[0];
      c.pipe = split[1];
      c.piped = true;
    }
    res = resultGet(qval, rp.path);
  } else res = qval;
  if (!rp.query.all) {
    c.value = res;
    return true;
  }
  const raw = res.raw.length === 0 ? goString(res) : res.raw;
  if (raw !== '') {
    multi.raw.push(raw);
    multi.indexes.push(res.index);
  }
  return false;
}

/** `#.key` over the elements whose starts were logged in `alog`. */
function arrayLog(c: Ctx, rp: ArrayPath, alog: number[]): Result {
  const split = splitPossiblePipe(rp.alogkey);
  if (split) {
    rp.alogkey = split[0];
    c.pipe = split[1];
    c.piped = true;
  }
  const raws: string[] = [];
  const indexes: number[] = [];
  for (let idx of alog) {
    while (idx < c.json.length && ' \t\r\n'.includes(c.json[idx])) idx++;
    if (idx >= c.json.length || c.json[idx] === ']') continue;
    const [, elem, ok] = parseAny(c.json, idx, true);
    if (!ok) continue;
    const res = resultGet(elem, rp.alogkey);
    if (!exists(res)) continue;
    raws.push(res.raw.length === 0 ? goString(res) : res.raw);
    indexes.push(res.index);
  }
  return { type: JSON_T, raw: `[${raws.join(',')}]`, str: '', num: 0, index: 0, indexes };
}

/** Walk the array whose `[` is at `i - 1`. @returns [next index, hit] */
export function parseArray(c: Ctx, i: number, path: string): [number, boolean] {
  const rp = parseArrayPath(path);
  const partidx = !rp.arrch && /^[0-9]+$/.test(rp.part) ? Number(rp.part) : -1;
  if (!rp.more && rp.piped) {
    c.pipe = rp.pipe;
    c.piped = true;
  }
  const json = c.json;
  const multi: Multi = { raw: [], indexes: [] };
  const alog: number[] = [];
  let h = 0;
  let pmatch = false;
  let hit = false;
  // Each element is either a query candidate, the indexed hit, or skipped.
  const offer = (type: Result['type'], val: string, end: number, str = ''): boolean => {
    if (rp.query.on) return procQuery(c, rp, found(c, type, val, end, str), multi);
    if (hit && !rp.alogok) {
      c.value = found(c, type, val, end, str);
      return true;
    }
    return false;
  };
  while (i < json.length + 1) {
    if (!rp.arrch) {
      pmatch = partidx === h;
      hit = pmatch && !rp.more;
    }
    h++;
    if (rp.alogok) alog.push(i);
    for (; ; i++) {
      if (i > json.length) break;
      const ch = i === json.length ? ']' : json[i];
      let num = false;
      if (ch === '"') {
        const [ni, val, vesc, ok] = parseString(json, i + 1);
        i = ni;
        if (!ok) return [i, false];
        if (offer(STRING, val, i, strOf(val, vesc))) return [i, true];
      } else if (ch === '{' || ch === '[') {
        if (pmatch && !hit) {
          [i, hit] = ch === '{' ? parseObject(c, i + 1, rp.path) : parseArray(c, i + 1, rp.path);
          if (hit && !rp.alogok) return [i, true];
        } else {
          const [ni, val] = parseSquash(json, i);
          i = ni;
          if (offer(JSON_T, val, i)) return [i, true];
        }
      } else if (ch === 'n' && i + 1 < json.length && json[i + 1] !== 'u') {
        num = true;
      } else if (ch === 'n' || ch === 't' || ch === 'f') {
        const [ni, val] = parseLiteral(json, i);
        i = ni;
        if (offer(ch === 't' ? TRUE : ch === 'f' ? FALSE : NULL, val, i)) return [i, true];
      } else if ('+-0123456789iIN'.includes(ch)) {
        num = true;
      } else if (ch === ']') {
        return [i + 1, endOfArray(c, rp, h, alog, multi)];
      } else {
        continue;
      }
      if (num) {
        const [ni, val] = parseNumber(json, i);
        i = ni;
        if (offer(NUMBER, val, i)) return [i, true];
      }
      break;
    }
  }
  return [i, false];
}

/** At the closing bracket: answer `#`, `#.key`, or the collected `#(…)#` matches. */
function endOfArray(c: Ctx, rp: ArrayPath, h: number, alog: number[], multi: Multi): boolean {
  if (rp.arrch && rp.part === '#') {
    if (rp.alogok) {
      c.value = arrayLog(c, rp, alog);
      return true;
    }
    c.value = { type: NUMBER, raw: String(h - 1), str: '', num: h - 1, index: 0 };
    c.calcd = true;
    return true;
  }
  if (!exists(c.value)) {
    if (multi.raw.length > 0) {
      c.value = {
        type: JSON_T,
        raw: `[${multi.raw.join(',')}]`,
        str: '',
        num: 0,
        index: 0,
        indexes: multi.indexes,
      };
    } else if (rp.query.all) {
      c.value = { type: JSON_T, raw: '[]', str: '', num: 0, index: 0 };
    }
  }
  return false;
}
