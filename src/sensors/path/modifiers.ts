/**
 * gjson modifiers (`@reverse`, `@keys`, …): each takes the JSON text of the current value and an
 * optional argument and returns new JSON text. Ported from tidwall/gjson.
 * @module
 */
import { resultGet } from './get.js';
import { jsonString, validJSON } from './json-text.js';
import { DEFAULT_PRETTY, pretty, ugly, type PrettyOptions } from './pretty.js';
import { forEach } from './iterate.js';
import {
  exists,
  isArray,
  isObject,
  parseResult,
  resultBool,
  resultInt,
  goString,
  type Result,
} from './result.js';
import { trimCtl } from './scan.js';

type Modifier = (json: string, arg: string) => string;

/** Strip the outer brackets of an array or object. */
function unwrap(json: string): string {
  json = trimCtl(json);
  if (json.length >= 2 && (json[0] === '[' || json[0] === '{')) json = json.slice(1, json.length - 1);
  return json;
}

/** Keep only whitespace characters (a `@pretty` indent/prefix may only be whitespace). */
function cleanWS(s: string): string {
  return s.replace(/[^ \t\n\r]/g, '');
}

/** Read `{"name": value}` options from a modifier argument. */
function options(arg: string, fn: (key: string, value: Result) => void): void {
  if (arg === '') return;
  forEach(parseResult(arg), (k, v) => {
    fn(goString(k), v);
    return true;
  });
}

function modPretty(json: string, arg: string): string {
  if (arg === '') return pretty(json);
  const o: PrettyOptions = { ...DEFAULT_PRETTY };
  options(arg, (key, v) => {
    if (key === 'sortKeys') o.sortKeys = resultBool(v);
    else if (key === 'indent') o.indent = cleanWS(goString(v));
    else if (key === 'prefix') o.prefix = cleanWS(goString(v));
    else if (key === 'width') o.width = resultInt(v);
  });
  return pretty(json, o);
}

function members(res: Result): Array<[Result, Result]> {
  const out: Array<[Result, Result]> = [];
  forEach(res, (k, v) => {
    out.push([k, v]);
    return true;
  });
  return out;
}

function modReverse(json: string): string {
  const res = parseResult(json);
  if (isArray(res))
    return `[${members(res)
      .map(([, v]) => v.raw)
      .reverse()
      .join(',')}]`;
  if (isObject(res))
    return `{${members(res)
      .map(([k, v]) => `${k.raw}:${v.raw}`)
      .reverse()
      .join(',')}}`;
  return json;
}

function modFlatten(json: string, arg: string): string {
  const res = parseResult(json);
  if (!isArray(res)) return json;
  let deep = false;
  options(arg, (key, v) => {
    if (key === 'deep') deep = resultBool(v);
  });
  const parts: string[] = [];
  for (const [, v] of members(res)) {
    let raw = isArray(v) ? unwrap(deep ? modFlatten(v.raw, arg) : v.raw) : v.raw;
    raw = raw.trim();
    if (raw.length > 0) parts.push(raw);
  }
  return `[${parts.join(',')}]`;
}

function modKeys(json: string): string {
  const v = parseResult(json);
  if (!exists(v)) return '[]';
  const obj = isObject(v);
  return `[${members(v)
    .map(([k]) => (obj ? k.raw : 'null'))
    .join(',')}]`;
}

function modValues(json: string): string {
  const v = parseResult(json);
  if (!exists(v)) return '[]';
  if (isArray(v)) return json;
  return `[${members(v)
    .map(([, x]) => x.raw)
    .join(',')}]`;
}

function modJoin(json: string, arg: string): string {
  const res = parseResult(json);
  if (!isArray(res)) return json;
  let preserve = false;
  options(arg, (key, v) => {
    if (key === 'preserve') preserve = resultBool(v);
  });
  const objs = members(res)
    .map(([, v]) => v)
    .filter(isObject);
  if (preserve) return `{${objs.map((o) => unwrap(o.raw)).join(',')}}`;
  const keys: Result[] = [];
  const vals = new Map<string, Result>();
  for (const o of objs) {
    for (const [k, v] of members(o)) {
      const name = goString(k);
      if (!vals.has(name)) keys.push(k);
      vals.set(name, v);
    }
  }
  return `{${keys.map((k) => `${k.raw}:${vals.get(goString(k))?.raw ?? ''}`).join(',')}}`;
}

function modGroup(json: string): string {
  const res = parseResult(json);
  if (!isObject(res)) return '';
  const all: string[][] = [];
  for (const [k, v] of members(res)) {
    if (!isArray(v)) continue;
    members(v).forEach(([, x], idx) => {
      (all[idx] ??= []).push(`${k.raw}:${x.raw}`);
    });
  }
  return `[${all.map((items) => `{${items.join(',')}}`).join(',')}]`;
}

function dig(all: Result[], parent: Result, path: string): void {
  const res = resultGet(parent, path);
  if (exists(res)) all.push(res);
  if (isArray(parent) || isObject(parent)) {
    for (const [, v] of members(parent)) dig(all, v, path);
  }
}

function modDig(json: string, arg: string): string {
  const all: Result[] = [];
  dig(all, parseResult(json), arg);
  return `[${all.map((r) => r.raw).join(',')}]`;
}

/** Every modifier by name; the names must equal `MODIFIER_NAMES` in syntax.ts. */
export const MODIFIERS: ReadonlyMap<string, Modifier> = new Map<string, Modifier>([
  ['pretty', modPretty],
  ['ugly', (json) => ugly(json)],
  ['reverse', modReverse],
  ['this', (json) => json],
  ['flatten', modFlatten],
  ['join', modJoin],
  ['valid', (json) => (validJSON(json) ? json : '')],
  ['keys', modKeys],
  ['values', modValues],
  ['tostr', (json) => jsonString(json)],
  ['fromstr', (json) => (validJSON(json) ? goString(parseResult(json)) : '')],
  ['group', modGroup],
  ['dig', modDig],
]);
