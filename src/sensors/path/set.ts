/**
 * SJSON: set a value in JSON text at a path, ported from github.com/tidwall/sjson. Missing objects
 * are created; a numeric key on an array sets that index (padding with nulls); `-1` appends;
 * `\.` escapes a dot; a leading `:` forces an object key (`:1`). Paths with `*`, `?`, `#`, `@`, `|`
 * only replace values that already exist.
 * @module
 */
import { get } from './get.js';
import { jsonString } from './json-text.js';
import { forEach } from './iterate.js';
import { exists, JSON_T, parseResult, resultArray, type Result } from './result.js';
import { trimCtl } from './scan.js';

/** Error from the setter, with sjson's message; the public API rethrows it as a PathError. */
export class SetPathError extends Error {}

interface Part {
  part: string;
  gpart: string;
  path: string;
  force: boolean;
  more: boolean;
}

/** One component of a simple path, or undefined when the path needs gjson (complex). */
function parsePart(path: string): Part | undefined {
  const r: Part = { part: '', gpart: '', path: '', force: false, more: false };
  if (path[0] === ':') {
    r.force = true;
    path = path.slice(1);
  }
  let epart = '';
  let gpart = '';
  for (let i = 0; i < path.length; i++) {
    const c = path[i];
    if (c === '.') return Object.assign(r, { part: epart, gpart, path: path.slice(i + 1), more: true });
    if ('|#@*?'.includes(c)) return undefined;
    if (c === '\\') {
      gpart += '\\';
      i++;
      if (i < path.length) {
        epart += path[i];
        gpart += path[i];
      }
      continue;
    }
    epart += c;
    gpart += c;
  }
  return Object.assign(r, { part: epart, gpart });
}

/** Quote a string value as sjson does: verbatim unless it needs escaping, then Go's encoder. */
function stringify(s: string): string {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c > 0x7f || c === 0x22 || c === 0x5c) return jsonString(s);
  }
  return `"${s}"`;
}

/**
 * Largest array index a path may create. sjson pads with nulls up to any index (a typo'd dest like
 * `items.9999999999` would exhaust memory); jetflow refuses instead.
 */
export const MAX_SET_INDEX = 100_000;

function atoui(p: Part): number | undefined {
  if (p.force || !/^[0-9]*$/.test(p.part)) return undefined;
  return p.part === '' ? 0 : Number(p.part);
}

/** `count` nulls for padding, refusing absurd counts. */
function nulls(count: number, unit: string): string {
  if (count > MAX_SET_INDEX) throw new SetPathError(`array index ${count} is larger than ${MAX_SET_INDEX}`);
  return unit.repeat(Math.max(count, 0));
}

/** Build the nested value for the remaining parts (objects or arrays as the keys suggest). */
function build(array: boolean, paths: Part[], raw: string): string {
  let out = array ? '' : stringify(paths[0].part) + ':';
  if (paths.length > 1) {
    const n = atoui(paths[1]);
    if (n !== undefined || (!paths[1].force && paths[1].part === '-1')) {
      out += '[' + nulls(n ?? 0, 'null,') + build(true, paths.slice(1), raw) + ']';
    } else out += '{' + build(false, paths.slice(1), raw) + '}';
  } else out += raw;
  return out;
}

function setParts(jstr: string, paths: Part[], raw: string): string {
  const res: Result = get(jstr, paths[0].gpart);
  if (res.index > 0) {
    const head = jstr.slice(0, res.index);
    const tail = jstr.slice(res.index + res.raw.length);
    if (paths.length > 1) return head + setParts(res.raw, paths.slice(1), raw) + tail;
    return head + raw + tail;
  }
  const n = atoui(paths[0]);
  if (trimCtl(jstr) === '') jstr = n !== undefined ? '[]' : '{}';
  let jsres = parseResult(jstr);
  if (jsres.type !== JSON_T) {
    jstr = n !== undefined ? '[]' : '{}';
    jsres = parseResult(jstr);
  }
  const inner = trimCtl(jsres.raw.slice(1));
  const comma = inner.length > 0 && inner[0] !== '}' && inner[0] !== ']';
  if (jsres.raw[0] === '{') {
    const end = jsres.raw.lastIndexOf('}');
    const body = jsres.raw.slice(0, Math.max(end, 0));
    return body + (comma ? ',' : '') + build(false, paths, raw) + '}';
  }
  if (n === undefined) {
    if (paths[0].part !== '-1' || paths[0].force) {
      throw new SetPathError(`cannot set array element for non-numeric key '${paths[0].part}'`);
    }
    let njson = trimCtl(jsres.raw);
    if (njson.endsWith(']')) njson = njson.slice(0, -1);
    return njson + (comma ? ',' : '') + build(true, paths, raw) + ']';
  }
  const items = resultArray(jsres).map((r) => r.raw);
  let out = '[' + items.join(',');
  if (items.length === 0) out += nulls(n, 'null,');
  else out += nulls(n - items.length, ',null') + (comma ? ',' : '');
  return out + build(true, paths, raw) + ']';
}

/** A path with wildcards, queries or modifiers: replace the values it finds, nothing else. */
function setComplex(jstr: string, path: string, raw: string): string {
  const res = get(jstr, path);
  if (!exists(res) || (res.index === 0 && !res.indexes?.length)) return jstr;
  if (res.index !== 0) return jstr.slice(0, res.index) + raw + jstr.slice(res.index + res.raw.length);
  const vals: Array<{ index: number; raw: string }> = [];
  forEach(res, (_k, v) => {
    vals.push({ index: 0, raw: v.raw });
    return true;
  });
  const indexes = res.indexes ?? [];
  if (indexes.length !== vals.length) return jstr;
  vals.forEach((v, i) => (v.index = indexes[i]));
  vals.sort((a, b) => b.index - a.index);
  for (const v of vals) jstr = jstr.slice(0, v.index) + raw + jstr.slice(v.index + v.raw.length);
  return jstr;
}

/**
 * sjson `SetRaw`: put the JSON text `raw` at `path` in the JSON text `json`.
 * @throws SetPathError for an empty path or a non-numeric key on an array
 */
export function setRawText(json: string, path: string, raw: string): string {
  if (path === '') throw new SetPathError('path cannot be empty');
  const paths: Part[] = [];
  let rest: string | undefined = path;
  let simple = true;
  while (rest !== undefined) {
    const p = parsePart(rest);
    if (!p) {
      simple = false;
      break;
    }
    paths.push(p);
    rest = p.more ? p.path : undefined;
  }
  if (!simple) return setComplex(json, path, raw);
  return setParts(json, paths, raw);
}

/** sjson `Set` with a string value: inserted as a JSON string. */
export function setStringText(json: string, path: string, value: string): string {
  return setRawText(json, path, stringify(value));
}
