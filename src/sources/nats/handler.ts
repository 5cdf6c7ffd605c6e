/**
 * Turning one NATS message into one dispatched event, and what that means for the message: `ok`
 * (stored on the bus), `drop` (never storable: not JSON under `jsonBody`, as upstream drops it) or
 * `retry` (the bus refused it; only a JetStream message can be delivered again).
 * @module
 */
import { LOG_FIELDS } from '../../api/index.js';
import type { NATSEventSource } from '../../api/index.js';
import type { ListenerContext } from '../types.js';
import { natsPayload, type NatsMessage } from './payload.js';
import { traceOptions } from '../trace-context.js';

export type Outcome = 'ok' | 'drop' | 'retry';

/** A handler for the messages of one listener. */
export function natsHandler(ctx: ListenerContext<NATSEventSource>): (m: NatsMessage) => Promise<Outcome> {
  const cfg = ctx.config;
  return async (m) => {
    const started = performance.now();
    try {
      const payload = natsPayload(m, cfg);
      if (!payload) {
        ctx.metrics.processingFailed();
        ctx.logger.error(
          { subject: m.subject },
          'failed to marshal the event data, rejecting the event: the body is not JSON (jsonBody)',
        );
        return 'drop';
      }
      await ctx.dispatch(
        payload,
        traceOptions((k) => m.headers?.get(k) || undefined),
      );
      return 'ok';
    } catch (err) {
      // dispatch counted and logged the bus failure already; this line says what happens to the message
      ctx.logger.error({ subject: m.subject, [LOG_FIELDS.error]: err }, 'failed to dispatch a NATS event');
      return 'retry';
    } finally {
      ctx.metrics.observeSince(started);
    }
  };
}
