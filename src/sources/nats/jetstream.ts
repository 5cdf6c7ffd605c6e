/**
 * JetStream intake (jetflow extension, argo-events#3160): read `subject` from `jetstream.stream`
 * through the durable pull consumer `jetstream.durable`, so what is published while the source is down
 * is delivered when it is back. A message is acked only after the bus stored its event; a bus failure
 * naks it with a delay (redelivered), a body that can never be stored is terminated.
 * @module
 */
import {
  AckPolicy,
  DeliverPolicy,
  JetStreamApiCodes,
  JetStreamApiError,
  jetstream,
  jetstreamManager,
  type JetStreamManager,
  type JsMsg,
} from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import type { NATSEventSource, NATSJetStreamSource } from '../../api/index.js';
import { LOG_FIELDS } from '../../api/index.js';
import { throttledLog } from '../../bus/index.js';
import type { ListenerContext } from '../types.js';
import { InFlight } from '../broker/index.js';
import type { Intake } from './core.js';
import type { Outcome } from './handler.js';
import type { NatsMessage } from './payload.js';

/** Wait before a message the bus refused is delivered again. */
export const NAK_DELAY_MS = 1000;
/** Messages pulled ahead; unacked ones are bounded by the consumer's max ack pending as well. */
const PULL_BATCH = 256;
/** Settings of a durable this listener creates. */
const CREATED = { ackWaitNs: 30e9, maxAckPending: 1000 };

const POLICIES: Record<NonNullable<NATSJetStreamSource['deliverPolicy']>, DeliverPolicy> = {
  all: DeliverPolicy.All,
  last: DeliverPolicy.Last,
  new: DeliverPolicy.New,
  lastPerSubject: DeliverPolicy.LastPerSubject,
};

/** Start consuming; resolves once the consumer exists and pulling started. */
export async function startJetStreamIntake(
  ctx: ListenerContext<NATSEventSource>,
  nc: NatsConnection,
  handle: (m: NatsMessage) => Promise<Outcome>,
): Promise<Intake> {
  const js = ctx.config.jetstream!;
  await ensureConsumer(await jetstreamManager(nc), js, ctx);
  const consumer = await jetstream(nc).consumers.get(js.stream, js.durable);
  const inFlight = new InFlight();
  const settle = (m: JsMsg, o: Outcome) => {
    if (o === 'ok') m.ack();
    else if (o === 'drop') m.term('not storable');
    else m.nak(NAK_DELAY_MS);
  };
  const messages = await consumer.consume({
    max_messages: PULL_BATCH,
    callback: (m) => inFlight.track(handle(m).then((o) => settle(m, o))),
  });
  const throttle = throttledLog(ctx.logger);
  void (async () => {
    for await (const s of messages.status()) {
      if (
        ['heartbeats_missed', 'consumer_not_found', 'consumer_deleted', 'stream_not_found'].includes(s.type)
      )
        throttle.log(
          'warn',
          s.type,
          { stream: js.stream, durable: js.durable, status: s.type },
          'consumer pull problem, retrying',
        );
    }
  })().catch(() => undefined);
  ctx.logger.info(
    { stream: js.stream, durable: js.durable },
    'consuming from the JetStream durable consumer',
  );
  return {
    async stop() {
      await messages.close();
      await inFlight.idle();
    },
  };
}

/** Create the durable when it does not exist; an existing one is used as it is (its settings win). */
async function ensureConsumer(
  jsm: JetStreamManager,
  js: NATSJetStreamSource,
  ctx: ListenerContext<NATSEventSource>,
): Promise<void> {
  try {
    const info = await jsm.consumers.info(js.stream, js.durable);
    if (info.config.filter_subject && info.config.filter_subject !== ctx.config.subject)
      ctx.logger.warn(
        { durable: js.durable, filter: info.config.filter_subject, subject: ctx.config.subject },
        'the existing durable consumer filters another subject; it is used as it is',
      );
    return;
  } catch (err) {
    if (err instanceof JetStreamApiError && err.code === JetStreamApiCodes.StreamNotFound)
      throw new Error(`stream "${js.stream}" not found: create it first (it must capture the subject)`, {
        cause: err,
      });
    if (!(err instanceof JetStreamApiError && err.code === JetStreamApiCodes.ConsumerNotFound)) throw err;
  }
  try {
    await jsm.consumers.add(js.stream, {
      durable_name: js.durable,
      filter_subject: ctx.config.subject,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: POLICIES[js.deliverPolicy ?? 'all'],
      ack_wait: CREATED.ackWaitNs,
      max_ack_pending: CREATED.maxAckPending,
    });
    ctx.logger.info({ stream: js.stream, durable: js.durable }, 'created the durable consumer');
  } catch (err) {
    // a second listener sharing the durable may have created it first
    const raced = await jsm.consumers.info(js.stream, js.durable).catch(() => undefined);
    if (!raced) {
      ctx.logger.error({ [LOG_FIELDS.error]: err }, 'cannot create the durable consumer');
      throw err;
    }
  }
}
