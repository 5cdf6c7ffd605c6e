/**
 * The `http` trigger driver (spec/sensor.md §10 `http`; argo-events `pkg/sensors/triggers/http`).
 * @module
 */
import http from 'node:http';
import https from 'node:https';
import type { TriggerError } from '../../api/index.js';
import { LOG_FIELDS } from '../../api/index.js';
import type { HTTPTrigger } from '../../api/index.js';
import { applyParameters } from '../../sensors/index.js';
import type { PreparedTrigger, TriggerContext, TriggerDriver, TriggerEvent } from '../types.js';
import { describeError, isTransientNetworkError, triggerError } from './errors.js';
import { applyStatusPolicy } from './policy.js';
import { buildRequest, redactUrl, type HttpRequestSpec } from './request.js';
import { send, type Agents } from './send.js';
import { tlsMaterial } from './tls.js';

/** Seconds, when `timeout` is absent or not positive (upstream). */
export const DEFAULT_HTTP_TIMEOUT_SECONDS = 60;

const TYPE = 'http';

/** Create the `http` driver. */
export function createHttpDriver(): TriggerDriver<HTTPTrigger> {
  return {
    type: TYPE,
    async prepare(template, ctx) {
      let tls;
      try {
        tls = tlsMaterial(template.tls, ctx.secrets);
      } catch (err) {
        throw triggerError(TYPE, ctx, `failed to get the tls configuration: ${describeError(err)}`, false);
      }
      const agents: Agents = {
        http: new http.Agent({ keepAlive: true }),
        https: new https.Agent({ keepAlive: true, ...tls }),
      };
      return new PreparedHttp(agents);
    },
  };
}

/** The default instance registered for `http`. */
export const httpDriver = createHttpDriver();

class PreparedHttp implements PreparedTrigger<HTTPTrigger> {
  private warnedEmptyBody = false;
  constructor(private readonly agents: Agents) {}

  async execute(resolved: HTTPTrigger, events: Record<string, TriggerEvent>, ctx: TriggerContext) {
    const logger = ctx.logger.child({ [LOG_FIELDS.triggerType]: TYPE });
    let req: HttpRequestSpec;
    let t: HTTPTrigger;
    try {
      t = applyParameters(resolved, resolved.parameters, events);
      req = buildRequest(t, events, ctx.secrets, ctx);
    } catch (err) {
      // Parameters, secrets, URL and method: repeating the attempt cannot change them.
      throw triggerError(TYPE, ctx, describeError(err), false, err);
    }
    const url = redactUrl(t.url ?? '');
    if (t.payload === undefined && req.method !== 'GET' && req.method !== 'DELETE' && !this.warnedEmptyBody) {
      this.warnedEmptyBody = true;
      logger.warn({ url }, 'payload parameters are not specified. request payload will be an empty string');
    }
    const seconds = t.timeout && t.timeout > 0 ? t.timeout : DEFAULT_HTTP_TIMEOUT_SECONDS;
    const timeout = AbortSignal.timeout(seconds * 1000);
    logger.info({ url, method: req.method }, 'Making a http request...');
    let res;
    try {
      res = await send(req, this.agents, AbortSignal.any([ctx.signal, timeout]));
    } catch (err) {
      throw transportError(err, url, seconds, timeout, ctx);
    }
    applyStatusPolicy(TYPE, res.status, res.headers, { ...ctx, logger });
    return { summary: `HTTP ${res.status}` };
  }

  async close() {
    this.agents.http.destroy();
    this.agents.https.destroy();
  }
}

function transportError(
  err: unknown,
  url: string,
  seconds: number,
  timeout: AbortSignal,
  ctx: TriggerContext,
): TriggerError {
  if (timeout.aborted) return triggerError(TYPE, ctx, `request to ${url} timed out after ${seconds}s`, true);
  if (ctx.signal.aborted) return triggerError(TYPE, ctx, `request to ${url} aborted: stopping`, true);
  return triggerError(
    TYPE,
    ctx,
    `request to ${url} failed: ${describeError(err)}`,
    isTransientNetworkError(err),
    err,
  );
}
