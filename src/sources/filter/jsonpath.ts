/**
 * A JSONPath subset for argo's `jsonpath(jsonString, path)` helper (upstream: evilmonkeyinc/jsonpath):
 * `$`, `.key`, `['key']`, `[n]` (negative from the end), `[*]`/`.*`, `..key` (recursive descent),
 * unions `[0,1]`/`['a','b']`, slices `[start:end:step]`, filters `[?(@.k == 'v')]` with `== != < <= > >=`,
 * `&&`, `||` and bare existence `[?(@.k)]`, and `.length` of arrays/strings. A path of plain keys and
 * indices returns the value (an error when it is missing, as upstream); any other path returns an array.
 * @module
 */
import { RuntimeFault } from './errors.js';
import { compare, equal, isMap, type Value } from './values.js';

type Selector =
  | { t: 'key'; keys: string[] }
  | { t: 'index'; idx: number[] }
  | { t: 'wild' }
  | { t: 'slice'; start?: number; end?: number; step: number }
  | { t: 'filter'; test: (v: Value) => boolean }
  | { t: 'deep'; inner: Selector };

const fail = (why: string): never => {
  throw new RuntimeFault(why);
};

function unquote(s: string): string | undefined {
  const m = /^\s*(['"])((?:\\.|(?!\1).)*)\1\s*$/.exec(s);
  return m ? m[2]!.replace(/\\(.)/g, '$1') : undefined;
}

function literal(s: string): Value {
  const q = unquote(s);
  if (q !== undefined) return q;
  const t = s.trim();
  if (t === 'true' || t === 'false') return t === 'true';
  if (t === 'null') return null;
  if (/^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(t)) return Number(t);
  return fail(`invalid filter value '${t}'`);
}

/** `@.a.b` / `@['a']` relative paths inside filters. */
function relative(s: string, current: Value): { found: boolean; value: Value } {
  const path = s.trim();
  if (!path.startsWith('@')) fail(`invalid filter operand '${path}'`);
  try {
    const r = run(parsePath(`$${path.slice(1)}`), current);
    return r.definite
      ? { found: r.values.length === 1, value: r.values[0] ?? null }
      : { found: true, value: r.values };
  } catch (e) {
    if (e instanceof RuntimeFault) return { found: false, value: null }; // a missing key just fails the filter
    throw e;
  }
}

function filter(expr: string): (v: Value) => boolean {
  const ors = expr.split('||').map((or) =>
    or.split('&&').map((term) => {
      const m = /^(.*?)(==|!=|<=|>=|<|>)(.*)$/.exec(term);
      if (!m) return (v: Value) => relative(term, v).found && relative(term, v).value !== false;
      const [, lhs, op, rhs] = m as unknown as [string, string, string, string];
      const want = rhs.trim().startsWith('@') ? undefined : literal(rhs);
      return (v: Value) => {
        const l = relative(lhs, v);
        const r = want === undefined ? relative(rhs, v) : { found: true, value: want };
        if (!l.found || !r.found) return false;
        if (op === '==' || op === '!=') return equal(l.value, r.value) === (op === '==');
        try {
          const c = compare(l.value, r.value, op);
          return op === '<' ? c < 0 : op === '<=' ? c <= 0 : op === '>' ? c > 0 : c >= 0;
        } catch {
          return false;
        }
      };
    }),
  );
  return (v) => ors.some((ands) => ands.every((t) => t(v)));
}

function bracket(body: string): Selector {
  const b = body.trim();
  if (b === '*') return { t: 'wild' };
  if (b.startsWith('?(') && b.endsWith(')')) return { t: 'filter', test: filter(b.slice(2, -1)) };
  const slice = /^(-?\d*):(-?\d*)(?::(-?\d+))?$/.exec(b);
  if (slice) {
    const num = (x: string | undefined): number | undefined => (x ? Number(x) : undefined);
    const step = num(slice[3]) ?? 1;
    if (step === 0) fail('slice step cannot be 0');
    return { t: 'slice', start: num(slice[1]), end: num(slice[2]), step };
  }
  const parts = b.split(',');
  if (parts.every((p) => /^\s*-?\d+\s*$/.test(p))) return { t: 'index', idx: parts.map(Number) };
  const keys = parts.map(unquote);
  if (keys.some((k) => k === undefined)) fail(`invalid subscript '[${body}]'`);
  return { t: 'key', keys: keys as string[] };
}

/** Parse a path into selectors. */
export function parsePath(path: string): Selector[] {
  if (!path.startsWith('$')) fail(`path must start with '$': '${path}'`);
  const out: Selector[] = [];
  let i = 1;
  while (i < path.length) {
    const deep = path.startsWith('..', i);
    if (path[i] === '.') i += deep ? 2 : 1;
    let sel: Selector;
    if (path[i] === '[') {
      let depth = 0;
      let j = i;
      for (let q = ''; j < path.length; j++) {
        const c = path[j]!;
        if (q) q = c === q && path[j - 1] !== '\\' ? '' : q;
        else if (c === "'" || c === '"') q = c;
        else if (c === '[' || c === '(') depth++;
        else if ((c === ']' || c === ')') && --depth === 0 && c === ']') break;
      }
      if (j >= path.length) fail(`unclosed '[' in '${path}'`);
      sel = bracket(path.slice(i + 1, j));
      i = j + 1;
    } else {
      const m = /^[^.[]+/.exec(path.slice(i));
      if (!m) fail(`expected a name at offset ${i} of '${path}'`);
      sel = m![0] === '*' ? { t: 'wild' } : { t: 'key', keys: [m![0]] };
      i += m![0].length;
    }
    out.push(deep ? { t: 'deep', inner: sel } : sel);
  }
  return out;
}

function childrenOf(v: Value): Value[] {
  return Array.isArray(v)
    ? v
    : isMap(v)
      ? Object.keys(v)
          .sort()
          .map((k) => v[k]!)
      : [];
}

function apply(sel: Selector, v: Value, definite: boolean): Value[] {
  switch (sel.t) {
    case 'key':
      return sel.keys.flatMap((k) => {
        if (isMap(v) && Object.hasOwn(v, k)) return [v[k]!];
        if (k === 'length' && (Array.isArray(v) || typeof v === 'string')) return [Array.from(v).length];
        return definite ? fail(`key: invalid token key '${k}' not found`) : [];
      });
    case 'index':
      return sel.idx.flatMap((n) => {
        if (!Array.isArray(v)) return definite ? fail(`cannot index ${JSON.stringify(v)}`) : [];
        const k = n < 0 ? v.length + n : n;
        return k >= 0 && k < v.length ? [v[k]!] : definite ? fail(`index ${n} out of range`) : [];
      });
    case 'wild':
      return childrenOf(v);
    case 'slice': {
      if (!Array.isArray(v)) return [];
      const n = v.length;
      const norm = (x: number | undefined, d: number): number =>
        x === undefined ? d : x < 0 ? Math.max(n + x, 0) : Math.min(x, n);
      const out: Value[] = [];
      if (sel.step > 0) for (let k = norm(sel.start, 0); k < norm(sel.end, n); k += sel.step) out.push(v[k]!);
      else
        for (let k = norm(sel.start, n - 1); k > norm(sel.end, -1); k += sel.step) if (k < n) out.push(v[k]!);
      return out;
    }
    case 'filter':
      return childrenOf(v).filter(sel.test);
    case 'deep': {
      const out: Value[] = [];
      const stack: Value[] = [v];
      for (let cur = stack.pop(); cur !== undefined; cur = stack.pop()) {
        out.push(...apply(sel.inner, cur, false));
        stack.push(...[...childrenOf(cur)].reverse());
      }
      return out;
    }
  }
}

function run(sels: Selector[], root: Value): { definite: boolean; values: Value[] } {
  const definite = sels.every(
    (s) => (s.t === 'key' && s.keys.length === 1) || (s.t === 'index' && s.idx.length === 1),
  );
  let cur: Value[] = [root];
  for (const s of sels) cur = cur.flatMap((v) => apply(s, v, definite));
  return { definite, values: cur };
}

/** argo's jsonpath helper: parse `json`, query it with `path`. Failures raise (upstream panics). */
export function jsonPath(json: string, path: string): Value {
  let data: Value;
  try {
    data = JSON.parse(json) as Value;
  } catch (e) {
    throw new RuntimeFault(`jsonpath: invalid JSON: ${(e as Error).message}`); // Go's json error texts differ
  }
  const r = run(parsePath(path), data);
  return r.definite ? r.values[0]! : r.values;
}
