/**
 * The Redis client of the `redis` and `redisStream` sources: address, db, ACL user, password and TLS
 * as upstream's go-redis options; the first connection must answer PING (else the start fails and the
 * runtime retries it), after that ioredis reconnects by itself with backoff, forever, re-subscribing
 * pub/sub channels and re-sending an interrupted command, while the listener's health follows the link.
 * @module
 */
import { isIP } from 'node:net';
import { Redis, type RedisOptions } from 'ioredis';
import { LOG_FIELDS } from '../../api/index.js';
import type { SecretKeySelector, TLSConfig } from '../../api/index.js';
import type { ListenerContext } from '../types.js';
import {
  brokerClientName,
  brokerTls,
  linkReporter,
  reconnectDelayMs,
  type ConnectBackoff,
} from '../broker/index.js';

/** The connection fields both Redis types share. */
export interface RedisConnectionConfig {
  hostAddress: string;
  password?: SecretKeySelector;
  username?: string;
  db?: number;
  tls?: TLSConfig;
}

/** Reconnect waits after a loss (Redis sources have no `connectionBackoff`): 250 ms doubling, capped. */
const RECONNECT: ConnectBackoff = { steps: 1, durationMs: 250, factor: 2, jitter: 0.5 };
/** How long the first connection may take. */
const CONNECT_TIMEOUT_MS = 10_000;

/** `host:port` (`[v6]:port`; a missing port means 6379). */
export function parseHostAddress(address: string): { host: string; port: number } {
  const m = /^\[([^\]]+)\](?::(\d+))?$/.exec(address) ?? /^([^:]*)(?::(\d+))?$/.exec(address);
  if (!m || !m[1]) throw new Error(`invalid host address ${JSON.stringify(address)}: expected host:port`);
  return { host: m[1], port: m[2] ? Number(m[2]) : 6379 };
}

/**
 * Connect a client for the listener of `ctx` and check it with PING. The returned client reconnects
 * by itself until `disconnect()`.
 */
export async function connectRedis(
  ctx: ListenerContext<RedisConnectionConfig>,
  extra: Partial<RedisOptions> = {},
): Promise<Redis> {
  const cfg = ctx.config;
  const { host, port } = parseHostAddress(cfg.hostAddress);
  const where = `redis ${cfg.hostAddress} db ${cfg.db ?? 0}`;
  const link = linkReporter(ctx, where);
  let started = false;
  const tls = brokerTls(cfg.tls, ctx.secrets);
  const client = new Redis({
    host,
    port,
    db: cfg.db ?? 0,
    username: cfg.username || undefined,
    password: ctx.secrets.optionalSecret(cfg.password),
    tls: tls ? { ...tls, servername: isIP(host) ? undefined : host } : undefined,
    connectionName: brokerClientName(ctx),
    lazyConnect: true,
    connectTimeout: CONNECT_TIMEOUT_MS,
    // commands wait for the next connection instead of failing after a number of attempts
    maxRetriesPerRequest: null,
    // before the first success a failure ends the client: the start fails and the runtime retries it
    retryStrategy: (times) => (started ? reconnectDelayMs(RECONNECT, times) : null),
    ...extra,
  });
  let firstError: Error | undefined; // connect() itself only says "Connection is closed"
  client.on('error', (err: Error) => {
    if (started) link.down(err);
    else firstError ??= err;
  });
  client.on('close', () => {
    if (started && link.isUp) link.down(new Error('connection closed'));
  });
  client.on('ready', () => {
    if (started) link.up();
  });
  try {
    await client.connect();
    await client.ping();
  } catch (err) {
    // an ended client is closed already (disconnect() would arm a needless 2 s timer)
    if (client.status !== 'end') client.disconnect();
    throw new Error(
      `failed to connect to host ${cfg.hostAddress} and db ${cfg.db ?? 0}: ${(firstError ?? (err as Error)).message}`,
      { cause: firstError ?? err },
    );
  }
  started = true;
  link.up();
  ctx.logger.info({ broker: where }, 'connected to the redis server');
  return client;
}

/** Close the client without waiting for a broken link. */
export function closeRedis(client: Redis, ctx: Pick<ListenerContext<unknown>, 'logger'>): void {
  silenceRedis(client);
  try {
    client.disconnect(false);
  } catch (err) {
    ctx.logger.warn({ [LOG_FIELDS.error]: err }, 'error while closing the redis client');
  }
}

/** From now on a close of `client` is one we asked for, not a lost link: no health change, no warning. */
export function silenceRedis(client: Redis): void {
  client.removeAllListeners('close');
  client.removeAllListeners('error');
  client.on('error', () => undefined);
}
