/**
 * The `awsLambda` trigger (spec/sensor.md §10; argo-events `pkg/sensors/triggers/aws-lambda`): invoke
 * `functionName` with the payload built from `payload` (after `parameters` were applied to the trigger
 * object), as `invocationType` (RequestResponse default, Event, DryRun). `policy.status.allow` is
 * checked against the invoke status code, as upstream; a function error (`X-Amz-Function-Error`) is
 * logged but, as upstream, not a failure. The SDK's own retries are off: the sensor's retryStrategy
 * decides, with throttling, 5xx, timeouts and network errors retryable and the rest (unknown function,
 * access denied, bad payload) not.
 * @module
 */
import { InvokeCommand, LambdaClient, type InvocationType } from '@aws-sdk/client-lambda';
import { LOG_FIELDS } from '../../api/index.js';
import type { AWSLambdaTrigger } from '../../api/index.js';
import { applyParameters, constructPayload } from '../../sensors/index.js';
import { awsClientConfig, awsErrorText } from '../../sources/aws/index.js';
import { describeError, isRetryableStatus, isTransientNetworkError, triggerError } from '../http/index.js';
import { applyStatusPolicy } from '../http/policy.js';
import type { PreparedTrigger, TriggerContext, TriggerDriver, TriggerEvent } from '../types.js';

const TYPE = 'awsLambda';

export interface AwsLambdaDriverOptions {
  /** How long one invoke may take. @default 60000 */
  timeoutMs?: number;
}

export function createAwsLambdaDriver(o: AwsLambdaDriverOptions = {}): TriggerDriver<AWSLambdaTrigger> {
  const timeoutMs = o.timeoutMs ?? 60_000;
  return {
    type: TYPE,
    prepare(template, ctx) {
      try {
        const client = new LambdaClient({
          ...awsClientConfig(template, ctx.secrets, `jetflow-${ctx.sensorName}-${ctx.triggerName}`),
          maxAttempts: 1,
          requestHandler: { requestTimeout: timeoutMs, connectionTimeout: Math.min(timeoutMs, 10_000) },
        });
        return Promise.resolve(new PreparedLambda(client, timeoutMs));
      } catch (err) {
        return Promise.reject(
          triggerError(TYPE, ctx, `failed to prepare the lambda client: ${describeError(err)}`, false),
        );
      }
    },
  };
}

export const awsLambdaDriver = createAwsLambdaDriver();

class PreparedLambda implements PreparedTrigger<AWSLambdaTrigger> {
  constructor(
    private readonly client: LambdaClient,
    private readonly timeoutMs: number,
  ) {}

  async execute(resolved: AWSLambdaTrigger, events: Record<string, TriggerEvent>, ctx: TriggerContext) {
    let t: AWSLambdaTrigger;
    let payload: string;
    try {
      t = applyParameters(resolved, resolved.parameters, events);
      if (!t.payload) throw new Error('payload parameters are not specified');
      payload = constructPayload(t.payload, events);
    } catch (err) {
      throw triggerError(TYPE, ctx, describeError(err), false, err);
    }
    if (!t.functionName) throw triggerError(TYPE, ctx, 'function name is not specified', false);
    const fn = t.functionName;
    const signal = AbortSignal.any([ctx.signal, AbortSignal.timeout(this.timeoutMs)]);
    let out;
    try {
      out = await this.client.send(
        new InvokeCommand({
          FunctionName: fn,
          Payload: Buffer.from(payload, 'utf8'),
          InvocationType: (t.invocationType ?? 'RequestResponse') as InvocationType,
        }),
        { abortSignal: signal },
      );
    } catch (err) {
      const why = ctx.signal.aborted
        ? 'stopping'
        : signal.aborted
          ? `timed out after ${this.timeoutMs} ms`
          : awsErrorText(err);
      throw triggerError(TYPE, ctx, `failed to invoke lambda function ${fn}: ${why}`, retryable(err, signal));
    }
    const status = out.StatusCode ?? 0;
    if (out.FunctionError)
      ctx.logger.warn(
        { [LOG_FIELDS.triggerType]: TYPE, functionName: fn, functionError: out.FunctionError, status },
        'the lambda function returned an error (counts as success, as upstream)',
      );
    applyStatusPolicy(TYPE, status, {}, ctx);
    ctx.logger.debug({ [LOG_FIELDS.triggerType]: TYPE, functionName: fn, status }, 'lambda invoked');
    return { summary: `lambda ${fn}: ${status}` };
  }

  close(): Promise<void> {
    this.client.destroy();
    return Promise.resolve();
  }
}

/** Throttling, 5xx, timeouts, aborts and socket errors are worth another attempt. */
function retryable(err: unknown, signal: AbortSignal): boolean {
  if (signal.aborted) return true;
  const e = err as { name?: string; $retryable?: unknown; $metadata?: { httpStatusCode?: number } };
  if (e.$retryable) return true;
  const status = e.$metadata?.httpStatusCode;
  if (status !== undefined) return isRetryableStatus(status) || /Throttl|TooManyRequests/.test(e.name ?? '');
  return e.name === 'TimeoutError' || isTransientNetworkError(err) || e.name === 'AbortError';
}
