/**
 * The `argoWorkflow` operations as changes to Workflow objects, made through the Kubernetes API instead
 * of upstream's `argo` CLI. Each is the state change the Argo server itself makes for the same command
 * (argo-workflows `workflow/util`), expressed as a JSON merge patch of the live Workflow or as a new
 * Workflow to create; the workflow controller then acts on it exactly as after the CLI:
 *
 * | op | change |
 * |---|---|
 * | `suspend` | `spec.suspend: true` |
 * | `resume` | `spec.suspend` removed; every Running node of type Suspend → Succeeded with `finishedAt` |
 * | `terminate` | `spec.shutdown: "Terminate"` |
 * | `stop` | `spec.shutdown: "Stop"` |
 * | `retry` | only from phase Failed/Error: failed leaf nodes removed from `status.nodes`, failed group nodes back to Running, `status.phase: Running`, `finishedAt`/`message` cleared, `spec.shutdown` removed, label `completed: "false"`, `phase` label removed |
 * | `resubmit` | a new Workflow: `generateName: <name>-`, the old `spec`, labels (minus completed/phase) and annotations, label `resubmitted-from-workflow: <name>` |
 * | `submit-from` | a new Workflow: from a WorkflowTemplate `spec.workflowTemplateRef.name`, from a CronWorkflow its `spec.workflowSpec`; `generateName: <name>-` and the template/cron label |
 *
 * Patches that depend on the live status (resume, retry) carry its `metadata.resourceVersion`, so a
 * concurrent controller write makes them fail with 409 (retried) instead of being overwritten.
 * @module
 */
import { ARGO_WORKFLOW_LABELS } from '../../api/index.js';
import { isPlainObject, type KubeObject } from '../k8s/index.js';

export const ARGO_API_VERSION = 'argoproj.io/v1alpha1';
export const WORKFLOW_KIND = 'Workflow';

export const WORKFLOW_OPERATIONS = [
  'submit',
  'submit-from',
  'suspend',
  'resubmit',
  'retry',
  'resume',
  'terminate',
  'stop',
] as const;
export type WorkflowOperation = (typeof WORKFLOW_OPERATIONS)[number];

/** Operations that change an existing Workflow with a merge patch. */
export type PatchOperation = 'suspend' | 'resume' | 'terminate' | 'stop' | 'retry';

/** An operation the live Workflow's state does not allow (fails the same way when retried). */
export class WorkflowStateError extends Error {
  override name = 'WorkflowStateError';
}

type Patch = Record<string, unknown>;

/** Node types that group others; retry resets them instead of removing them. */
const GROUP_NODE_TYPES = new Set(['DAG', 'Steps', 'StepGroup', 'TaskGroup', 'Retry']);
const DONE_OK = new Set(['Succeeded', 'Skipped', 'Omitted']);

/** The merge patch `op` makes on the live Workflow `wf`. @throws {WorkflowStateError} */
export function workflowPatch(op: PatchOperation, wf: KubeObject, nowIso: string): Patch {
  switch (op) {
    case 'suspend':
      return { spec: { suspend: true } };
    case 'terminate':
      return { spec: { shutdown: 'Terminate' } };
    case 'stop':
      return { spec: { shutdown: 'Stop' } };
    case 'resume':
      return resumePatch(wf, nowIso);
    case 'retry':
      return retryPatch(wf);
  }
}

function nodesOf(wf: KubeObject): Record<string, Record<string, unknown>> {
  const status = isPlainObject(wf.status) ? wf.status : {};
  const nodes = isPlainObject(status.nodes) ? status.nodes : {};
  return nodes as Record<string, Record<string, unknown>>;
}

function phaseOf(wf: KubeObject): string {
  return isPlainObject(wf.status) && typeof wf.status.phase === 'string' ? wf.status.phase : '';
}

function withVersion(wf: KubeObject, patch: Patch): Patch {
  const rv = wf.metadata.resourceVersion;
  return rv === undefined
    ? patch
    : { metadata: { resourceVersion: rv, ...((patch.metadata as Patch) ?? {}) }, ...omit(patch, 'metadata') };
}

function omit(p: Patch, key: string): Patch {
  const { [key]: _dropped, ...rest } = p;
  return rest;
}

function resumePatch(wf: KubeObject, nowIso: string): Patch {
  const nodes: Patch = {};
  for (const [id, n] of Object.entries(nodesOf(wf)))
    if (n.type === 'Suspend' && n.phase === 'Running') nodes[id] = { phase: 'Succeeded', finishedAt: nowIso };
  const patch: Patch = { spec: { suspend: null } };
  if (Object.keys(nodes).length > 0) patch.status = { nodes };
  return withVersion(wf, patch);
}

function retryPatch(wf: KubeObject): Patch {
  const phase = phaseOf(wf);
  if (phase !== 'Failed' && phase !== 'Error')
    throw new WorkflowStateError(
      `workflow must be Failed/Error to retry, found phase ${JSON.stringify(phase)}`,
    );
  const nodes: Patch = {};
  for (const [id, n] of Object.entries(nodesOf(wf))) {
    if (DONE_OK.has(String(n.phase))) continue;
    nodes[id] = GROUP_NODE_TYPES.has(String(n.type))
      ? { phase: 'Running', finishedAt: null, message: null }
      : null;
  }
  return withVersion(wf, {
    metadata: { labels: { [ARGO_WORKFLOW_LABELS.completed]: 'false', [ARGO_WORKFLOW_LABELS.phase]: null } },
    spec: { shutdown: null },
    status: { phase: 'Running', finishedAt: null, message: null, nodes },
  });
}

/** Labels the Argo server drops when it copies a Workflow (they describe the old run). */
const RUN_LABELS: readonly string[] = [ARGO_WORKFLOW_LABELS.completed, ARGO_WORKFLOW_LABELS.phase];

/** `argo resubmit`: a new Workflow running the old one's spec from the start. */
export function resubmitWorkflow(wf: KubeObject): KubeObject {
  const name = wf.metadata.name ?? '';
  const labels = Object.fromEntries(
    Object.entries(wf.metadata.labels ?? {}).filter(([k]) => !RUN_LABELS.includes(k)),
  );
  labels[ARGO_WORKFLOW_LABELS.resubmittedFrom] = name;
  const annotations = wf.metadata.annotations;
  return {
    apiVersion: ARGO_API_VERSION,
    kind: WORKFLOW_KIND,
    metadata: {
      generateName: `${name}-`,
      namespace: wf.metadata.namespace,
      labels,
      ...(isPlainObject(annotations) && { annotations }),
    },
    spec: structuredClone(wf.spec ?? {}),
  };
}

/**
 * `argo submit --from <kind>/<name>`: the Workflow made from a WorkflowTemplate (a reference, resolved by
 * the controller) or from a CronWorkflow (a copy of its `workflowSpec`, read from the live object).
 */
export function workflowFrom(
  from: KubeObject,
  namespace: string,
  labels: Record<string, string>,
): KubeObject {
  const name = from.metadata.name ?? '';
  const kind = from.kind.toLowerCase();
  const meta = { generateName: `${name}-`, namespace };
  if (kind === 'workflowtemplate')
    return {
      apiVersion: ARGO_API_VERSION,
      kind: WORKFLOW_KIND,
      metadata: { ...meta, labels: { ...labels, [ARGO_WORKFLOW_LABELS.workflowTemplate]: name } },
      spec: { workflowTemplateRef: { name } },
    };
  const spec = isPlainObject(from.spec) ? from.spec : {};
  const wfMeta = isPlainObject(spec.workflowMetadata) ? spec.workflowMetadata : {};
  const wfLabels = isPlainObject(wfMeta.labels) ? (wfMeta.labels as Record<string, string>) : {};
  return {
    apiVersion: ARGO_API_VERSION,
    kind: WORKFLOW_KIND,
    metadata: {
      ...meta,
      labels: { ...wfLabels, ...labels, [ARGO_WORKFLOW_LABELS.cronWorkflow]: name },
      ...(isPlainObject(wfMeta.annotations) && { annotations: wfMeta.annotations }),
    },
    spec: structuredClone(isPlainObject(spec.workflowSpec) ? spec.workflowSpec : {}),
  };
}
