/** `argoWorkflow` trigger: runs the `argo` CLI on a Workflow object (spec/sensor.md §10). */
import { z } from 'zod';
import { obj } from '../common.js';
import { artifactLocation } from '../sensor/artifacts.js';
import { triggerParameters } from '../sensor/parameters.js';
import { checkArtifact } from './artifact-check.js';
import type { TriggerCheck } from './context.js';

export const ARGO_WORKFLOW_OPERATIONS = [
  'submit',
  'submit-from',
  'suspend',
  'resubmit',
  'retry',
  'resume',
  'terminate',
  'stop',
] as const;

export const argoWorkflowTrigger = obj({
  source: artifactLocation.optional(),
  /** Required by validation (the run-time default would be `submit`). */
  operation: z.string().optional(),
  parameters: triggerParameters.optional(),
  /** Extra `argo` CLI arguments. */
  args: z.array(z.string()).optional(),
});
export type ArgoWorkflowTrigger = z.infer<typeof argoWorkflowTrigger>;

export function checkArgoWorkflow(t: ArgoWorkflowTrigger, c: TriggerCheck): void {
  if (!t.source)
    c.sink.error(
      [...c.at, 'source'],
      'argoWorkflow trigger does not contain an absolute action: expected source, found nothing',
    );
  else checkArtifact(t.source, [...c.at, 'source'], c.sink);
  const op = t.operation ?? '';
  const allowed = ARGO_WORKFLOW_OPERATIONS.join(', ');
  if (op === '')
    c.sink.error([...c.at, 'operation'], `operation is required: expected one of ${allowed}, found nothing`);
  else if (!(ARGO_WORKFLOW_OPERATIONS as readonly string[]).includes(op))
    c.sink.error([...c.at, 'operation'], `unknown operation type ${op}: expected one of ${allowed}`);
  c.params(t.parameters, [...c.at, 'parameters']);
}
