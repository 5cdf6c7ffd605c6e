/**
 * The four operations of the `k8s` trigger on a resolved object (namespace already set), as upstream's
 * standard-k8s trigger runs them: `create` adds the trigger labels; `update` reads the object, creates
 * it when missing, else deep-merges the new object over the live one and replaces it (the live
 * `resourceVersion` goes along, so a concurrent write is a 409 conflict, retried); `patch` reads it,
 * creates it when missing, else patches with the strategy; `delete` treats a missing object as done.
 * @module
 */
import type { KubeClient, MergeStrategy } from './client.js';
import { deepMerge, describeObject, jsonPatchOps, withTriggerLabels, type KubeObject } from './object.js';

export const K8S_OPERATIONS = ['create', 'update', 'patch', 'delete'] as const;
export type K8sOperation = (typeof K8S_OPERATIONS)[number];

export const DEFAULT_PATCH_STRATEGY = 'application/merge-patch+json';

export interface OperationContext {
  client: KubeClient;
  sensorName: string;
  triggerName: string;
  patchStrategy?: string;
  now?: () => number;
}

/** Run `op` on `obj`; returns a one-line summary (`created ConfigMap ns/name`). */
export async function runOperation(op: K8sOperation, obj: KubeObject, c: OperationContext): Promise<string> {
  switch (op) {
    case 'create': {
      const labelled = withTriggerLabels(obj, c.sensorName, c.triggerName, c.now?.());
      return `created ${describeObject(await c.client.create(labelled))}`;
    }
    case 'update': {
      const live = await c.client.get(obj);
      if (!live) return `created ${describeObject(await c.client.create(obj))} (it did not exist)`;
      const merged = deepMerge(live, obj) as KubeObject;
      return `updated ${describeObject(await c.client.replace(merged))}`;
    }
    case 'patch': {
      const live = await c.client.get(obj);
      if (!live) return `created ${describeObject(await c.client.create(obj))} (it did not exist)`;
      const strategy = c.patchStrategy || DEFAULT_PATCH_STRATEGY;
      const patched =
        strategy === 'application/json-patch+json'
          ? await c.client.jsonPatch(obj, jsonPatchOps(live, obj))
          : await c.client.patch(obj, strategy as MergeStrategy);
      return `patched ${describeObject(patched)} (${strategy})`;
    }
    case 'delete': {
      const gone = !(await c.client.delete(obj));
      return gone ? `${describeObject(obj)} did not exist` : `deleted ${describeObject(obj)}`;
    }
  }
}
