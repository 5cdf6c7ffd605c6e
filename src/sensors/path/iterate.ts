/**
 * Walking JSON text value by value: gjson's `parseAny` and `Result.ForEach`.
 * @module
 */
import { FALSE, JSON_T, none, NULL, NUMBER, STRING, TRUE, exists, type Result } from './result.js';
import { parseGoFloat, parseLiteral, parseNumber, parseSquash, parseString, unescape } from './scan.js';

/** gjson `parseAny`: the value starting at or after `i`. */
export function parseAny(json: string, i: number, hit: boolean): [number, Result, boolean] {
  const res = none();
  for (; i < json.length; i++) {
    const c = json[i];
    if (c === '{' || c === '[') {
      const [ni, val] = parseSquash(json, i);
      if (hit) Object.assign(res, { raw: val, type: JSON_T, index: i });
      return [ni, res, true];
    }
    if (c <= ' ') continue;
    if (c === '"') {
      const [ni, val, vesc, ok] = parseString(json, i + 1);
      if (!ok) return [ni, res, false];
      if (hit) Object.assign(res, { type: STRING, raw: val, str: strOf(val, vesc), index: i });
      return [ni, res, true];
    }
    let num = '+-0123456789iIN'.includes(c);
    if (c === 'n' && i + 1 < json.length && json[i + 1] !== 'u') num = true;
    else if (c === 'n' || c === 't' || c === 'f') {
      const [ni, val] = parseLiteral(json, i);
      if (hit) {
        Object.assign(res, { raw: val, type: c === 't' ? TRUE : c === 'f' ? FALSE : NULL, index: i });
        return [ni, res, true];
      }
      i = ni;
    }
    if (num) {
      const [ni, val] = parseNumber(json, i);
      if (hit) Object.assign(res, { raw: val, type: NUMBER, num: parseGoFloat(val), index: i });
      return [ni, res, true];
    }
  }
  return [i, res, false];
}

/** The text of a raw string token, unescaped only when it had escapes. */
export function strOf(raw: string, escaped: boolean): string {
  const inner = raw.slice(1, raw.length - 1);
  return escaped ? unescape(inner) : inner;
}

/**
 * gjson `Result.ForEach`: each key/value of an object or each element of an array (keys are
 * numbered results for arrays); a scalar yields itself once. Return false to stop.
 */
export function forEach(t: Result, fn: (key: Result, value: Result) => boolean): void {
  if (!exists(t)) return;
  if (t.type !== JSON_T) {
    fn(none(), t);
    return;
  }
  const json = t.raw;
  let i = 0;
  let obj = false;
  const key = none();
  for (; i < json.length; i++) {
    if (json[i] === '{') {
      i++;
      key.type = STRING;
      obj = true;
      break;
    } else if (json[i] === '[') {
      i++;
      key.type = NUMBER;
      key.num = -1;
      break;
    }
    if (json[i] > ' ') return;
  }
  let idx = 0;
  for (; i < json.length; i++) {
    if (obj) {
      if (json[i] !== '"') continue;
      const s = i;
      const [ni, str, vesc, ok] = parseString(json, i + 1);
      if (!ok) return;
      i = ni;
      Object.assign(key, { str: strOf(str, vesc), raw: str, index: s + t.index });
    } else key.num += 1;
    for (; i < json.length; i++) {
      if (json[i] <= ' ' || json[i] === ',' || json[i] === ':') continue;
      break;
    }
    const s = i;
    const [ni, value, ok] = parseAny(json, i, true);
    if (!ok) return;
    i = ni;
    value.index = t.indexes ? (t.indexes[idx] ?? value.index) : s + t.index;
    if (!fn({ ...key }, value)) return;
    idx++;
  }
}
