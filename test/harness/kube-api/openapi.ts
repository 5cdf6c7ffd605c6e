/**
 * The OpenAPI v3 documents kubectl reads before `apply`. kubectl's default `--validate=strict` asks
 * whether the server does field validation itself: it looks, in `/openapi/v3/<group-version>`, for
 * the PATCH operation of the kind (`x-kubernetes-group-version-kind`) with a `fieldValidation` query
 * parameter; when found it sends `fieldValidation=Strict` and validates nothing client-side. So these
 * documents list one PATCH operation per kind with that parameter and no schemas. Without schemas,
 * kubectl's client-side apply computes strategic merge patches from its compiled-in Go types for
 * built-in kinds (as it does for servers without OpenAPI) and JSON merge patches for custom kinds.
 * The server accepts `fieldValidation` and does not check fields (no schemas): unknown fields are kept.
 * `/openapi/v2` is answered 404 (kubectl falls back to the compiled-in types, as said).
 * @module
 */
import { createHash } from 'node:crypto';
import { groupVersion, type ResourceType } from './resources.js';
import type { Obj } from './status.js';

const gvPath = (t: { group: string; version: string }) =>
  t.group ? `apis/${t.group}/${t.version}` : `api/${t.version}`;

export function openapiRoot(types: ResourceType[]): Obj {
  const paths: Obj = {};
  const byGv = new Map<string, ResourceType[]>();
  for (const t of types) byGv.set(gvPath(t), [...(byGv.get(gvPath(t)) ?? []), t]);
  for (const [p, ts] of byGv) {
    const hash = createHash('sha256')
      .update(JSON.stringify(openapiDoc(ts)))
      .digest('hex')
      .slice(0, 32);
    paths[p] = { serverRelativeURL: `/openapi/v3/${p}?hash=${hash.toUpperCase()}` };
  }
  return { paths };
}

/** `gvp` is the path after `/openapi/v3/`, e.g. `api/v1` or `apis/apps/v1`. */
export function typesAt(types: ResourceType[], gvp: string): ResourceType[] {
  return types.filter((t) => gvPath(t) === gvp);
}

export function openapiDoc(types: ResourceType[]): Obj {
  const paths: Obj = {};
  for (const t of types) {
    const base = `/${gvPath(t)}${t.namespaced ? '/namespaces/{namespace}' : ''}/${t.plural}/{name}`;
    paths[base] = {
      patch: {
        description: `partially update the specified ${t.kind}`,
        operationId: `patch${t.kind}`,
        parameters: [
          { name: 'dryRun', in: 'query', schema: { type: 'string', uniqueItems: true } },
          { name: 'fieldManager', in: 'query', schema: { type: 'string', uniqueItems: true } },
          { name: 'fieldValidation', in: 'query', schema: { type: 'string', uniqueItems: true } },
          { name: 'force', in: 'query', schema: { type: 'boolean', uniqueItems: true } },
        ],
        responses: { '200': { description: 'OK' } },
        'x-kubernetes-action': 'patch',
        'x-kubernetes-group-version-kind': { group: t.group, version: t.version, kind: t.kind },
      },
    };
  }
  const gv = types[0] ? groupVersion(types[0]) : '';
  return {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: `jetflow-kube-api ${gv}` },
    paths,
    components: { schemas: {} },
  };
}
