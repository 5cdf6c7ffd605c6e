/**
 * Client TLS material of a broker source from its `tls` block (upstream `GetTLSConfig`): CA, client
 * certificate and key read from secrets, with upstream's checks.
 * @module
 */
import { ConfigError } from '../../api/index.js';
import type { TLSConfig } from '../../api/index.js';
import type { SecretStore } from '../../api/index.js';

/** What Node's `tls.connect` needs (PEM strings). Never logged. */
export interface BrokerTls {
  ca?: string;
  cert?: string;
  key?: string;
  rejectUnauthorized: boolean;
}

/**
 * Read `tls` (undefined → no TLS options). With `insecureSkipVerify` the server is not verified but a
 * configured client certificate is still presented.
 * @throws {ConfigError} when nothing is configured or only one of client certificate and key is;
 *   SecretNotFoundError when a secret is missing
 */
export function brokerTls(tls: TLSConfig | undefined, secrets: SecretStore): BrokerTls | undefined {
  if (!tls) return undefined;
  const ca = secrets.optionalSecret(tls.caCertSecret);
  const cert = secrets.optionalSecret(tls.clientCertSecret);
  const key = secrets.optionalSecret(tls.clientKeySecret);
  const insecure = tls.insecureSkipVerify === true;
  if (!insecure && !tls.enabled && ca === undefined && cert === undefined && key === undefined)
    throw new ConfigError(
      'invalid tls config, please configure either caCertSecret, or clientCertSecret and clientKeySecret, or both',
    );
  if ((cert === undefined) !== (key === undefined))
    throw new ConfigError(
      'invalid tls config, both clientCertSecret and clientKeySecret need to be configured',
    );
  const out: BrokerTls = { rejectUnauthorized: !insecure };
  if (ca !== undefined) out.ca = ca;
  if (cert !== undefined) out.cert = cert;
  if (key !== undefined) out.key = key;
  return out;
}
