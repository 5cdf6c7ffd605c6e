/**
 * The PATCH body formats: JSON merge patch (RFC 7386), JSON patch (RFC 6902), and strategic merge
 * patch APPROXIMATED: it is a merge patch plus the directives kubectl's client-side apply sends
 * (`$setElementOrder/<list>` marks a list merged by key, `$patch: delete|replace`, `$retainKeys`,
 * `$deleteFromPrimitiveList/<list>`). Without a `$setElementOrder` directive a list is replaced, where
 * the real server would still merge lists it knows by their `patchMergeKey`.
 * @module
 */
import { StatusError, type Obj } from './status.js';

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** RFC 7386. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isObj(patch)) return structuredClone(patch);
  const out: Obj = isObj(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

/** Strategic merge patch, approximated (see the module comment). */
export function strategicMergePatch(target: unknown, patch: unknown): unknown {
  if (!isObj(patch)) return structuredClone(patch);
  if (patch.$patch === 'delete') return undefined;
  if (patch.$patch === 'replace') {
    const { $patch: _p, ...rest } = patch;
    return structuredClone(rest);
  }
  let out: Obj = isObj(target) ? { ...target } : {};
  if (Array.isArray(patch.$retainKeys)) {
    const keep = new Set<string>(patch.$retainKeys as string[]);
    out = Object.fromEntries(Object.entries(out).filter(([k]) => keep.has(k)));
  }
  for (const [k, v] of Object.entries(patch)) {
    if (k.startsWith('$')) {
      const del = /^\$deleteFromPrimitiveList\/(.+)$/.exec(k);
      if (del && Array.isArray(out[del[1]!]) && Array.isArray(v))
        out[del[1]!] = (out[del[1]!] as unknown[]).filter((x) => !v.includes(x));
      continue;
    }
    if (v === null) delete out[k];
    else if (Array.isArray(v) && patch[`$setElementOrder/${k}`] !== undefined)
      out[k] = mergeKeyedList(out[k], v, patch[`$setElementOrder/${k}`]);
    else if (Array.isArray(v)) out[k] = structuredClone(v).filter((e) => !(isObj(e) && e.$patch));
    else {
      const merged = strategicMergePatch(out[k], v);
      if (merged === undefined) delete out[k];
      else out[k] = merged;
    }
  }
  for (const k of Object.keys(patch)) {
    const order = /^\$setElementOrder\/(.+)$/.exec(k);
    if (order && patch[order[1]!] === undefined && Array.isArray(out[order[1]!]))
      out[order[1]!] = mergeKeyedList(out[order[1]!], [], patch[k]);
  }
  return out;
}

/** A list of maps merged by the key named in the `$setElementOrder` entries, in that order. */
function mergeKeyedList(current: unknown, patch: unknown[], order: unknown): unknown[] {
  const orderList = Array.isArray(order) ? order : [];
  const first = orderList.find(isObj) ?? patch.find(isObj);
  if (!first) return structuredClone(patch);
  const key = Object.keys(first).find((k) => !k.startsWith('$'))!;
  const cur = Array.isArray(current) ? current : [];
  const byKey = new Map<unknown, Obj>();
  for (const e of cur) if (isObj(e)) byKey.set(e[key], e);
  for (const e of patch) {
    if (!isObj(e)) continue;
    if (e.$patch === 'delete') byKey.delete(e[key]);
    else byKey.set(e[key], strategicMergePatch(byKey.get(e[key]), e) as Obj);
  }
  const ordered: Obj[] = [];
  for (const o of orderList) {
    const k = isObj(o) ? o[key] : o;
    const e = byKey.get(k);
    if (e) ordered.push(e);
    byKey.delete(k);
  }
  return [...ordered, ...byKey.values()];
}

export type JsonPatchOp = { op: string; path: string; from?: string; value?: unknown };

function pointer(path: string): string[] {
  if (path === '') return [];
  if (!path.startsWith('/')) throw new Error(`invalid JSON pointer ${JSON.stringify(path)}`);
  return path
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function parentOf(doc: Obj, parts: string[], path: string): any {
  let parent: any = doc;
  for (const p of parts.slice(0, -1)) {
    parent = parent?.[p];
    if (typeof parent !== 'object' || parent === null)
      throw new Error(`doc is missing path: "${path}": missing value`);
  }
  return parent;
}

function getAt(doc: Obj, path: string): unknown {
  let cur: any = doc;
  for (const p of pointer(path)) {
    if (typeof cur !== 'object' || cur === null || !(p in cur))
      throw new Error(`doc is missing path: "${path}": missing value`);
    cur = cur[p];
  }
  return cur;
}

function removeAt(doc: Obj, path: string): unknown {
  const parts = pointer(path);
  const parent = parentOf(doc, parts, path);
  const last = parts[parts.length - 1]!;
  if (!(last in parent)) throw new Error(`doc is missing path: "${path}": missing value`);
  const v = parent[last];
  if (Array.isArray(parent)) parent.splice(Number(last), 1);
  else delete parent[last];
  return v;
}

function addAt(doc: Obj, path: string, value: unknown, replace: boolean): void {
  const parts = pointer(path);
  const parent = parentOf(doc, parts, path);
  const last = parts[parts.length - 1]!;
  if (replace && !(last in parent)) throw new Error(`doc is missing key: "${path}": missing value`);
  if (Array.isArray(parent) && !replace) {
    const i = last === '-' ? parent.length : Number(last);
    if (!Number.isInteger(i) || i < 0 || i > parent.length)
      throw new Error(`index out of bounds at "${path}"`);
    parent.splice(i, 0, structuredClone(value));
  } else parent[Array.isArray(parent) ? Number(last) : last] = structuredClone(value);
}

/** RFC 6902: add, remove, replace, move, copy, test. A failing op answers 422 like the real server. */
export function jsonPatch(doc: Obj, ops: unknown): Obj {
  if (!Array.isArray(ops))
    throw new StatusError(
      400,
      'BadRequest',
      'json: cannot unmarshal object into Go value of type []handlers.jsonPatchOp',
    );
  const out = structuredClone(doc);
  try {
    for (const { op, path, from, value } of ops as JsonPatchOp[]) {
      switch (op) {
        case 'add':
          addAt(out, path, value, false);
          break;
        case 'replace':
          addAt(out, path, value, true);
          break;
        case 'remove':
          removeAt(out, path);
          break;
        case 'move':
          addAt(out, path, removeAt(out, from ?? ''), false);
          break;
        case 'copy':
          addAt(out, path, getAt(out, from ?? ''), false);
          break;
        case 'test':
          if (JSON.stringify(getAt(out, path)) !== JSON.stringify(value))
            throw new Error(`testing value ${path} failed: test failed`);
          break;
        default:
          throw new Error(`Unexpected kind: ${op}`);
      }
    }
  } catch (err) {
    if (err instanceof StatusError) throw err;
    throw new StatusError(422, 'Invalid', (err as Error).message);
  }
  return out;
}
