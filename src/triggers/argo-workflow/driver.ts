/**
 * The `argoWorkflow` trigger driver (spec/sensor.md §10 `argoWorkflow`; argo-events
 * `pkg/sensors/triggers/argo-workflow`). Upstream runs the `argo` CLI; jetflow makes the same change
 * through the Kubernetes API (see ./operations.ts for what each operation writes), so no CLI and no
 * Argo server are needed, only RBAC on `workflows.argoproj.io` (get, create, patch; `cronworkflows`:
 * get for `submit-from`). `args` (extra CLI arguments) has no equivalent and is ignored with a warning.
 * @module
 */
import { LOG_FIELDS, type ArgoWorkflowTrigger } from '../../api/index.js';
import { applyParameters, ParameterError } from '../../sensors/index.js';
import { describeError, triggerError } from '../http/index.js';
import {
  asKubeObject,
  checkKind,
  describeObject,
  isRetryableKubeError,
  lazyClient,
  applyK8sPolicy,
  bounded,
  DEFAULT_TIMEOUT_MS,
  GiveUpError,
  ObjectError,
  objectSource,
  PolicyError,
  SourceError,
  withTriggerLabels,
  type KubeClient,
  type KubeObject,
} from '../k8s/index.js';
import type { PreparedTrigger, TriggerContext, TriggerDriver, TriggerEvent } from '../types.js';
import {
  ARGO_API_VERSION,
  resubmitWorkflow,
  WORKFLOW_KIND,
  WORKFLOW_OPERATIONS,
  workflowFrom,
  workflowPatch,
  WorkflowStateError,
  type WorkflowOperation,
} from './operations.js';

const TYPE = 'argoWorkflow';

export interface ArgoWorkflowDriverOptions {
  client?: () => KubeClient;
  now?: () => number;
  /** How long one execution (and the discovery check at prepare) may take. @default 30000 */
  timeoutMs?: number;
}

/** A request that fails the same way every time (bad object, wrong state, missing workflow). */
class RequestError extends Error {
  override name = 'RequestError';
}

export function createArgoWorkflowDriver(
  opts: ArgoWorkflowDriverOptions = {},
): TriggerDriver<ArgoWorkflowTrigger> {
  return {
    type: TYPE,
    async prepare(template, ctx) {
      const fail = (msg: string, err?: unknown) => triggerError(TYPE, ctx, msg, false, err);
      const op = template.operation || 'submit';
      if (!(WORKFLOW_OPERATIONS as readonly string[]).includes(op))
        throw fail(`unknown operation type ${op}`);
      try {
        objectSource(template.source);
      } catch (err) {
        throw fail(`argoWorkflow trigger ${describeError(err)}`, err);
      }
      if (template.args?.length)
        ctx.logger.warn(
          { [LOG_FIELDS.triggerType]: TYPE },
          'argoWorkflow.args (argo CLI arguments) are ignored: jetflow changes Workflows through the Kubernetes API',
        );
      const client = lazyClient(opts.client);
      const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
      const workflows = { apiVersion: ARGO_API_VERSION, kind: WORKFLOW_KIND, metadata: {} };
      await checkKind(client(), workflows, ctx, TYPE, timeoutMs);
      return new PreparedArgoWorkflow(client, opts.now ?? Date.now, timeoutMs);
    },
  };
}

export const argoWorkflowDriver = createArgoWorkflowDriver();

class PreparedArgoWorkflow implements PreparedTrigger<ArgoWorkflowTrigger> {
  constructor(
    private readonly client: () => KubeClient,
    private readonly now: () => number,
    private readonly timeoutMs: number,
  ) {}

  execute(resolved: ArgoWorkflowTrigger, events: Record<string, TriggerEvent>, ctx: TriggerContext) {
    return bounded(this.attempt(resolved, events, ctx), ctx.signal, this.timeoutMs).catch((err: unknown) => {
      if (err instanceof GiveUpError) throw triggerError(TYPE, ctx, err.message, true, err);
      throw err;
    });
  }

  private async attempt(
    resolved: ArgoWorkflowTrigger,
    events: Record<string, TriggerEvent>,
    ctx: TriggerContext,
  ) {
    const op = (resolved.operation || 'submit') as WorkflowOperation;
    if (!(WORKFLOW_OPERATIONS as readonly string[]).includes(op))
      throw triggerError(TYPE, ctx, `unknown operation type ${op}`, false);
    let obj: KubeObject;
    try {
      obj = await objectSource(resolved.source).read(this.client, ctx.namespace, ctx.signal);
    } catch (err) {
      const retryable = !(err instanceof SourceError || err instanceof ObjectError);
      throw triggerError(TYPE, ctx, `failed to read the source: ${describeError(err)}`, retryable, err);
    }
    try {
      obj = asKubeObject(applyParameters(obj, resolved.parameters, events), 'the object after parameters');
      obj = { ...obj, metadata: { ...obj.metadata, namespace: obj.metadata.namespace || ctx.namespace } };
      const { summary, result } = await this.run(op, obj, ctx);
      ctx.logger.debug({ [LOG_FIELDS.triggerType]: TYPE }, summary);
      await applyK8sPolicy(this.client(), result, ctx.policy, ctx, TYPE);
      return { summary };
    } catch (err) {
      const permanent =
        err instanceof RequestError ||
        err instanceof WorkflowStateError ||
        err instanceof PolicyError ||
        err instanceof ObjectError ||
        err instanceof ParameterError;
      throw triggerError(
        TYPE,
        ctx,
        `failed to execute the workflow ${op} operation: ${describeError(err)}`,
        !permanent && isRetryableKubeError(err),
        err,
      );
    }
  }

  private async run(
    op: WorkflowOperation,
    obj: KubeObject,
    ctx: TriggerContext,
  ): Promise<{ summary: string; result: KubeObject }> {
    const client = this.client();
    const { name, generateName, namespace = ctx.namespace } = obj.metadata;
    if (!name) {
      if (op !== 'submit')
        throw new RequestError(`failed to execute the workflow ${op} operation, no name is given`);
      if (!generateName)
        throw new RequestError('failed to trigger the workflow, neither name nor generateName is given');
    }
    if (op === 'submit') {
      const created = await client.create(
        withTriggerLabels(obj, ctx.sensorName, ctx.triggerName, this.now()),
      );
      return { summary: `submitted ${describeObject(created)}`, result: created };
    }
    if (op === 'submit-from') {
      const kind = obj.kind.toLowerCase();
      if (kind !== 'workflowtemplate' && kind !== 'cronworkflow')
        throw new RequestError(`invalid kind ${obj.kind}`);
      // A CronWorkflow's spec is copied, so it is read; a WorkflowTemplate is only referenced.
      const from = kind === 'cronworkflow' ? await this.live(client, obj) : obj;
      const labels =
        withTriggerLabels(obj, ctx.sensorName, ctx.triggerName, this.now()).metadata.labels ?? {};
      const created = await client.create(workflowFrom(from, namespace, labels));
      return { summary: `submitted ${describeObject(created)} from ${obj.kind} ${name}`, result: created };
    }
    const target: KubeObject = {
      apiVersion: ARGO_API_VERSION,
      kind: WORKFLOW_KIND,
      metadata: { name, namespace },
    };
    const wf = await this.live(client, target);
    if (op === 'resubmit') {
      const created = await client.create(resubmitWorkflow(wf));
      return { summary: `resubmitted ${describeObject(wf)} as ${describeObject(created)}`, result: created };
    }
    const patch = workflowPatch(op, wf, new Date(this.now()).toISOString().replace(/\.\d{3}Z$/, 'Z'));
    const body = {
      ...patch,
      ...target,
      metadata: { ...((patch.metadata as object) ?? {}), name, namespace },
    } as KubeObject;
    const result = await client.patch(body, 'application/merge-patch+json');
    return { summary: `${op} ${describeObject(wf)}`, result };
  }

  private async live(client: KubeClient, obj: KubeObject): Promise<KubeObject> {
    const live = await client.get(obj);
    if (!live) throw new RequestError(`${describeObject(obj)} not found`);
    return live;
  }

  async close() {}
}
