/**
 * Pure operations on the Kubernetes object a `k8s`/`argoWorkflow` trigger works with: parsing the source
 * text, the labels `create` adds, the deep merge of `update`, and the RFC 6902 operations of a JSON patch.
 * @module
 */
import { parse as parseYaml } from 'yaml';
import { TRIGGER_OBJECT_LABELS } from '../../api/index.js';
import type { JsonPatchOp, KubeObject, ObjectMeta } from '../../kube/index.js';

export {
  groupVersionKind,
  describeGvk,
  type GroupVersionKind,
  type JsonPatchOp,
  type KubeObject,
  type ObjectMeta,
} from '../../kube/index.js';

/** The text or value is not a usable Kubernetes object (fails the same way every time). */
export class ObjectError extends Error {
  override name = 'ObjectError';
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Check that `value` is a Kubernetes object (apiVersion and kind set, metadata an object) and return it
 * typed; `metadata` is added when absent.
 * @throws {ObjectError} naming what is missing
 */
export function asKubeObject(value: unknown, what = 'the trigger source'): KubeObject {
  if (!isPlainObject(value)) throw new ObjectError(`${what} is not a Kubernetes object (expected a mapping)`);
  const { apiVersion, kind } = value;
  if (typeof apiVersion !== 'string' || apiVersion === '')
    throw new ObjectError(`${what} has no apiVersion: expected e.g. "v1" or "apps/v1"`);
  if (typeof kind !== 'string' || kind === '') throw new ObjectError(`${what} has no kind`);
  const metadata = value.metadata ?? {};
  if (!isPlainObject(metadata)) throw new ObjectError(`${what} has a metadata that is not a mapping`);
  return { ...value, apiVersion, kind, metadata: metadata as ObjectMeta };
}

/** Parse YAML or JSON text (JSON is YAML) into a Kubernetes object. */
export function parseKubeObject(text: string, what?: string): KubeObject {
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (err) {
    throw new ObjectError(
      `${what ?? 'the trigger source'} is not valid YAML/JSON: ${(err as Error).message}`,
    );
  }
  return asKubeObject(doc, what);
}

/** `Deployment ns/name` (or `generateName*` before the server picked a name). */
export function describeObject(obj: KubeObject): string {
  const m = obj.metadata;
  const name = m.name || (m.generateName ? `${m.generateName}*` : '<no name>');
  return `${obj.kind} ${m.namespace ? `${m.namespace}/` : ''}${name}`;
}

/** A copy of `obj` with the sensor/trigger/action-timestamp labels upstream adds on create. */
export function withTriggerLabels(
  obj: KubeObject,
  sensorName: string,
  triggerName: string,
  nowMs: number = Date.now(),
): KubeObject {
  const labels = {
    ...(obj.metadata.labels ?? {}),
    [TRIGGER_OBJECT_LABELS.sensor]: sensorName,
    [TRIGGER_OBJECT_LABELS.trigger]: triggerName,
    [TRIGGER_OBJECT_LABELS.actionTimestamp]: String(Math.trunc(nowMs)),
  };
  return { ...obj, metadata: { ...obj.metadata, labels } };
}

/**
 * Deep-merge `src` over `dst` the way upstream's `mergo.Merge(old, new, mergo.WithOverride)` does on
 * unstructured objects: mappings merge key by key, every other value of `src` (scalars, `null`, including
 * `false`, `0` and `""`) replaces the one in `dst`, a non-empty list replaces the list in `dst` whole, an
 * empty list leaves `dst`'s list alone. Returns a new value; the inputs are untouched.
 */
export function deepMerge(
  dst: Record<string, unknown>,
  src: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...dst };
  for (const [key, value] of Object.entries(src)) {
    const current = out[key];
    if (isPlainObject(value) && isPlainObject(current)) out[key] = deepMerge(current, value);
    else if (Array.isArray(value)) {
      if (value.length > 0 || !Array.isArray(current)) out[key] = value;
    } else out[key] = value;
  }
  return out;
}

/** RFC 6901 escaping of one path segment. */
function pointerSegment(s: string): string {
  return s.replace(/~/g, '~0').replace(/\//g, '~1');
}

/**
 * The RFC 6902 operations that turn `live` into `deepMerge(live, desired)`: a `test` of
 * `metadata.resourceVersion` first (a concurrent writer makes the patch fail instead of being
 * overwritten), then `add` for members `live` lacks and `replace` for those that differ. Why not send
 * the object itself: upstream does, and Kubernetes refuses it (a JSON patch is a list of operations,
 * argoproj/argo-events#3032); deriving the operations keeps one source object meaning the same thing for
 * every patch strategy.
 */
export function jsonPatchOps(live: KubeObject, desired: KubeObject): JsonPatchOp[] {
  const ops: JsonPatchOp[] = [];
  const rv = live.metadata.resourceVersion;
  if (rv !== undefined) ops.push({ op: 'test', path: '/metadata/resourceVersion', value: rv });
  const walk = (cur: Record<string, unknown>, want: Record<string, unknown>, at: string) => {
    for (const [key, value] of Object.entries(want)) {
      const path = `${at}/${pointerSegment(key)}`;
      if (!(key in cur)) {
        ops.push({ op: 'add', path, value });
        continue;
      }
      const now = cur[key];
      if (isPlainObject(value) && isPlainObject(now)) walk(now, value, path);
      else if (Array.isArray(value) && value.length === 0) continue;
      else if (!jsonEqual(now, value)) ops.push({ op: 'replace', path, value });
    }
  };
  const { resourceVersion: _ignored, ...meta } = desired.metadata;
  walk(live, { ...desired, metadata: meta }, '');
  return ops;
}

/** Structural equality of JSON values (key order ignored). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((v, i) => jsonEqual(v, b[i]));
  if (isPlainObject(a) && isPlainObject(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => k in b && jsonEqual(a[k], b[k]));
  }
  return false;
}
