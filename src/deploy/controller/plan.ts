/**
 * The controller's diff: desired objects (rendered from one custom resource) against the live ones →
 * the creates, updates and deletes that make the cluster match. Pure; apply.ts carries it out.
 *
 * Only what jetflow owns is compared: the hash annotation of the desired object (so fields the API
 * server defaults or adds never cause an update), plus the owner reference and owner label jetflow
 * puts on (so an object created by `kubectl apply` of `jetflow render` output is adopted once).
 * @module
 */
import { createHash } from 'node:crypto';
import { CONTROLLER_HASH_ANNOTATION, CONTROLLER_OWNER_UID_LABEL } from '../../api/index.js';

/** A Kubernetes object as JSON. */
export interface KubeObj {
  apiVersion: string;
  kind: string;
  metadata: ObjMeta;
  [field: string]: unknown;
}

export interface ObjMeta {
  name?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
  finalizers?: string[];
  /** Set by the API server on a delete of an object with finalizers: it stays until they are removed. */
  deletionTimestamp?: string;
  [field: string]: unknown;
}

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

/** The custom resource that owns the objects. */
export interface Owner {
  apiVersion: string;
  kind: string;
  name: string;
  namespace: string;
  uid: string;
}

export type Action =
  | { op: 'create'; object: KubeObj }
  | { op: 'update'; object: KubeObj; live: KubeObj }
  | { op: 'delete'; live: KubeObj };

/** Apply order: what others reference first (upstream: secrets, ConfigMap, Service, StatefulSet). */
const KIND_ORDER = [
  'Namespace',
  'ServiceAccount',
  'Secret',
  'ConfigMap',
  'PersistentVolumeClaim',
  'Service',
  'PodDisruptionBudget',
  'StatefulSet',
  'Deployment',
];
const rank = (kind: string) => {
  const i = KIND_ORDER.indexOf(kind);
  return i < 0 ? KIND_ORDER.length : i;
};

/** Identity of an object within the cluster: group, kind, namespace, name. */
export function objectKey(o: Pick<KubeObj, 'apiVersion' | 'kind' | 'metadata'>): string {
  const group = o.apiVersion.includes('/') ? o.apiVersion.split('/')[0] : '';
  return `${group}/${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name ?? ''}`;
}

/** JSON with sorted keys, so equal objects hash equally whatever the key order. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>)
      .filter(([, x]) => x !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${canonicalJson(x)}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

/** Hash of a desired object, without its own hash annotation. */
export function desiredHash(obj: KubeObj): string {
  const annotations = { ...(obj.metadata.annotations ?? {}) };
  delete annotations[CONTROLLER_HASH_ANNOTATION];
  const bare = { ...obj, metadata: { ...obj.metadata, annotations } };
  return createHash('sha256').update(canonicalJson(bare)).digest('hex').slice(0, 32);
}

export function ownerReference(owner: Owner): OwnerReference {
  return {
    apiVersion: owner.apiVersion,
    kind: owner.kind,
    name: owner.name,
    uid: owner.uid,
    controller: true,
    blockOwnerDeletion: true,
  };
}

/**
 * The rendered object as the controller applies it: in the owner's namespace, with the owner reference
 * (deleting the custom resource garbage-collects it), the owner label (what to delete later) and the hash.
 */
export function withOwnership(obj: KubeObj, owner: Owner): KubeObj {
  const meta = obj.metadata;
  const others = (meta.ownerReferences ?? []).filter((r) => r.uid !== owner.uid);
  const owned: KubeObj = {
    ...obj,
    metadata: {
      ...meta,
      namespace: owner.namespace,
      labels: { ...(meta.labels ?? {}), [CONTROLLER_OWNER_UID_LABEL]: owner.uid },
      ownerReferences: [...others, ownerReference(owner)],
    },
  };
  owned.metadata.annotations = {
    ...(meta.annotations ?? {}),
    [CONTROLLER_HASH_ANNOTATION]: desiredHash(owned),
  };
  return owned;
}

/** The live object still carries what jetflow applied last (hash, owner reference, label). */
function upToDate(desired: KubeObj, live: KubeObj, ownerUid: string): boolean {
  const hash = desired.metadata.annotations?.[CONTROLLER_HASH_ANNOTATION];
  const m = live.metadata;
  return (
    m.annotations?.[CONTROLLER_HASH_ANNOTATION] === hash &&
    m.labels?.[CONTROLLER_OWNER_UID_LABEL] === ownerUid &&
    (m.ownerReferences ?? []).some((r) => r.uid === ownerUid)
  );
}

/** The live object belongs to this owner (both the label and the reference, so a copy is never deleted). */
export function ownedBy(live: KubeObj, ownerUid: string): boolean {
  return (
    live.metadata.labels?.[CONTROLLER_OWNER_UID_LABEL] === ownerUid &&
    (live.metadata.ownerReferences ?? []).some((r) => r.uid === ownerUid)
  );
}

export interface PlanOptions {
  /** The owner's uid (objects labelled with it and not desired are deleted). */
  ownerUid: string;
  /** Objects created when missing and never updated (generated Secrets: regenerating would break clients). */
  createOnly?: (obj: KubeObj) => boolean;
}

/**
 * Creates and updates in dependency order, then deletes of owned objects no longer desired.
 * `desired` must already be {@link withOwnership}-ed; `live` is whatever the cluster has under those
 * names plus everything labelled with the owner's uid.
 */
export function plan(desired: KubeObj[], live: KubeObj[], opts: PlanOptions): Action[] {
  const liveByKey = new Map(live.map((o) => [objectKey(o), o]));
  const wanted = new Set<string>();
  const writes: Action[] = [];
  for (const object of [...desired].sort((a, b) => rank(a.kind) - rank(b.kind))) {
    const key = objectKey(object);
    wanted.add(key);
    const current = liveByKey.get(key);
    if (!current) writes.push({ op: 'create', object });
    else if (!opts.createOnly?.(object) && !upToDate(object, current, opts.ownerUid))
      writes.push({ op: 'update', object, live: current });
  }
  const deletes: Action[] = live
    .filter((o) => !wanted.has(objectKey(o)) && ownedBy(o, opts.ownerUid))
    .sort((a, b) => rank(b.kind) - rank(a.kind))
    .map((o) => ({ op: 'delete', live: o }));
  return [...writes, ...deletes];
}

/** Service fields the API server allocates; a replace without them would be refused as a change. */
const SERVICE_ALLOCATED = ['clusterIP', 'clusterIPs', 'ipFamilies', 'ipFamilyPolicy', 'healthCheckNodePort'];

/**
 * The body of a replace (PUT): the desired object with the live one's resourceVersion (a concurrent
 * change then fails with 409 and is retried), labels and annotations others added kept, and the
 * fields the server allocated kept. Top-level fields jetflow renders (spec, data, …) are jetflow's.
 */
export function updateBody(desired: KubeObj, live: KubeObj): KubeObj {
  const lm = live.metadata;
  const body: KubeObj = {
    ...desired,
    metadata: {
      ...desired.metadata,
      resourceVersion: lm.resourceVersion,
      labels: { ...(lm.labels ?? {}), ...(desired.metadata.labels ?? {}) },
      annotations: { ...(lm.annotations ?? {}), ...(desired.metadata.annotations ?? {}) },
    },
  };
  if (desired.kind === 'Service' && isRecord(desired.spec) && isRecord(live.spec)) {
    const spec: Record<string, unknown> = { ...desired.spec };
    for (const f of SERVICE_ALLOCATED)
      if (spec[f] === undefined && live.spec[f] !== undefined) spec[f] = live.spec[f];
    body.spec = spec;
  }
  return body;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
