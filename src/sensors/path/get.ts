/**
 * gjson's `Get`: the entry point that handles modifiers (`@name`), static values (`!true`),
 * multipaths (`[a,b]`, `{a,b}`), JSON lines (`..`) and pipes, then walks the text.
 * Ported from tidwall/gjson.
 * @module
 */
import { parseArray } from './get-array.js';
import { parseObject, type Ctx } from './get-object.js';
import { jsonString, validJSON } from './json-text.js';
import { MODIFIERS } from './modifiers.js';
import { exists, JSON_T, none, parseResult, goString, type Result } from './result.js';
import { parseSquash, squash } from './scan.js';
import { isSimpleName, nameOfLast, parseSubSelectors } from './selectors.js';

/** `!true`, `!{"a":1}`, `!"s"`, `!42` … : a literal value instead of a lookup. */
function execStatic(path: string): [string, string] | undefined {
  let name = path.slice(1);
  if (name.length > 0 && '{["+-0123456789'.includes(name[0])) {
    const [, res] = parseSquash(name, 0);
    return [name.slice(res.length), res];
  }
  let pathOut = '';
  for (let i = 1; i < path.length; i++) {
    if (path[i] === '|' || path[i] === '.') {
      pathOut = path.slice(i);
      name = path.slice(1, i);
      break;
    }
  }
  if (['true', 'false', 'null', 'nan', 'inf'].includes(name.toLowerCase())) return [pathOut, name];
  return undefined;
}

/** `@name` or `@name:arg`: run a modifier on the whole text. */
function execModifier(json: string, path: string): [string, string] | undefined {
  let name = path.slice(1);
  let pathOut = '';
  let hasArgs = false;
  for (let i = 1; i < path.length; i++) {
    if (path[i] === ':') {
      pathOut = path.slice(i + 1);
      name = path.slice(1, i);
      hasArgs = pathOut.length > 0;
      break;
    }
    if (path[i] === '|' || path[i] === '.') {
      pathOut = path.slice(i);
      name = path.slice(1, i);
      break;
    }
  }
  const fn = MODIFIERS.get(name);
  if (!fn) return undefined;
  let args = '';
  if (hasArgs) {
    let parsed = false;
    if ('{["'.includes(pathOut[0]) && exists(parseResult(pathOut))) {
      args = squash(pathOut);
      pathOut = pathOut.slice(args.length);
      parsed = true;
    }
    if (!parsed) {
      let i = 0;
      for (; i < pathOut.length; i++) {
        if (pathOut[i] === '|') break;
        if ('{["('.includes(pathOut[i])) i += squash(pathOut.slice(i)).length - 1;
      }
      args = pathOut.slice(0, i);
      pathOut = pathOut.slice(i);
    }
  }
  return [pathOut, fn(json, args)];
}

/** `[a,b]` / `{a,b}`: build a new array or object from several paths. */
function multipath(
  json: string,
  kind: string,
  sels: Array<{ name: string; path: string }>,
  rest: string,
): Result {
  const parts: string[] = [];
  for (const sub of sels) {
    const res = get(json, sub.path);
    if (!exists(res)) continue;
    let key = '';
    if (kind === '{') {
      if (sub.name.length > 0)
        key = sub.name[0] === '"' && validJSON(sub.name) ? sub.name : jsonString(sub.name);
      else {
        const last = nameOfLast(sub.path);
        key = jsonString(isSimpleName(last) ? last : '_');
      }
      key += ':';
    }
    let raw = res.raw;
    if (raw.length === 0) raw = goString(res) || 'null';
    parts.push(key + raw);
  }
  let res: Result = { ...none(), type: JSON_T, raw: kind + parts.join(',') + (kind === '{' ? '}' : ']') };
  if (rest.length > 0) res = resultGet(res, rest.slice(1));
  res.index = 0;
  return res;
}

/** gjson `Get(json, path)`. Never throws on bad input: a path that matches nothing is not found. */
export function get(json: string, path: string): Result {
  if (path.length > 1) {
    if (path[0] === '@' || path[0] === '!') {
      const r = path[0] === '@' ? execModifier(json, path) : execStatic(path);
      if (r) {
        const [npath, rjson] = r;
        if (npath.length > 0 && (npath[0] === '|' || npath[0] === '.')) {
          const res = get(rjson, npath.slice(1));
          res.index = 0;
          res.indexes = undefined;
          return res;
        }
        return parseResult(rjson);
      }
    }
    if (path[0] === '[' || path[0] === '{') {
      const kind = path[0];
      const sub = parseSubSelectors(path);
      // gjson replaces the path even when the selector is unusable (an unclosed one leaves "").
      path = sub ? sub.rest : '';
      if (sub && (path.length === 0 || path[0] === '|' || path[0] === '.')) {
        return multipath(json, kind, sub.sels, path);
      }
    }
  }
  const c: Ctx = { json, value: none(), pipe: '', piped: false, calcd: false, lines: false };
  if (path.length >= 2 && path[0] === '.' && path[1] === '.') {
    c.lines = true;
    parseArray(c, 0, path.slice(2));
  } else {
    for (let i = 0; i < json.length; i++) {
      if (json[i] === '{') {
        parseObject(c, i + 1, path);
        break;
      }
      if (json[i] === '[') {
        parseArray(c, i + 1, path);
        break;
      }
    }
  }
  if (c.piped) {
    const res = resultGet(c.value, c.pipe);
    res.index = 0;
    return res;
  }
  if (c.calcd) c.value.index = 0;
  return c.value;
}

/** gjson `Result.Get(path)`: search inside a result; indexes stay relative to the outer text. */
export function resultGet(t: Result, path: string): Result {
  const r = get(t.raw, path);
  if (r.indexes) r.indexes = r.indexes.map((i) => i + t.index);
  else r.index += t.index;
  return r;
}
