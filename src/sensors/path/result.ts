/**
 * gjson's `Result`: a typed view of one JSON value inside a text, plus its conversions
 * (`String()`, `Value()`, `Bool()`, `Int()`, `ForEach`, `Array()`), ported from tidwall/gjson.
 * @module
 */
import { formatGoFloat } from './go-float.js';
import { squash, tolit, tonum, tostr } from './scan.js';

/** gjson's Type, in its ordering (used by `Less`). */
export const NULL = 0;
export const FALSE = 1;
export const NUMBER = 2;
export const STRING = 3;
export const TRUE = 4;
export const JSON_T = 5;
export type GType = 0 | 1 | 2 | 3 | 4 | 5;

/** The names gjson's `Type.String()` prints. */
export const TYPE_NAMES = ['Null', 'False', 'Number', 'String', 'True', 'JSON'] as const;
export type TypeName = (typeof TYPE_NAMES)[number];

/** One value found in a JSON text. `index` is its offset in the searched text (0 = unknown). */
export interface Result {
  type: GType;
  raw: string;
  str: string;
  num: number;
  index: number;
  indexes?: number[];
}

/** A result that does not exist. */
export function none(): Result {
  return { type: NULL, raw: '', str: '', num: 0, index: 0 };
}

/** gjson `Result.Exists()`: a null found in the text exists; a missing value does not. */
export function exists(r: Result): boolean {
  return r.type !== NULL || r.raw.length !== 0;
}

export function isObject(r: Result): boolean {
  return r.type === JSON_T && r.raw.length > 0 && r.raw[0] === '{';
}

export function isArray(r: Result): boolean {
  return r.type === JSON_T && r.raw.length > 0 && r.raw[0] === '[';
}

/** gjson `Result.String()`: strings unquoted, integers as written, other numbers Go-formatted. */
export function goString(r: Result): string {
  switch (r.type) {
    case FALSE:
      return 'false';
    case TRUE:
      return 'true';
    case STRING:
      return r.str;
    case JSON_T:
      return r.raw;
    case NUMBER:
      if (r.raw.length > 0 && /^-?[0-9]*$/.test(r.raw)) return r.raw;
      return formatGoFloat(r.num, 'f', -1);
    default:
      return '';
  }
}

/** gjson `Result.Bool()`. */
export function resultBool(r: Result): boolean {
  if (r.type === TRUE) return true;
  if (r.type === STRING) return parseGoBool(r.str.toLowerCase()) === true;
  if (r.type === NUMBER) return r.num !== 0;
  return false;
}

/** gjson `Result.Int()` (as a JS number; exact within ±2^53). */
export function resultInt(r: Result): number {
  if (r.type === TRUE) return 1;
  if (r.type === STRING) return /^-?\d+$/.test(r.str) ? Number(r.str) : 0;
  if (r.type === NUMBER) return Math.trunc(r.num);
  return 0;
}

/** Go's strconv.ParseBool; undefined when the text is not a boolean literal. */
export function parseGoBool(s: string): boolean | undefined {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(s)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(s)) return false;
  return undefined;
}

/** Assign `obj[key] = v` without letting a `__proto__` key change the prototype. */
export function defineKey(obj: Record<string, unknown>, key: string, v: unknown): void {
  Object.defineProperty(obj, key, { value: v, writable: true, enumerable: true, configurable: true });
}

/**
 * gjson `Result.Value()`: numbers are float64, objects plain objects (first duplicate key wins),
 * arrays arrays, null and missing values `null`.
 */
export function resultValue(r: Result): unknown {
  switch (r.type) {
    case STRING:
      return r.str;
    case FALSE:
      return false;
    case TRUE:
      return true;
    case NUMBER:
      return r.num;
    case JSON_T:
      return jsonValue(r.raw);
    default:
      return null;
  }
}

/** Elements of a raw JSON block as results (gjson's arrayOrMap without valueize). */
function elements(json: string): { vc: string; items: Result[] } {
  let i = 0;
  let vc = '';
  for (; i < json.length; i++) {
    if (json[i] === '{' || json[i] === '[') {
      vc = json[i];
      i++;
      break;
    }
    if (json[i] > ' ') return { vc: '', items: [] };
  }
  const items: Result[] = [];
  for (; i < json.length; i++) {
    const c = json[i];
    if (c <= ' ') continue;
    if (c === ']' || c === '}') break;
    let v: Result;
    if ((c >= '0' && c <= '9') || c === '-') {
      const [raw, num] = tonum(json.slice(i));
      v = { type: NUMBER, raw, str: '', num, index: i };
    } else if (c === '{' || c === '[') {
      v = { type: JSON_T, raw: squash(json.slice(i)), str: '', num: 0, index: i };
    } else if (c === 'n' || c === 't' || c === 'f') {
      v = {
        type: c === 'n' ? NULL : c === 't' ? TRUE : FALSE,
        raw: tolit(json.slice(i)),
        str: '',
        num: 0,
        index: i,
      };
    } else if (c === '"') {
      const [raw, str] = tostr(json.slice(i));
      v = { type: STRING, raw, str, num: 0, index: i };
    } else continue;
    items.push(v);
    i += v.raw.length - 1;
  }
  return { vc, items };
}

function jsonValue(raw: string): unknown {
  const { vc, items } = elements(raw);
  if (vc === '[') return items.map(resultValue);
  if (vc !== '{') return null;
  const obj: Record<string, unknown> = {};
  for (let k = 0; k + 1 < items.length; k += 2) {
    const key = items[k].str;
    if (!Object.prototype.hasOwnProperty.call(obj, key)) defineKey(obj, key, resultValue(items[k + 1]));
  }
  return obj;
}

/** gjson `Result.Array()`: elements of an array; a scalar becomes a one-element list. */
export function resultArray(r: Result): Result[] {
  if (r.type === NULL) return [];
  if (!isArray(r)) return [r];
  return elements(r.raw).items;
}

/** gjson `Parse`: the first value of a text (objects and arrays take the rest of the text). */
export function parseResult(json: string): Result {
  for (let i = 0; i < json.length; i++) {
    const c = json[i];
    if (c === '{' || c === '[') return { type: JSON_T, raw: json.slice(i), str: '', num: 0, index: i };
    if (c <= ' ') continue;
    const rest = json.slice(i);
    if ('+-0123456789iIN'.includes(c) || (c === 'n' && json[i + 1] !== 'u' && i + 1 < json.length)) {
      const [raw, num] = tonum(rest);
      return { type: NUMBER, raw, str: '', num, index: i };
    }
    if (c === 'n' || c === 't' || c === 'f') {
      return {
        type: c === 'n' ? NULL : c === 't' ? TRUE : FALSE,
        raw: tolit(rest),
        str: '',
        num: 0,
        index: i,
      };
    }
    if (c === '"') {
      const [raw, str] = tostr(rest);
      return { type: STRING, raw, str, num: 0, index: i };
    }
    return none();
  }
  return none();
}
