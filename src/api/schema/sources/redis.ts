/** `redis` (pub/sub) and `redisStream` (spec/eventsource.md §3.8, §3.9). */
import { z } from 'zod';
import type { IssueSink, PathSeg } from '../../issues.js';
import { obj, secretKeySelector, tlsConfig } from '../common.js';
import { checkFilter, checkTls } from './checks.js';
import { eventSourceFilter, required, userMetadata } from './shared.js';

export const redisEventSource = obj({
  /** `host:port`. Required. */
  hostAddress: required('host address must be specified'),
  password: secretKeySelector.optional(),
  /** Legacy: upstream requires it whenever `password` is set (it is otherwise unused). */
  namespace: z.string().optional(),
  /** Database number. @default 0 */
  db: z.number().int().optional(),
  /** Channels to SUBSCRIBE to (not patterns). Required. */
  channels: z.array(z.string()),
  tls: tlsConfig.optional(),
  metadata: userMetadata.optional(),
  filter: eventSourceFilter.optional(),
  /** Body is JSON: embedded as raw JSON instead of a string. */
  jsonBody: z.boolean().optional(),
  /** ACL user name. */
  username: z.string().optional(),
});
export type RedisEventSource = z.infer<typeof redisEventSource>;

function checkDb(db: number | undefined, at: PathSeg[], sink: IssueSink): void {
  if (db !== undefined && db < 0) sink.error([...at, 'db'], `expected db >= 0, found ${db}`);
}

/** Semantic rules of `spec.redis.<event>`: upstream's validation plus what it accepts but cannot work. */
export function checkRedis(cfg: RedisEventSource, at: PathSeg[], sink: IssueSink): void {
  if (cfg.channels.length === 0)
    sink.error([...at, 'channels'], 'channel/s must be specified: expected at least one channel');
  if (cfg.password && !cfg.namespace)
    sink.error(
      [...at, 'namespace'],
      'namespace must be defined in order to retrieve the password from the secret (upstream requires it with password)',
    );
  checkDb(cfg.db, at, sink);
  checkTls(cfg.tls, [...at, 'tls'], sink);
  checkFilter(cfg.filter, at, sink);
}

export const redisStreamEventSource = obj({
  /** `host:port` of the master. Required. */
  hostAddress: required('host address must be specified'),
  password: secretKeySelector.optional(),
  /** Database number. @default 0 */
  db: z.number().int().optional(),
  /** Streams read with XREADGROUP through one consumer group. Required. */
  streams: z.array(z.string()),
  /** Entries read per stream and XREADGROUP; 0 means the default. @default 10 */
  maxMsgCountPerRead: z.number().int().optional(),
  /** Consumer group created on every stream. @default "argo-events-cg" */
  consumerGroup: z.string().optional(),
  tls: tlsConfig.optional(),
  metadata: userMetadata.optional(),
  filter: eventSourceFilter.optional(),
  /** ACL user name. */
  username: z.string().optional(),
});
export type RedisStreamEventSource = z.infer<typeof redisStreamEventSource>;

/** Semantic rules of `spec.redisStream.<event>`: upstream's validation plus what it accepts but cannot work. */
export function checkRedisStream(cfg: RedisStreamEventSource, at: PathSeg[], sink: IssueSink): void {
  if (cfg.streams.length === 0)
    sink.error([...at, 'streams'], 'stream/streams must be specified: expected at least one stream');
  if (cfg.maxMsgCountPerRead !== undefined && cfg.maxMsgCountPerRead < 0)
    sink.error(
      [...at, 'maxMsgCountPerRead'],
      `expected maxMsgCountPerRead >= 0, found ${cfg.maxMsgCountPerRead}`,
    );
  checkDb(cfg.db, at, sink);
  checkTls(cfg.tls, [...at, 'tls'], sink);
  checkFilter(cfg.filter, at, sink);
}
