/**
 * The `custom` trigger driver (spec/sensor.md §10 `custom`; argo-events
 * `pkg/sensors/triggers/custom-trigger`): FetchResource with the YAML of `spec`, the type's
 * `parameters` applied to the fetched resource (JSON), Execute with the resource and the payload,
 * then ApplyPolicy with the response. As upstream, a policy answer of `success: false` is logged and
 * does not fail the attempt; only a failed call does.
 * @module
 */
import type { ServiceError } from '@grpc/grpc-js';
import { stringify as toYaml } from 'yaml';
import type { CustomTrigger } from '../../api/index.js';
import { applyParametersText, constructPayload } from '../../sensors/index.js';
import { describeError, triggerError } from '../http/index.js';
import type { PreparedTrigger, TriggerContext, TriggerDriver, TriggerEvent } from '../types.js';
import { isRetryableCall, TriggerClient, type MethodName, type Req, type Res } from './client.js';

const TYPE = 'custom';

export interface CustomDriverOptions {
  /** Deadline of each call. @default 60000 */
  timeoutMs?: number;
}

/** Create the `custom` driver. */
export function createCustomDriver(opts: CustomDriverOptions = {}): TriggerDriver<CustomTrigger> {
  const timeoutMs = opts.timeoutMs ?? 60_000;
  return {
    type: TYPE,
    async prepare(template, ctx) {
      if (!template.serverURL)
        throw triggerError(TYPE, ctx, 'custom trigger gRPC server url is not defined', false);
      let rootCert: string | undefined;
      try {
        if (template.secure) {
          if (!template.certSecret) throw new Error('invalid config, CERT secret not defined');
          rootCert = ctx.secrets.secret(template.certSecret);
        }
      } catch (err) {
        throw triggerError(TYPE, ctx, describeError(err), false);
      }
      const client = new TriggerClient({
        serverURL: template.serverURL,
        rootCert,
        serverNameOverride: template.serverNameOverride,
      });
      return new PreparedCustom(client, timeoutMs);
    },
  };
}

/** The default instance registered for `custom`. */
export const customDriver = createCustomDriver();

class PreparedCustom implements PreparedTrigger<CustomTrigger> {
  constructor(
    private readonly client: TriggerClient,
    private readonly timeoutMs: number,
  ) {}

  async execute(resolved: CustomTrigger, events: Record<string, TriggerEvent>, ctx: TriggerContext) {
    const fetched = await this.call('fetchResource', { resource: Buffer.from(specYaml(resolved.spec)) }, ctx);
    let resource = fetched.resource;
    let payload: Buffer;
    try {
      if (resolved.parameters && resolved.parameters.length > 0)
        resource = withParameters(resource, resolved, events, ctx);
      payload = resolved.payload ? Buffer.from(constructPayload(resolved.payload, events)) : Buffer.alloc(0);
    } catch (err) {
      throw triggerError(TYPE, ctx, describeError(err), false, err);
    }
    const executed = await this.call('execute', { resource, payload }, ctx);
    const policy = await this.call('applyPolicy', { request: executed.response }, ctx);
    ctx.logger.info({ success: policy.success, message: policy.message }, 'policy application result');
    if (!policy.success)
      ctx.logger.warn(
        { message: policy.message },
        'the trigger server reported a policy failure; ignored (as upstream)',
      );
    return { summary: `executed (policy success: ${policy.success})` };
  }

  private async call<K extends MethodName>(name: K, req: Req<K>, ctx: TriggerContext): Promise<Res<K>> {
    try {
      return await this.client.call(name, req, this.timeoutMs, ctx.signal, ctx.trace);
    } catch (err) {
      const e = err as ServiceError;
      const what = ctx.signal.aborted ? 'stopping' : `${e.code}: ${e.details}`;
      throw triggerError(
        TYPE,
        ctx,
        `${name} failed for ${ctx.triggerName}: ${what}`,
        ctx.signal.aborted || isRetryableCall(e),
      );
    }
  }

  async close() {
    this.client.close();
  }
}

/** `spec` as upstream sends it (ghodss/yaml of a map: keys sorted). */
export function specYaml(spec: Record<string, string> | undefined): string {
  return toYaml(spec ?? {}, { sortMapEntries: true });
}

/** Apply the type's parameters to the fetched resource, which must then be a JSON object. */
function withParameters(
  resource: Buffer,
  t: CustomTrigger,
  events: Record<string, TriggerEvent>,
  ctx: TriggerContext,
): Buffer {
  const text = resource.toString('utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
    throw new Error(`fetched resource body is not valid JSON for trigger ${ctx.triggerName}`);
  return Buffer.from(applyParametersText(text, t.parameters, events));
}
