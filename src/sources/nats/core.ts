/**
 * Core NATS intake (upstream behaviour): a plain or queue subscription; at most once, as NATS core is.
 * The client restores the subscription after a reconnect.
 * @module
 */
import type { NatsConnection } from '@nats-io/transport-node';
import type { NATSEventSource } from '../../api/index.js';
import type { ListenerContext } from '../types.js';
import { InFlight } from '../broker/index.js';
import type { Outcome } from './handler.js';
import type { NatsMessage } from './payload.js';

/** A running intake: `stop()` ends it and waits for its dispatches. */
export interface Intake {
  stop(): Promise<void>;
}

/** Subscribe; resolves once the server has the subscription. `onFatal` gets a subscription error. */
export async function startCoreIntake(
  ctx: ListenerContext<NATSEventSource>,
  nc: NatsConnection,
  handle: (m: NatsMessage) => Promise<Outcome>,
  onFatal: (err: Error) => void,
): Promise<Intake> {
  const cfg = ctx.config;
  const inFlight = new InFlight();
  ctx.logger.info(
    { subject: cfg.subject, queue: cfg.queue },
    cfg.queue ? 'subscribing to messages on the subject with a queue group' : 'subscribing to messages',
  );
  const sub = nc.subscribe(cfg.subject, {
    queue: cfg.queue,
    callback: (err, msg) => {
      if (err) onFatal(err);
      else inFlight.track(handle(msg));
    },
  });
  await nc.flush(); // the SUB is on the server before the listener counts as receiving
  return {
    async stop() {
      sub.unsubscribe();
      await inFlight.idle();
    },
  };
}
