/**
 * The `nats` trigger driver: publishes the payload on core NATS (spec/sensor.md §10 `nats`;
 * argo-events `pkg/sensors/triggers/nats`). Success means the server has the message: the publish is
 * followed by a flush (a PING/PONG round trip), so a message buffered while disconnected is not
 * reported as delivered.
 * @module
 */
import { connect, headers, type ConnectionOptions, type NatsConnection } from '@nats-io/transport-node';
import { LOG_FIELDS } from '../../api/index.js';
import type { NATSTrigger } from '../../api/index.js';
import { applyParameters, constructPayload } from '../../sensors/index.js';
import {
  describeError,
  EVENT_ID_HEADER,
  eventIds,
  idempotencyKey,
  isTransientNetworkError,
  REPLAY_HEADER,
  triggerError,
} from '../http/index.js';
import { TRACEPARENT_HEADER, TRACESTATE_HEADER } from '../../api/index.js';
import type { PreparedTrigger, TriggerContext, TriggerDriver, TriggerEvent } from '../types.js';
import { connectionOptions, serverList } from './connect.js';

const TYPE = 'nats';
/** Header JetStream uses to drop a repeated publish (when a stream captures the subject). */
export const NATS_MSG_ID_HEADER = 'Nats-Msg-Id';

export interface NatsDriverOptions {
  /** How long connecting and the flush after a publish may take. @default 10000 */
  timeoutMs?: number;
}

/** Create the `nats` driver. */
export function createNatsDriver(opts: NatsDriverOptions = {}): TriggerDriver<NATSTrigger> {
  const timeoutMs = opts.timeoutMs ?? 10_000;
  return {
    type: TYPE,
    async prepare(template, ctx) {
      try {
        return new PreparedNats(connectionOptions(template, ctx.secrets), timeoutMs);
      } catch (err) {
        throw triggerError(TYPE, ctx, `failed to prepare the connection: ${describeError(err)}`, false);
      }
    },
  };
}

/** The default instance registered for `nats`. */
export const natsDriver = createNatsDriver();

class PreparedNats implements PreparedTrigger<NATSTrigger> {
  private conn?: { url: string; nc: Promise<NatsConnection>; connected: boolean };

  constructor(
    private readonly options: ConnectionOptions,
    private readonly timeoutMs: number,
  ) {}

  async execute(resolved: NATSTrigger, events: Record<string, TriggerEvent>, ctx: TriggerContext) {
    let payload: string;
    try {
      const t = applyParameters(resolved, resolved.parameters, events);
      if (!t.payload) throw new Error('payload parameters are not specified');
      payload = constructPayload(t.payload, events);
    } catch (err) {
      throw triggerError(TYPE, ctx, describeError(err), false, err);
    }
    // Upstream publishes to the template's subject: `nats.parameters` cannot change it.
    const subject = resolved.subject ?? '';
    if (!resolved.url) throw triggerError(TYPE, ctx, "nats server url can't be empty", false);
    if (!subject) throw triggerError(TYPE, ctx, "nats subject can't be empty", false);
    const nc = await this.connection(resolved.url, ctx);
    const h = headers();
    if (Object.keys(events).length > 0) {
      h.set(NATS_MSG_ID_HEADER, idempotencyKey(ctx, events));
      h.set(EVENT_ID_HEADER, eventIds(events).join(','));
    }
    if (ctx.replayId) h.set(REPLAY_HEADER, ctx.replayId);
    if (ctx.trace) {
      h.set(TRACEPARENT_HEADER, ctx.trace.traceparent);
      if (ctx.trace.tracestate) h.set(TRACESTATE_HEADER, ctx.trace.tracestate);
    }
    try {
      nc.publish(subject, payload, { headers: h });
    } catch (err) {
      // Bad subject, payload over max_payload: the same publish would fail again.
      throw triggerError(TYPE, ctx, `publish to ${subject} failed: ${describeError(err)}`, false, err);
    }
    ctx.logger.debug({ [LOG_FIELDS.triggerType]: TYPE, subject }, 'published');
    await this.bounded(nc.flush(), ctx, `publish to ${subject} not confirmed by the server`);
    return { summary: `published to ${subject}` };
  }

  private async connection(url: string, ctx: TriggerContext): Promise<NatsConnection> {
    if (this.conn && this.conn.url !== url) await this.close();
    if (!this.conn) {
      const nc = connect({
        ...this.options,
        servers: serverList(url),
        timeout: this.timeoutMs,
        name: `jetflow ${ctx.sensorName}/${ctx.triggerName}`,
        maxReconnectAttempts: -1,
      });
      const conn = { url, nc, connected: false };
      this.conn = conn;
      nc.then(
        () => (conn.connected = true),
        // Keep a failed attempt from being cached: the next execution connects again.
        () => {
          if (this.conn === conn) this.conn = undefined;
        },
      );
    }
    const nc = await this.bounded(this.conn.nc, ctx, `cannot connect to ${url}`);
    if (!nc.isClosed()) return nc;
    // Closed for good (e.g. the server revoked us): start over once.
    this.conn = undefined;
    return this.connection(url, ctx);
  }

  /** Await `p` within the timeout and the stop signal; every failure here is worth a retry. */
  private async bounded<T>(p: Promise<T>, ctx: TriggerContext, what: string): Promise<T> {
    const signal = AbortSignal.any([ctx.signal, AbortSignal.timeout(this.timeoutMs)]);
    let onAbort!: () => void;
    const aborted = new Promise<never>((_, reject) => {
      onAbort = () =>
        reject(new Error(ctx.signal.aborted ? 'stopping' : `timed out after ${this.timeoutMs} ms`));
      if (signal.aborted) onAbort();
      else signal.addEventListener('abort', onAbort, { once: true });
    });
    try {
      return await Promise.race([p, aborted]);
    } catch (err) {
      throw triggerError(TYPE, ctx, `${what}: ${describeError(err)}`, isTransient(err), err);
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
  }

  async close() {
    const c = this.conn;
    this.conn = undefined;
    if (!c) return;
    const closing = c.nc.then((nc) => nc.close()).catch(() => {});
    // A connect still in progress cannot be cancelled: it is closed when it lands, without waiting.
    if (c.connected) await closing;
  }
}

/**
 * A refused login and an untrusted certificate stay that way; anything else (refused, reset, timeout)
 * may pass next time. The client wraps socket errors: look along the `cause` chain.
 */
function isTransient(err: unknown): boolean {
  for (let e = err, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if (/authori[sz]ation|authentication/i.test(e.message)) return false;
    if (!isTransientNetworkError(e)) return false;
  }
  return true;
}
