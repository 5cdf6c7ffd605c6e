/**
 * `meta.k8s.io/v1` Table answers, for clients that ask for them (`kubectl get` sends
 * `Accept: application/json;as=Table;v=v1;g=meta.k8s.io,...`): the real server's default columns for
 * kinds without printer columns, Name and Age (the age in kubectl's short form: 5s, 3m, 2h, 4d).
 * @module
 */
import type { Obj } from './status.js';

export const wantsTable = (accept: string | undefined) =>
  /as=Table/.test(accept ?? '') && /g=meta\.k8s\.io/.test(accept ?? '');

export function toTable(objs: Obj[], resourceVersion: string): Obj {
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: { resourceVersion },
    columnDefinitions: [
      {
        name: 'Name',
        type: 'string',
        format: 'name',
        description: 'Name must be unique within a namespace.',
        priority: 0,
      },
      {
        name: 'Age',
        type: 'string',
        format: '',
        description: 'Time since the object was created.',
        priority: 0,
      },
    ],
    rows: objs.map((o) => ({
      cells: [o.metadata.name, age(o.metadata.creationTimestamp)],
      object: {
        kind: 'PartialObjectMetadata',
        apiVersion: 'meta.k8s.io/v1',
        metadata: o.metadata,
      },
    })),
  };
}

function age(ts: string | undefined): string {
  if (!ts) return '<unknown>';
  const s = Math.max(0, Math.floor((Date.now() - Date.parse(ts)) / 1000));
  if (s < 120) return `${s}s`;
  if (s < 7200) return `${Math.floor(s / 60)}m`;
  if (s < 172800) return `${Math.floor(s / 3600)}h`;
  return `${Math.floor(s / 86400)}d`;
}
