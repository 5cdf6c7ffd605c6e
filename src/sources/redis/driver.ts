/**
 * The `redis` type (spec/eventsource.md §3.8): SUBSCRIBE (not PSUBSCRIBE) to `channels`; each message
 * becomes `{"channel", "pattern": "", "body", "metadata"}` with `body` the message as a string, or as
 * embedded JSON with `jsonBody` (a message that is not JSON is then dropped). Pub/sub is at most once:
 * what is published while the link is down is lost, as with upstream.
 * @module
 */
import { ConfigError } from '../../api/index.js';
import { LOG_FIELDS } from '../../api/index.js';
import type { RedisEventSource } from '../../api/index.js';
import type { ListenerContext, SourceDriver } from '../types.js';
import { bodyJson, InFlight, jsonObject, metadataJson } from '../broker/index.js';
import { closeRedis, connectRedis } from './client.js';

export const redisDriver: SourceDriver<RedisEventSource> = {
  type: 'redis',
  async start(ctx) {
    const cfg = ctx.config;
    if (cfg.channels.length === 0) throw new ConfigError('channel/s must be specified');
    const client = await connectRedis(ctx);
    const inFlight = new InFlight();
    const handle = redisHandler(ctx);
    client.on('messageBuffer', (channel: Buffer, message: Buffer) =>
      inFlight.track(handle(channel.toString('utf8'), message)),
    );
    try {
      await client.subscribe(...cfg.channels);
    } catch (err) {
      closeRedis(client, ctx);
      throw new Error(`failed to subscribe to ${cfg.channels.join(', ')}: ${(err as Error).message}`, {
        cause: err,
      });
    }
    if (cfg.jsonBody) ctx.logger.info('assuming all events have a json body...');
    ctx.logger.info({ channels: cfg.channels }, 'subscribed to the channels');
    return {
      async stop() {
        // closing the connection ends the subscription; an UNSUBSCRIBE would wait for a broken link
        closeRedis(client, ctx);
        await inFlight.idle();
        ctx.logger.info('event source is stopped');
      },
    };
  },
};

/** Dispatch one pub/sub message; failures are logged (pub/sub cannot deliver it again). */
function redisHandler(ctx: ListenerContext<RedisEventSource>) {
  const cfg = ctx.config;
  const metadata = metadataJson(cfg.metadata);
  return async (channel: string, message: Buffer): Promise<void> => {
    const started = performance.now();
    try {
      const body = cfg.jsonBody ? bodyJson(message, true) : JSON.stringify(message.toString('utf8'));
      if (body === undefined) {
        ctx.metrics.processingFailed();
        ctx.logger.error(
          { channel },
          'failed to marshal the event data, rejecting the event: not JSON (jsonBody)',
        );
        return;
      }
      await ctx.dispatch(
        jsonObject([
          ['channel', JSON.stringify(channel)],
          ['pattern', '""'],
          ['body', body],
          ['metadata', metadata],
        ]),
      );
    } catch (err) {
      ctx.logger.error({ channel, [LOG_FIELDS.error]: err }, 'failed to process a Redis message');
    } finally {
      ctx.metrics.observeSince(started);
    }
  };
}
