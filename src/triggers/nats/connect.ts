/**
 * Connection options of a `nats` trigger (auth and TLS from secrets), read once when the trigger is
 * prepared (upstream builds its connection once per trigger too).
 * @module
 */
import type { ConnectionOptions } from '@nats-io/transport-node';
import type { NATSTrigger, SecretStore } from '../../api/index.js';
import { natsClientAuth, serverList } from '../../bus/index.js';

export { serverList };

/**
 * Options for `connect()` except `servers` (the URL may come from trigger-level parameters).
 * @throws {ConfigError} for a bad TLS block or an nkey secret without a seed; SecretNotFoundError
 */
export function connectionOptions(t: NATSTrigger, secrets: SecretStore): ConnectionOptions {
  return natsClientAuth(t.auth, t.tls, secrets);
}
