/**
 * The `k8s` trigger driver: create/update/patch/delete of any Kubernetes object (spec/sensor.md §10
 * `k8s`; argo-events `pkg/sensors/triggers/standard-k8s`). The object comes from `source`, the type's
 * `parameters` are applied to its JSON (sjson paths), the namespace is the object's, else the sensor's,
 * none for cluster-scoped kinds (discovery's `namespaced`, where upstream hard-codes namespaces/nodes).
 * @module
 */
import { LOG_FIELDS, type StandardK8STrigger } from '../../api/index.js';
import { applyParameters, ParameterError } from '../../sensors/index.js';
import { describeError, triggerError } from '../http/index.js';
import type { PreparedTrigger, TriggerContext, TriggerDriver, TriggerEvent } from '../types.js';
import { isRetryableKubeError, KubeClient, UnknownKindError } from '../../kube/index.js';
import { asKubeObject, describeGvk, ObjectError, groupVersionKind, type KubeObject } from './object.js';
import { K8S_OPERATIONS, runOperation, type K8sOperation } from './operations.js';
import { bounded, GiveUpError } from './bounded.js';
import { applyK8sPolicy, PolicyError } from './policy.js';
import { objectSource, SourceError, type ObjectSource } from './source.js';

const TYPE = 'k8s';

export interface K8sDriverOptions {
  /** The cluster client; default: in-cluster config, else KUBECONFIG (created at the first prepare). */
  client?: () => KubeClient;
  /** Clock for the action-timestamp label. */
  now?: () => number;
  /** How long one execution (and the discovery check at prepare) may take. @default 30000 */
  timeoutMs?: number;
}

export const DEFAULT_TIMEOUT_MS = 30_000;

/** Create the `k8s` driver. */
export function createK8sDriver(opts: K8sDriverOptions = {}): TriggerDriver<StandardK8STrigger> {
  return {
    type: TYPE,
    async prepare(template, ctx) {
      const fail = (msg: string, err?: unknown) => triggerError(TYPE, ctx, msg, false, err);
      const op = template.operation || 'create';
      if (!(K8S_OPERATIONS as readonly string[]).includes(op)) throw fail(`unknown operation type ${op}`);
      let source: ObjectSource;
      try {
        source = objectSource(template.source);
      } catch (err) {
        throw fail(`k8s trigger ${describeError(err)}`, err);
      }
      const client = lazyClient(opts.client);
      const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
      if (source.fixed) await checkKind(client(), source.fixed, ctx, TYPE, timeoutMs);
      return new PreparedK8s(client, timeoutMs, opts.now);
    },
  };
}

/** The default instance registered for `k8s`. */
export const k8sDriver = createK8sDriver();

/** One client per prepared trigger, created on first use (creating it reads the kube config). */
export function lazyClient(make: (() => KubeClient) | undefined): () => KubeClient {
  let c: KubeClient | undefined;
  return () => (c ??= (make ?? KubeClient.fromDefault)());
}

/**
 * Refuse at prepare an object whose kind the server does not serve (the object is fixed, so every
 * execution would fail). An unreachable server is not a reason to refuse the sensor: the executions
 * report it (and are retried).
 */
export async function checkKind(
  client: KubeClient,
  obj: KubeObject,
  ctx: TriggerContext,
  type: string,
  timeoutMs: number,
): Promise<void> {
  try {
    await bounded(client.resource(obj), ctx.signal, timeoutMs);
  } catch (err) {
    if (err instanceof UnknownKindError) throw triggerError(type, ctx, err.message, false, err);
    ctx.logger.warn(
      { [LOG_FIELDS.triggerType]: type, err: describeError(err) },
      `cannot check ${describeGvk(groupVersionKind(obj))} now: the API server did not answer discovery`,
    );
  }
}

class PreparedK8s implements PreparedTrigger<StandardK8STrigger> {
  constructor(
    private readonly client: () => KubeClient,
    private readonly timeoutMs: number,
    private readonly now?: () => number,
  ) {}

  execute(resolved: StandardK8STrigger, events: Record<string, TriggerEvent>, ctx: TriggerContext) {
    return bounded(this.run(resolved, events, ctx), ctx.signal, this.timeoutMs).catch((err: unknown) => {
      if (err instanceof GiveUpError) throw triggerError(TYPE, ctx, err.message, true, err);
      throw err;
    });
  }

  private async run(resolved: StandardK8STrigger, events: Record<string, TriggerEvent>, ctx: TriggerContext) {
    const op = (resolved.operation || 'create') as K8sOperation;
    if (!(K8S_OPERATIONS as readonly string[]).includes(op))
      throw triggerError(TYPE, ctx, `unknown operation type ${op}`, false);
    let obj: KubeObject;
    try {
      // Trigger-level parameters may have changed the source (e.g. source.resource.metadata.name).
      obj = await objectSource(resolved.source).read(this.client, ctx.namespace, ctx.signal);
    } catch (err) {
      const retryable = !(err instanceof SourceError || err instanceof ObjectError);
      throw triggerError(TYPE, ctx, `failed to read the source: ${describeError(err)}`, retryable, err);
    }
    const client = this.client();
    try {
      const resource = await client.resource(obj);
      obj = withNamespace(obj, resource.namespaced, ctx.namespace);
      if (resolved.liveObject && op === 'update') obj = await liveBase(client, obj, resource.namespaced);
      obj = withNamespace(
        asKubeObject(applyParameters(obj, resolved.parameters, events), 'the object after parameters'),
        resource.namespaced,
        ctx.namespace,
      );
      const { summary, result } = await runOperation(op, obj, {
        client,
        sensorName: ctx.sensorName,
        triggerName: ctx.triggerName,
        patchStrategy: resolved.patchStrategy,
        ...(this.now && { now: this.now }),
      });
      ctx.logger.debug({ [LOG_FIELDS.triggerType]: TYPE }, summary);
      if (result) await applyK8sPolicy(client, result, ctx.policy, ctx, TYPE);
      return { summary };
    } catch (err) {
      throw triggerError(
        TYPE,
        ctx,
        `${op} failed: ${describeError(err)}`,
        isRetryableKubeError(err) && !isParameterError(err),
        err,
      );
    }
  }

  async close() {}
}

/** The object's namespace, else the sensor's; none for a cluster-scoped kind. */
export function withNamespace(obj: KubeObject, namespaced: boolean, sensorNamespace: string): KubeObject {
  const { namespace, ...rest } = obj.metadata;
  if (!namespaced) return { ...obj, metadata: rest };
  return { ...obj, metadata: { ...rest, namespace: namespace || sensorNamespace } };
}

/**
 * `liveObject` (with `update`): the live object named by the source becomes the base the parameters are
 * applied to, so a trigger can change one field of whatever is in the cluster. Upstream requires the
 * name and (for namespaced kinds) a namespace in the source; jetflow defaults the namespace to the
 * sensor's like every other operation.
 */
async function liveBase(client: KubeClient, obj: KubeObject, namespaced: boolean): Promise<KubeObject> {
  if (!obj.metadata.name)
    throw new LiveObjectError('resource name must be specified for fetching live object');
  const live = await client.get(obj);
  if (!live)
    throw new LiveObjectError(
      `live object ${obj.kind} ${namespaced ? `${obj.metadata.namespace}/` : ''}${obj.metadata.name} not found`,
    );
  return live;
}

class LiveObjectError extends Error {
  override name = 'LiveObjectError';
}

/** Bad parameters, a missing live object and a failed policy do not heal by retrying as such. */
function isParameterError(err: unknown): boolean {
  return (
    err instanceof ObjectError ||
    err instanceof LiveObjectError ||
    err instanceof ParameterError ||
    err instanceof PolicyError
  );
}
