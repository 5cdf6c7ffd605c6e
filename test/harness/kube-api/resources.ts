/**
 * The kinds the server serves: built-in ones (a fixed table) plus one per served version of each
 * stored CustomResourceDefinition. Builds the discovery documents (`/api`, `/apis`, `/api/v1`,
 * `/apis/<g>/<v>`) and the OpenAPI v3 documents kubectl reads (see openapi.ts).
 * @module
 */
import type { Obj } from './status.js';

export interface ResourceType {
  group: string;
  version: string;
  kind: string;
  listKind: string;
  plural: string;
  singular: string;
  namespaced: boolean;
  /** Has a `/status` subresource: status is written only there, and dropped on create. */
  status: boolean;
  shortNames?: string[];
  categories?: string[];
  /** Name of the CRD that defines it (custom resources only). */
  crd?: string;
}

function builtin(
  group: string,
  version: string,
  kind: string,
  plural: string,
  namespaced: boolean,
  status: boolean,
  shortNames?: string[],
): ResourceType {
  return {
    group,
    version,
    kind,
    listKind: `${kind}List`,
    plural,
    singular: kind.toLowerCase(),
    namespaced,
    status,
    ...(shortNames && { shortNames }),
  };
}

/** Built-in kinds jetflow renders or touches (and a few a controller commonly needs). */
export const BUILTIN_TYPES: ResourceType[] = [
  builtin('', 'v1', 'Namespace', 'namespaces', false, true, ['ns']),
  builtin('', 'v1', 'ConfigMap', 'configmaps', true, false, ['cm']),
  builtin('', 'v1', 'Secret', 'secrets', true, false),
  builtin('', 'v1', 'Service', 'services', true, true, ['svc']),
  builtin('', 'v1', 'Pod', 'pods', true, true, ['po']),
  builtin('', 'v1', 'ServiceAccount', 'serviceaccounts', true, false, ['sa']),
  builtin('', 'v1', 'PersistentVolumeClaim', 'persistentvolumeclaims', true, true, ['pvc']),
  builtin('', 'v1', 'Event', 'events', true, false, ['ev']),
  builtin('apps', 'v1', 'Deployment', 'deployments', true, true, ['deploy']),
  builtin('apps', 'v1', 'StatefulSet', 'statefulsets', true, true, ['sts']),
  builtin('apps', 'v1', 'ReplicaSet', 'replicasets', true, true, ['rs']),
  builtin('policy', 'v1', 'PodDisruptionBudget', 'poddisruptionbudgets', true, true, ['pdb']),
  builtin('rbac.authorization.k8s.io', 'v1', 'Role', 'roles', true, false),
  builtin('rbac.authorization.k8s.io', 'v1', 'RoleBinding', 'rolebindings', true, false),
  builtin('rbac.authorization.k8s.io', 'v1', 'ClusterRole', 'clusterroles', false, false),
  builtin('rbac.authorization.k8s.io', 'v1', 'ClusterRoleBinding', 'clusterrolebindings', false, false),
  builtin('coordination.k8s.io', 'v1', 'Lease', 'leases', true, false),
  builtin(
    'apiextensions.k8s.io',
    'v1',
    'CustomResourceDefinition',
    'customresourcedefinitions',
    false,
    true,
    ['crd', 'crds'],
  ),
];

/** The kinds a CRD object defines (its served versions). */
export function typesOfCrd(crd: Obj): ResourceType[] {
  const spec = crd.spec ?? {};
  const names = spec.names ?? {};
  return (spec.versions ?? [])
    .filter((v: Obj) => v.served !== false)
    .map((v: Obj): ResourceType => ({
      group: spec.group,
      version: v.name,
      kind: names.kind,
      listKind: names.listKind ?? `${names.kind}List`,
      plural: names.plural,
      singular: names.singular ?? String(names.kind).toLowerCase(),
      namespaced: spec.scope !== 'Cluster',
      status: v.subresources?.status !== undefined,
      ...(names.shortNames && { shortNames: names.shortNames }),
      ...(names.categories && { categories: names.categories }),
      crd: crd.metadata?.name,
    }));
}

export const groupVersion = (t: { group: string; version: string }) =>
  t.group ? `${t.group}/${t.version}` : t.version;

const VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

export function resourceList(gv: string, types: ResourceType[]): Obj {
  const resources: Obj[] = [];
  for (const t of types) {
    resources.push({
      name: t.plural,
      singularName: t.singular,
      namespaced: t.namespaced,
      kind: t.kind,
      verbs: VERBS,
      ...(t.shortNames && { shortNames: t.shortNames }),
      ...(t.categories && { categories: t.categories }),
    });
    if (t.status)
      resources.push({
        name: `${t.plural}/status`,
        singularName: '',
        namespaced: t.namespaced,
        kind: t.kind,
        verbs: ['get', 'patch', 'update'],
      });
  }
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: gv, resources };
}

/** Group name → versions, the first listed being the preferred one (core group excluded). */
export function groups(types: ResourceType[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const t of types) {
    if (!t.group) continue;
    const vs = out.get(t.group) ?? [];
    if (!vs.includes(t.version)) vs.push(t.version);
    out.set(t.group, vs);
  }
  return out;
}

export function apiGroup(name: string, versions: string[]): Obj {
  const vs = versions.map((v) => ({ groupVersion: `${name}/${v}`, version: v }));
  return { kind: 'APIGroup', apiVersion: 'v1', name, versions: vs, preferredVersion: vs[0] };
}

export function apiGroupList(types: ResourceType[]): Obj {
  const list = [...groups(types)].map(([name, vs]) => {
    const { kind: _k, apiVersion: _a, ...g } = apiGroup(name, vs);
    return g;
  });
  return { kind: 'APIGroupList', apiVersion: 'v1', groups: list };
}
