/**
 * The Secret and ConfigMap keys a resource refers to (`{name, key}` selectors anywhere in its spec), so
 * the pod can mount exactly those keys at `<secrets-dir>/<name>/<key>`, the layout `--secrets-dir` reads
 * (src/api/secrets.ts). A selector under a key naming a config map is a ConfigMap, any other a Secret.
 * @module
 */
import { cmp } from './meta.js';

export interface KeyRef {
  kind: 'Secret' | 'ConfigMap';
  name: string;
  key: string;
}

/**
 * Subtrees that hold objects for other workloads (the `k8s`/`argoWorkflow` trigger's `source.resource`,
 * a Workflow with its own `secretKeyRef`s): their references are not the sensor's.
 */
const FOREIGN = new Set(['resource']);

/** Every `{name, key}` selector under `value`, deduplicated and sorted. */
export function keyRefs(value: unknown): KeyRef[] {
  const found = new Map<string, KeyRef>();
  const walk = (v: unknown, parentKey: string) => {
    if (Array.isArray(v)) {
      for (const x of v) walk(x, parentKey);
      return;
    }
    if (!v || typeof v !== 'object') return;
    const o = v as Record<string, unknown>;
    if (isSelector(o)) {
      const kind = /config_?map/i.test(parentKey) ? 'ConfigMap' : 'Secret';
      const ref: KeyRef = { kind, name: o.name as string, key: o.key as string };
      found.set(`${kind}/${ref.name}/${ref.key}`, ref);
      return;
    }
    for (const [k, x] of Object.entries(o)) if (!FOREIGN.has(k)) walk(x, k);
  };
  walk(value, '');
  return [...found.values()].sort((a, b) => cmp(a.kind, b.kind) || cmp(a.name, b.name) || cmp(a.key, b.key));
}

function isSelector(o: Record<string, unknown>): boolean {
  const keys = Object.keys(o);
  return (
    typeof o.name === 'string' &&
    typeof o.key === 'string' &&
    keys.every((k) => k === 'name' || k === 'key' || k === 'optional')
  );
}
