/**
 * Connection options of a `nats` source: servers, auth (basic, token, nkey seed, creds file: the first
 * that is set, as upstream), TLS from secrets, and reconnect settings from `connectionBackoff`.
 * @module
 */
import type { NodeConnectionOptions } from '@nats-io/transport-node';
import type { NATSEventSource } from '../../api/index.js';
import type { SecretStore } from '../../api/index.js';
import { natsClientAuth, serverList } from '../../bus/index.js';
import { reconnectDelayMs, type ConnectBackoff } from '../broker/index.js';

export { serverList };

/**
 * Options for `connect()`. After the first connection the client reconnects by itself, forever, with
 * the backoff's base wait (subscriptions are restored by the client).
 * @throws {ConfigError} for a bad TLS block or an nkey secret without a seed; SecretNotFoundError
 */
export function natsConnectOptions(
  cfg: NATSEventSource,
  secrets: SecretStore,
  backoff: ConnectBackoff,
  name: string,
): NodeConnectionOptions {
  const wait = Math.round(reconnectDelayMs(backoff, 1, () => 0));
  const opts: NodeConnectionOptions = {
    servers: serverList(cfg.url),
    name,
    reconnect: true,
    maxReconnectAttempts: -1,
    reconnectTimeWait: wait,
    reconnectJitter: Math.round(wait * Math.min(1, Math.max(0, backoff.jitter))),
    waitOnFirstConnect: false,
  };
  Object.assign(opts, natsClientAuth(cfg.auth, cfg.tls, secrets));
  return opts;
}
