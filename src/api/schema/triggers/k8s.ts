/** `k8s` trigger: create/update/patch/delete a Kubernetes object (spec/sensor.md §10). */
import { z } from 'zod';
import { obj } from '../common.js';
import { artifactLocation } from '../sensor/artifacts.js';
import { triggerParameters } from '../sensor/parameters.js';
import { checkArtifact } from './artifact-check.js';
import type { TriggerCheck } from './context.js';

export const K8S_OPERATIONS = ['create', 'update', 'patch', 'delete'] as const;
export const PATCH_STRATEGIES = [
  'application/merge-patch+json',
  'application/json-patch+json',
  'application/strategic-merge-patch+json',
  'application/apply-patch+yaml',
] as const;

export const standardK8sTrigger = obj({
  source: artifactLocation.optional(),
  /** @default "create" */
  operation: z.string().optional(),
  /** Applied to the fetched object (e.g. `spec.arguments.parameters.0.value`). */
  parameters: triggerParameters.optional(),
  /** Used by `patch`. @default "application/merge-patch+json" */
  patchStrategy: z.string().optional(),
  /** With `update`: read the live object named by the artifact and update that. @default false */
  liveObject: z.boolean().optional(),
});
export type StandardK8STrigger = z.infer<typeof standardK8sTrigger>;

export function checkK8s(t: StandardK8STrigger, c: TriggerCheck): void {
  if (!t.source)
    c.sink.error(
      [...c.at, 'source'],
      'k8s trigger does not contain an absolute action: expected source, found nothing',
    );
  else checkArtifact(t.source, [...c.at, 'source'], c.sink);
  const op = t.operation ?? '';
  if (op !== '' && !(K8S_OPERATIONS as readonly string[]).includes(op))
    c.sink.error(
      [...c.at, 'operation'],
      `unknown operation type ${op}: expected one of ${K8S_OPERATIONS.join(', ')}`,
    );
  if (t.patchStrategy !== undefined && !(PATCH_STRATEGIES as readonly string[]).includes(t.patchStrategy))
    c.sink.error(
      [...c.at, 'patchStrategy'],
      `expected one of ${PATCH_STRATEGIES.join(', ')}, found ${JSON.stringify(t.patchStrategy)}`,
    );
  else if (t.patchStrategy !== undefined && op !== 'patch')
    c.sink.warn(
      [...c.at, 'patchStrategy'],
      `patchStrategy only applies to operation patch, found operation ${JSON.stringify(op || 'create')}`,
    );
  if (t.liveObject && op !== 'update')
    c.sink.warn(
      [...c.at, 'liveObject'],
      `liveObject only applies to operation update, found operation ${JSON.stringify(op || 'create')}`,
    );
  c.params(t.parameters, [...c.at, 'parameters']);
}
