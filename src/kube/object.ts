/** Kubernetes objects as plain JSON, and the group/version/kind naming used in messages. @module */

/** A Kubernetes object as JSON (unstructured). */
export type KubeObject = Record<string, unknown> & {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
};

export interface ObjectMeta extends Record<string, unknown> {
  name?: string;
  generateName?: string;
  namespace?: string;
  resourceVersion?: string;
  labels?: Record<string, string>;
}

/** Group, version and kind of an object, for messages and discovery. */
export interface GroupVersionKind {
  group: string;
  version: string;
  kind: string;
}

export function groupVersionKind(obj: Pick<KubeObject, 'apiVersion' | 'kind'>): GroupVersionKind {
  const slash = obj.apiVersion.indexOf('/');
  return slash < 0
    ? { group: '', version: obj.apiVersion, kind: obj.kind }
    : { group: obj.apiVersion.slice(0, slash), version: obj.apiVersion.slice(slash + 1), kind: obj.kind };
}

/** `group "apps", version "v1", kind "Deployment"` (the core group shown as `""`). */
export function describeGvk(g: GroupVersionKind): string {
  return `group ${JSON.stringify(g.group)}, version ${JSON.stringify(g.version)}, kind ${JSON.stringify(g.kind)}`;
}

/** One RFC 6902 operation. */
export interface JsonPatchOp {
  op: 'add' | 'replace' | 'remove' | 'test';
  path: string;
  value?: unknown;
}
