/**
 * The payload an EventSource filter sees (spec/eventsource.md §2.3, argo's filterEvent + GetFuncMap):
 * the event data decoded as a JSON object, `-` replaced by `_` in top-level keys, dotted keys expanded
 * into nested objects (`{"a.b": 1}` → `{a: {b: 1}}`), a key `k` dropped when another key starts with
 * `k.`. Deterministic where upstream is not: when two top-level keys collide after `-` → `_` (or a
 * leftover conflict would depend on Go's map order) the key that sorts last wins; a key starting with
 * `.` (which makes upstream recurse forever) nests under the empty name.
 * @module
 */
import { SourceFilterEvalError } from './errors.js';
import { compareGoStrings } from './go.js';
import { isMap, type Value } from './values.js';

/** Names argo binds to helpers after expansion; they hide payload keys of the same name. */
export const HELPER_NAMES = ['asInt', 'asFloat', 'jsonpath', 'toJson', 'sprig'];

function decode(data: unknown): unknown {
  if (typeof data === 'string' || data instanceof Uint8Array) {
    const text = typeof data === 'string' ? data : Buffer.from(data).toString('utf8');
    try {
      return JSON.parse(text) as unknown;
    } catch (e) {
      throw new SourceFilterEvalError(
        'payload',
        `failed to unmarshal data, ${(e as Error).message}`,
        undefined,
        { cause: e },
      );
    }
  }
  return data === undefined ? null : data;
}

/** Is there a key starting with `key.` in the sorted `keys`? (binary search for the first candidate) */
function hasChild(keys: readonly string[], key: string): boolean {
  const prefix = `${key}.`;
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareGoStrings(keys[mid]!, prefix) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo < keys.length && keys[lo]!.startsWith(prefix);
}

const record = (): Record<string, Value> => Object.create(null) as Record<string, Value>;

/**
 * Build the filter environment from event data: raw JSON (string, Buffer, Uint8Array) or an already
 * decoded value. Throws {@link SourceFilterEvalError} (kind `payload`) when it is not a JSON object
 * (`null` gives an empty environment, as Go's json.Unmarshal into a map does).
 */
export function prepareFilterEnv(data: unknown): Record<string, Value> {
  const decoded = decode(data);
  if (decoded === null) return record();
  if (!isMap(decoded)) {
    const kind = Array.isArray(decoded) ? 'array' : typeof decoded;
    throw new SourceFilterEvalError(
      'payload',
      `failed to unmarshal data, json: cannot unmarshal ${kind} into Go value of type map[string]interface {}`,
    );
  }
  const flat = record();
  for (const key of Object.keys(decoded).sort(compareGoStrings))
    flat[key.replaceAll('-', '_')] = decoded[key]!;
  const keys = Object.keys(flat).sort(compareGoStrings);
  const env = record();
  for (const key of keys) {
    if (hasChild(keys, key)) continue; // the less specific key is dropped
    const path = key.split('.');
    let target = env;
    for (const seg of path.slice(0, -1)) {
      const next = target[seg];
      target = isMap(next) && Object.getPrototypeOf(next) === null ? next : (target[seg] = record());
    }
    target[path[path.length - 1]!] = flat[key]!;
  }
  for (const name of HELPER_NAMES) delete env[name];
  return env;
}
