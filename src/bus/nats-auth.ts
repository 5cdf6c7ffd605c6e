/**
 * Client options for a user's own NATS server (the `nats` source and the `nats` trigger): TLS and
 * credentials from secrets, as upstream reads them.
 * @module
 */
import { credsAuthenticator, nkeyAuthenticator, type ConnectionOptions } from '@nats-io/transport-node';
import { ConfigError, tlsMaterial, type NATSAuth, type SecretStore, type TLSConfig } from '../api/index.js';

/** An nkey seed inside the secret text (a seed file may hold comments or other lines). */
const SEED = /\bS[UANOC][A-Z2-7]{56}\b/;

/**
 * TLS and auth options (upstream's order: basic, token, nkey, credential).
 * @throws {ConfigError} for a bad TLS block or an nkey secret without a seed; SecretNotFoundError
 */
export function natsClientAuth(
  auth: NATSAuth | undefined,
  tls: TLSConfig | undefined,
  secrets: SecretStore,
): Partial<ConnectionOptions> {
  const opts: Partial<ConnectionOptions> = {};
  const material = tlsMaterial(tls, secrets);
  // The client passes unknown tls keys (rejectUnauthorized) through to Node's tls.connect.
  if (material) opts.tls = material as ConnectionOptions['tls'];
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
    // The secret store strips one trailing newline (as upstream); the creds parser needs it after the last fence.
    opts.authenticator = credsAuthenticator(new TextEncoder().encode(`${secrets.secret(auth.credential)}\n`));
  }
  return opts;
}

/** Upstream writes `host:port` lists without a scheme; the client accepts both forms. */
export function serverList(url: string): string[] {
  return url
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}
