/**
 * Connection options of a `nats` source: servers, auth (basic, token, nkey seed, creds file: the first
 * that is set, as upstream), TLS from secrets, and reconnect settings from `connectionBackoff`.
 * @module
 */
import { credsAuthenticator, nkeyAuthenticator, type NodeConnectionOptions } from '@nats-io/transport-node';
import { ConfigError } from '../../api/index.js';
import type { NATSEventSource } from '../../api/index.js';
import type { SecretStore } from '../../api/index.js';
import { brokerTls, reconnectDelayMs, type ConnectBackoff } from '../broker/index.js';

/** An nkey seed inside the secret text (a seed file may carry comments and other lines). */
const SEED = /\bS[UANOC][A-Z2-7]{56}\b/;

/** `url` may list several servers separated by commas, as Go's `nats.Connect` accepts. */
export function serverList(url: string): string[] {
  return url
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

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
  const tls = brokerTls(cfg.tls, secrets);
  // The client passes unknown tls keys (rejectUnauthorized) through to Node's tls.connect.
  if (tls) opts.tls = tls as NodeConnectionOptions['tls'];
  const auth = cfg.auth;
  if (auth?.basic) {
    opts.user = secrets.optionalSecret(auth.basic.username) ?? '';
    opts.pass = secrets.optionalSecret(auth.basic.password) ?? '';
  } else if (auth?.token) {
    opts.token = secrets.secret(auth.token);
  } else if (auth?.nkey) {
    const seed = SEED.exec(secrets.secret(auth.nkey))?.[0];
    if (!seed) throw new ConfigError(`secret "${auth.nkey.name}" key "${auth.nkey.key}" holds no nkey seed`);
    opts.authenticator = nkeyAuthenticator(new TextEncoder().encode(seed));
  } else if (auth?.credential) {
    // The secret store strips the file's final newline; the creds parser needs it after the last fence.
    const creds = `${secrets.secret(auth.credential)}\n`;
    opts.authenticator = credsAuthenticator(new TextEncoder().encode(creds));
  }
  return opts;
}
