/**
 * kafkajs client settings of a kafka source or trigger: brokers from the comma-separated `url`, TLS
 * from the `tls` secrets, SASL (PLAIN, SCRAM-SHA-256, SCRAM-SHA-512) from `sasl`. The settings hold the
 * SASL password: they are handed to kafkajs and never logged (log {@link kafkaWhere} instead).
 * @module
 */
import type { KafkaConfig, SASLOptions } from 'kafkajs';
import { ConfigError, tlsMaterial } from '../../api/index.js';
import type { SecretKeySelector, SecretStore, TLSConfig } from '../../api/index.js';

type Sasl = { mechanism?: string; userSecret?: SecretKeySelector; passwordSecret?: SecretKeySelector };

/** kafkajs names of the mechanisms jetflow can use. */
const MECHANISMS = {
  '': 'plain',
  PLAIN: 'plain',
  'SCRAM-SHA-256': 'scram-sha-256',
  'SCRAM-SHA-512': 'scram-sha-512',
} as const;

/** Brokers of a comma-separated `url` (spaces and empty entries ignored). */
export function brokerList(url: string): string[] {
  return url
    .split(',')
    .map((b) => b.trim())
    .filter((b) => b.length > 0);
}

/** What logs and errors show of a cluster: `kafka <brokers>` (the url never holds credentials). */
export function kafkaWhere(url: string): string {
  return `kafka ${brokerList(url).join(',')}`;
}

/**
 * Client settings for `cfg`.
 * @throws {ConfigError} for no broker, a bad TLS block, or a SASL mechanism kafkajs lacks (GSSAPI,
 * OAUTHBEARER without a token provider); SecretNotFoundError for a missing secret
 */
export function kafkaClientConfig(
  cfg: { url?: string; tls?: TLSConfig; sasl?: Sasl; awsMskIamAuth?: unknown },
  secrets: SecretStore,
  clientId: string,
): KafkaConfig {
  const brokers = brokerList(cfg.url ?? '');
  if (brokers.length === 0) throw new ConfigError('url must name at least one broker such as "kafka:9092"');
  if (cfg.awsMskIamAuth !== undefined)
    throw new ConfigError('awsMskIamAuth is not supported by jetflow (SASL OAUTHBEARER with AWS IAM)');
  const out: KafkaConfig = { clientId, brokers };
  const tls = tlsMaterial(cfg.tls, secrets);
  if (tls) out.ssl = tls;
  if (cfg.sasl) out.sasl = saslOptions(cfg.sasl, secrets);
  return out;
}

function saslOptions(s: Sasl, secrets: SecretStore): SASLOptions {
  const mechanism = MECHANISMS[(s.mechanism ?? '') as keyof typeof MECHANISMS];
  if (!mechanism)
    throw new ConfigError(
      `sasl.mechanism ${JSON.stringify(s.mechanism)} is not supported by jetflow: expected PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512`,
    );
  const username = secrets.optionalSecret(s.userSecret) ?? '';
  const password = secrets.optionalSecret(s.passwordSecret) ?? '';
  return { mechanism, username, password };
}
