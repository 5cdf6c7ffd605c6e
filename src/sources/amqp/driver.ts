/**
 * The `amqp` type (spec/eventsource.md §3.10): declare the exchange, the queue and the binding, consume,
 * and turn each delivery into an event with the message properties. With `autoAck` off a delivery is
 * acked only after the bus stored its event (upstream never acks then); a bus failure requeues it after
 * a pause. The first connection follows `connectionBackoff`; a lost one is re-opened with backoff,
 * forever, while the listener's health follows the link.
 * @module
 */
import type { Channel, ConsumeMessage } from 'amqplib';
import { LOG_FIELDS } from '../../api/index.js';
import type { AMQPEventSource } from '../../api/index.js';
import { sleep } from '../runtime/retry.js';
import type { ListenerContext, SourceDriver } from '../types.js';
import {
  brokerClientName,
  connectBackoff,
  InFlight,
  linkReporter,
  reconnectDelayMs,
  withConnectRetry,
} from '../broker/index.js';
import { amqpPayload } from './payload.js';
import { openSession, type AmqpSession } from './session.js';
import { amqpSettings, amqpWhere } from './settings.js';
import { traceOptions } from '../trace-context.js';

/** Pause before a delivery the bus refused goes back to the queue (so a bus outage is no hot loop). */
export const REQUEUE_PAUSE_MS = 1000;

export interface AmqpDriverOptions {
  /** Test hook: every session the listener opens (to cut its connection from the client side). */
  onSession?(s: AmqpSession): void;
}

/** An amqp driver; `amqpDriver` is the one without hooks. */
export function createAmqpDriver(o: AmqpDriverOptions = {}): SourceDriver<AMQPEventSource> {
  return {
    type: 'amqp',
    async start(ctx) {
      const s = amqpSettings(ctx.config, ctx.secrets, brokerClientName(ctx));
      const backoff = connectBackoff(ctx.config.connectionBackoff);
      const where = amqpWhere(s.url);
      const link = linkReporter(ctx, where);
      const stopping = new AbortController();
      const inFlight = new InFlight();
      const handle = deliveryHandler(ctx, s.consume.autoAck, stopping.signal);
      const onMessage = (ch: Channel, msg: ConsumeMessage) => inFlight.track(handle(ch, msg));
      const open = async () => {
        const session = await openSession(s, onMessage);
        o.onSession?.(session);
        return session;
      };
      ctx.logger.info({ broker: where }, 'connecting to the amqp broker...');
      let session = await withConnectRetry(backoff, ctx.signal, open, (err, k) =>
        ctx.logger.warn({ [LOG_FIELDS.error]: err, attempt: k + 1 }, 'failed to connect to the amqp broker'),
      );
      if (!session) return { stop: () => Promise.resolve() };
      link.up();
      if (ctx.config.jsonBody) ctx.logger.info('assuming all events have a json body...');

      const supervise = async () => {
        for (;;) {
          const lost = await Promise.race([session!.closed, aborted(stopping.signal)]);
          if (!lost) return;
          link.down(lost);
          session!.abandon();
          for (let n = 1; ; n++) {
            if (!(await sleep(reconnectDelayMs(backoff, n), stopping.signal))) return;
            try {
              session = await open();
              link.up();
              break;
            } catch (err) {
              link.down(err);
            }
          }
        }
      };
      const running = supervise();
      return {
        async stop() {
          stopping.abort();
          await running;
          const last = session!;
          // no new deliveries; those under way are acked before the connection closes
          await Promise.race([last.ch.cancel(last.consumerTag), last.closed]).catch(() => undefined);
          await inFlight.idle();
          await last.close();
          ctx.logger.info('event source is stopped');
        },
      };
    },
  };
}

export const amqpDriver = createAmqpDriver();

/** Resolves `undefined` when `signal` aborts. */
function aborted(signal: AbortSignal): Promise<undefined> {
  return new Promise((r) => {
    if (signal.aborted) r(undefined);
    else signal.addEventListener('abort', () => r(undefined), { once: true });
  });
}

/** Dispatch one delivery, then settle it on its channel (unless the broker auto-acked it). */
function deliveryHandler(ctx: ListenerContext<AMQPEventSource>, autoAck: boolean, stopping: AbortSignal) {
  return async (ch: Channel, msg: ConsumeMessage): Promise<void> => {
    const started = performance.now();
    const ids = { messageId: msg.properties.messageId, redelivered: msg.fields.redelivered };
    let outcome: 'ok' | 'drop' | 'retry' = 'ok';
    try {
      const payload = amqpPayload(msg, ctx.config);
      if (payload === undefined) {
        outcome = 'drop';
        ctx.metrics.processingFailed();
        ctx.logger.error(ids, 'failed to process an AMQP message: the body is not JSON (jsonBody)');
      } else
        await ctx.dispatch(
          payload,
          traceOptions((k) => msg.properties.headers?.[k]),
        );
    } catch (err) {
      outcome = 'retry';
      ctx.logger.error({ ...ids, [LOG_FIELDS.error]: err }, 'failed to process an AMQP message');
    } finally {
      ctx.metrics.observeSince(started);
    }
    if (autoAck) return;
    try {
      if (outcome === 'ok') ch.ack(msg);
      else if (outcome === 'drop')
        ch.nack(msg, false, false); // never storable: discard or dead-letter
      else {
        await sleep(REQUEUE_PAUSE_MS, stopping);
        ch.nack(msg, false, true);
      }
    } catch {
      // the channel is gone: the broker requeues every unacked delivery of it by itself
    }
  };
}
