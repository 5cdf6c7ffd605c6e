/**
 * Connection options of a `nats` trigger (auth and TLS from secrets), read once when the trigger is
 * prepared (upstream builds its connection once per trigger too).
 * @module
 */
import { credsAuthenticator, nkeyAuthenticator, type ConnectionOptions } from '@nats-io/transport-node';
import type { SecretStore } from '../../api/index.js';
import type { NATSTrigger } from '../../api/index.js';
import { tlsMaterial } from '../http/index.js';

/** An nkey seed inside the secret text (a seed file may hold comments or other lines). */
const SEED = /\bS[UANOC][A-Z2-7]{56}\b/;

/**
 * Options for `connect()` except `servers` (the URL may come from trigger-level parameters).
 * @throws {ConfigError} for a bad TLS block or an nkey secret without a seed; SecretNotFoundError
 */
export function connectionOptions(t: NATSTrigger, secrets: SecretStore): ConnectionOptions {
  const opts: ConnectionOptions = {};
  const tls = tlsMaterial(t.tls, secrets);
  // The nats client passes unknown tls keys through to Node's tls.connect (rejectUnauthorized).
  if (tls) opts.tls = tls as ConnectionOptions['tls'];
  const auth = t.auth;
  if (auth?.basic) {
    opts.user = secrets.optionalSecret(auth.basic.username) ?? '';
    opts.pass = secrets.optionalSecret(auth.basic.password) ?? '';
  } else if (auth?.token) {
    opts.token = secrets.secret(auth.token);
  } else if (auth?.nkey) {
    const seed = SEED.exec(secrets.secret(auth.nkey))?.[0];
    if (!seed) throw new Error(`secret "${auth.nkey.name}" key "${auth.nkey.key}" holds no nkey seed`);
    opts.authenticator = nkeyAuthenticator(new TextEncoder().encode(seed));
  } else if (auth?.credential) {
    // The store strips one trailing newline (as upstream does for values); the creds parser needs it.
    const creds = `${secrets.secret(auth.credential)}\n`;
    opts.authenticator = credsAuthenticator(new TextEncoder().encode(creds));
  }
  return opts;
}

/** Upstream writes `host:port` without a scheme; the client accepts both forms. */
export function serverList(url: string): string[] {
  return url
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}
