/**
 * The `redisStream` type (spec/eventsource.md §3.9): one consumer group (`consumerGroup`, default
 * `argo-events-cg`) on every stream, read as consumer `argo-events-worker`; each entry becomes
 * `{"stream", "message_id", "values", "metadata"}` and is XACKed only after the bus stored it.
 * @module
 */
import { ConfigError } from '../../api/index.js';
import type { RedisStreamEventSource } from '../../api/index.js';
import type { SourceDriver } from '../types.js';
import { closeRedis, connectRedis, silenceRedis } from '../redis/index.js';
import { DEFAULT_CONSUMER_GROUP, ensureGroups, StreamReader } from './reader.js';

export const redisStreamDriver: SourceDriver<RedisStreamEventSource> = {
  type: 'redisStream',
  async start(ctx) {
    const cfg = ctx.config;
    if (cfg.streams.length === 0) throw new ConfigError('stream/streams must be specified');
    const client = await connectRedis(ctx);
    const group = cfg.consumerGroup || DEFAULT_CONSUMER_GROUP;
    try {
      await ensureGroups(client, cfg.streams, group);
    } catch (err) {
      closeRedis(client, ctx);
      throw new Error(
        `creating consumer group ${group} on ${cfg.streams.join(', ')}: ${(err as Error).message}`,
        {
          cause: err,
        },
      );
    }
    const reader = new StreamReader(ctx, client);
    const running = reader.run();
    ctx.logger.info({ streams: cfg.streams, group }, 'reading the streams through the consumer group');
    return {
      async stop() {
        silenceRedis(client); // the reader may cut its blocking read by closing the connection
        reader.stop();
        await running;
        closeRedis(client, ctx);
        ctx.logger.info('event source is stopped');
      },
      done: running.then(() => undefined),
    };
  },
};
