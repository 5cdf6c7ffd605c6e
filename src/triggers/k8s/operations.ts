/**
 * The four operations of the `k8s` trigger on a resolved object (namespace already set), as upstream's
 * standard-k8s trigger runs them: `create` adds the trigger labels; `update` reads the object, creates
 * it when missing, else deep-merges the new object over the live one and replaces it (the live
 * `resourceVersion` goes along, so a concurrent write is a 409 conflict, retried); `patch` reads it,
 * creates it when missing, else patches with the strategy; `delete` treats a missing object as done.
 * @module
 */
import type { KubeClient, MergeStrategy } from '../../kube/index.js';
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

export interface OperationResult {
  /** One line: `created ConfigMap ns/name`. */
  summary: string;
  /** The object as the server answered (none after `delete`). */
  result?: KubeObject;
}

/** Run `op` on `obj`. */
export async function runOperation(
  op: K8sOperation,
  obj: KubeObject,
  c: OperationContext,
): Promise<OperationResult> {
  switch (op) {
    case 'create': {
      const labelled = withTriggerLabels(obj, c.sensorName, c.triggerName, c.now?.());
      return done('created', await c.client.create(labelled));
    }
    case 'update': {
      const live = await c.client.get(obj);
      if (!live) return done('created', await c.client.create(obj), ' (it did not exist)');
      return done('updated', await c.client.replace(deepMerge(live, obj) as KubeObject));
    }
    case 'patch': {
      const live = await c.client.get(obj);
      if (!live) return done('created', await c.client.create(obj), ' (it did not exist)');
      const strategy = c.patchStrategy || DEFAULT_PATCH_STRATEGY;
      const patched =
        strategy === 'application/json-patch+json'
          ? await c.client.jsonPatch(obj, jsonPatchOps(live, obj))
          : await c.client.patch(obj, strategy as MergeStrategy);
      return done('patched', patched, ` (${strategy})`);
    }
    case 'delete': {
      const gone = !(await c.client.delete(obj));
      return { summary: gone ? `${describeObject(obj)} did not exist` : `deleted ${describeObject(obj)}` };
    }
  }
}

function done(verb: string, result: KubeObject, note = ''): OperationResult {
  return { summary: `${verb} ${describeObject(result)}${note}`, result };
}
