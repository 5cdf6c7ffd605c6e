/**
 * The `nats` type (spec/eventsource.md §3.7): a core NATS subscription (plain or queue group) whose
 * messages become events `{"subject", "body", "header", "metadata"}`; or, with the jetflow extension
 * `jetstream`, a durable JetStream consumer acked only after the bus stored the event. The first
 * connection follows `connectionBackoff`; after that the client reconnects by itself, forever, and the
 * listener's health follows the connection.
 * @module
 */
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { LOG_FIELDS } from '../../api/index.js';
import type { NATSEventSource } from '../../api/index.js';
import type { Listener, ListenerContext, SourceDriver } from '../types.js';
import {
  brokerClientName,
  connectBackoff,
  linkReporter,
  redactUrl,
  withConnectRetry,
  type LinkReporter,
} from '../broker/index.js';
import { natsConnectOptions } from './connect.js';
import { startCoreIntake, type Intake } from './core.js';
import { natsHandler } from './handler.js';
import { startJetStreamIntake } from './jetstream.js';

/** Longest wait for the final flush of acks when stopping. */
const STOP_FLUSH_MS = 2000;

export const natsDriver: SourceDriver<NATSEventSource> = {
  type: 'nats',
  async start(ctx) {
    const cfg = ctx.config;
    const backoff = connectBackoff(cfg.connectionBackoff);
    const opts = natsConnectOptions(cfg, ctx.secrets, backoff, brokerClientName(ctx));
    const where = `nats ${redactUrl(cfg.url)}`;
    ctx.logger.info({ broker: where }, 'connecting to nats cluster...');
    const nc = await withConnectRetry(
      backoff,
      ctx.signal,
      () => connect(opts),
      (err, k) =>
        ctx.logger.warn({ [LOG_FIELDS.error]: err, attempt: k + 1 }, 'failed to connect to the nats server'),
    );
    if (!nc) return { stop: () => Promise.resolve() }; // stopped while connecting
    try {
      return await listen(ctx, nc, linkReporter(ctx, where));
    } catch (err) {
      await nc.close();
      throw err;
    }
  },
};

async function listen(
  ctx: ListenerContext<NATSEventSource>,
  nc: NatsConnection,
  link: LinkReporter,
): Promise<Listener> {
  let stopping = false;
  let fatal: ((err: Error) => void) | undefined;
  const failed = new Promise<never>((_, reject) => (fatal = reject));
  failed.catch(() => undefined);
  void watchStatus(nc, link, () => stopping);
  const handle = natsHandler(ctx);
  const onFatal = (err: Error) => {
    ctx.setHealth({ ok: false, message: `subscription failed: ${err.message}` });
    fatal?.(err);
  };
  const intake: Intake = ctx.config.jetstream
    ? await startJetStreamIntake(ctx, nc, handle)
    : await startCoreIntake(ctx, nc, handle, onFatal);
  link.up();
  if (ctx.config.jsonBody) ctx.logger.info('assuming all events have a json body...');
  const closed = nc.closed().then((err) => {
    if (!stopping) throw new Error(`the nats connection closed: ${err?.message ?? 'by the server'}`);
  });
  return {
    async stop() {
      stopping = true;
      await intake.stop();
      // acks written by the intake must reach the server before the connection goes
      await Promise.race([nc.flush(), new Promise((r) => setTimeout(r, STOP_FLUSH_MS).unref())]).catch(
        () => undefined,
      );
      await nc.close();
      ctx.logger.info('event source is stopped');
    },
    done: Promise.race([closed, failed]),
  };
}

/** Health and (rate-limited) log lines follow the connection's status events. */
async function watchStatus(nc: NatsConnection, link: LinkReporter, stopping: () => boolean): Promise<void> {
  for await (const s of nc.status()) {
    if (stopping()) return;
    if (s.type === 'disconnect') link.down(new Error(`disconnected from ${s.server}`));
    else if (s.type === 'reconnect') link.up();
  }
}
