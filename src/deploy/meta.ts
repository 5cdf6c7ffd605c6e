/** Labels, metadata and ordering shared by every rendered object. */
import { createHash } from 'node:crypto';
import { KUBE_ANNOTATIONS, KUBE_LABELS, KUBE_MANAGER, type PathSeg } from '../api/index.js';
import type { KubeObject, Origin, SourceRef } from './types.js';

/** Upstream's per-kind name label (`eventbus-name`, ...), kept beside jetflow's. */
const UPSTREAM_NAME_LABEL = {
  EventBus: KUBE_LABELS.eventBusName,
  EventSource: KUBE_LABELS.eventSourceName,
  Sensor: KUBE_LABELS.sensorName,
} as const;

/** The labels that select the pods of one source resource (fixed once an object exists: keep stable). */
export function selectorLabels(src: SourceRef): Record<string, string> {
  return {
    [KUBE_LABELS.managedBy]: KUBE_MANAGER,
    [KUBE_LABELS.kind]: src.kind,
    [KUBE_LABELS.name]: src.name,
  };
}

/** Every label a rendered object carries: the selector labels plus upstream's name label. */
export function objectLabels(src: SourceRef): Record<string, string> {
  return { ...selectorLabels(src), [UPSTREAM_NAME_LABEL[src.kind]]: src.name };
}

/** Label keys whose value is the source name: an invalid value is the source's `metadata.name`. */
export function nameLabelOrigins(prefix: PathSeg[]): Origin[] {
  return [
    KUBE_LABELS.name,
    KUBE_LABELS.eventBusName,
    KUBE_LABELS.eventSourceName,
    KUBE_LABELS.sensorName,
  ].map((k) => ({ objectPath: [...prefix, k], sourcePath: ['metadata', 'name'] }));
}

/** Object metadata: name, namespace and labels (user labels first, so jetflow's win on conflict). */
export function objectMeta(
  src: SourceRef,
  name: string,
  extra: { labels?: Record<string, string>; annotations?: Record<string, string> } = {},
): KubeObject['metadata'] {
  const meta: KubeObject['metadata'] = {
    name,
    namespace: src.namespace,
    labels: { ...(extra.labels ?? {}), ...objectLabels(src) },
  };
  if (extra.annotations && Object.keys(extra.annotations).length) meta.annotations = { ...extra.annotations };
  return meta;
}

/**
 * Hash of the ConfigMap data a pod template mounts (for a Deployment: the resource itself and its bus).
 * Kubernetes rolls pods only when the pod template changes, and a ConfigMap edit alone does not, so the
 * template carries this hash under `KUBE_ANNOTATIONS.configHash`. Keys are sorted: the hash depends on
 * the content only, never on the order the data was built in.
 */
export function configHash(data: Readonly<Record<string, string>>): string {
  const h = createHash('sha256');
  for (const key of Object.keys(data).sort(cmp)) h.update(`${key}\0${data[key]}\0`);
  return h.digest('hex').slice(0, 16);
}

/** Pod template annotations: the user's, then the config hash (jetflow's wins on conflict). */
export function podAnnotations(
  user: Record<string, string> | undefined,
  data: Readonly<Record<string, string>>,
): Record<string, string> {
  return { ...(user ?? {}), [KUBE_ANNOTATIONS.configHash]: configHash(data) };
}

/** Install order: what others refer to first, so `kubectl apply -f` of the sorted output never waits. */
const KIND_ORDER = [
  'CustomResourceDefinition',
  'Namespace',
  'ServiceAccount',
  'Secret',
  'ConfigMap',
  'Service',
  'PodDisruptionBudget',
  'StatefulSet',
  'Deployment',
];

function kindRank(kind: string): number {
  const i = KIND_ORDER.indexOf(kind);
  return i < 0 ? KIND_ORDER.length : i;
}

/** Code-unit order: unlike localeCompare, the same on every machine. */
export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Deterministic order: install order of the kind, then namespace, then name. */
export function compareObjects(a: KubeObject, b: KubeObject): number {
  return (
    kindRank(a.kind) - kindRank(b.kind) ||
    cmp(a.kind, b.kind) ||
    cmp(a.metadata.namespace ?? '', b.metadata.namespace ?? '') ||
    cmp(a.metadata.name, b.metadata.name)
  );
}

/** Copy of `o` without undefined values, empty maps or empty lists (kept out of the YAML). */
export function compact<T extends Record<string, unknown>>(o: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) {
    if (v === undefined) continue;
    if (Array.isArray(v) && v.length === 0) continue;
    if (v && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 0) continue;
    out[k] = v;
  }
  return out as T;
}
