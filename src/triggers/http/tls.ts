/**
 * Client TLS material from a `TLSConfig` (CA, client certificate and key from secrets), with upstream's
 * checks (argo-events `pkg/shared/util.GetTLSConfig`). Used by the http, slack and nats drivers.
 * @module
 */
import { ConfigError, type SecretStore, type TLSConfig } from '../../api/index.js';

/** What Node's `tls.connect`/`https.Agent` options need. PEM strings; values never logged. */
export interface TlsMaterial {
  ca?: string;
  cert?: string;
  key?: string;
  rejectUnauthorized: boolean;
}

/**
 * Read the TLS material of `tls` (undefined → no TLS options). Deviation from upstream, on purpose:
 * with `insecureSkipVerify` upstream drops the client certificate and key as well; jetflow keeps
 * presenting them and only skips the server verification.
 * @throws {ConfigError} when nothing is configured (and `enabled` is not set) or only one of
 *   client certificate and key is; SecretNotFoundError when a secret is missing
 */
export function tlsMaterial(tls: TLSConfig | undefined, secrets: SecretStore): TlsMaterial | undefined {
  if (!tls) return undefined;
  const ca = secrets.optionalSecret(tls.caCertSecret);
  const cert = secrets.optionalSecret(tls.clientCertSecret);
  const key = secrets.optionalSecret(tls.clientKeySecret);
  const insecure = tls.insecureSkipVerify === true;
  if (!insecure && !tls.enabled && ca === undefined && cert === undefined && key === undefined)
    throw new ConfigError(
      'invalid tls config, neither of caCertSecret, clientCertSecret and clientKeySecret is configured',
    );
  if ((cert === undefined) !== (key === undefined))
    throw new ConfigError(
      'invalid tls config, both of clientCertSecret and clientKeySecret need to be configured',
    );
  const out: TlsMaterial = { rejectUnauthorized: !insecure };
  if (ca !== undefined) out.ca = ca;
  if (cert !== undefined) out.cert = cert;
  if (key !== undefined) out.key = key;
  return out;
}
