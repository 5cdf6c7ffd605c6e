/**
 * What an `amqp` listener declares and how it connects, from its config: upstream's defaults for each
 * absent sub-object (`exchangeDeclare`, `queueDeclare`, `queueBind`, `consume`; a partial object keeps
 * Go's zero values, so a partial `consume` means `autoAck: false`), the URL with a 10 s heartbeat,
 * SASL PLAIN credentials from `auth`, TLS from secrets.
 * @module
 */
import amqp from 'amqplib';
import { parse as parseYaml } from 'yaml';
import { ConfigError } from '../../api/index.js';
import type { AMQPEventSource } from '../../api/index.js';
import type { SecretStore } from '../../api/index.js';
import { brokerTls } from '../broker/index.js';

/** Upstream's heartbeat (seconds); a `heartbeat` already in the URL wins. */
const HEARTBEAT_S = 10;

export interface AmqpSettings {
  url: string;
  socketOptions: Record<string, unknown>;
  exchange: { name: string; type: string; durable: boolean; autoDelete: boolean; internal: boolean };
  queue: {
    name: string;
    durable: boolean;
    autoDelete: boolean;
    exclusive: boolean;
    arguments?: Record<string, unknown>;
  };
  routingKey: string;
  consume: { consumerTag: string; autoAck: boolean; exclusive: boolean; noLocal: boolean };
}

/**
 * Resolve the settings (reads secrets).
 * @throws {ConfigError} for a missing URL, bad queue arguments or bad TLS; SecretNotFoundError
 */
export function amqpSettings(
  cfg: AMQPEventSource,
  secrets: SecretStore,
  connectionName: string,
): AmqpSettings {
  const url = cfg.urlSecret ? secrets.secret(cfg.urlSecret) : cfg.url;
  if (!url) throw new ConfigError('either url or urlSecret must be specified');
  const socketOptions: Record<string, unknown> = { clientProperties: { connection_name: connectionName } };
  const tls = brokerTls(cfg.tls, secrets);
  if (tls) Object.assign(socketOptions, tls); // used by amqps:// URLs, as Go's client does
  if (cfg.auth) {
    const user = secrets.optionalSecret(cfg.auth.username) ?? '';
    const pass = secrets.optionalSecret(cfg.auth.password) ?? '';
    socketOptions.credentials = amqp.credentials.plain(user, pass);
  }
  const ed = cfg.exchangeDeclare ?? { durable: true };
  const qd = cfg.queueDeclare ?? { exclusive: true };
  const co = cfg.consume ?? { autoAck: true };
  return {
    url: withHeartbeat(url),
    socketOptions,
    exchange: {
      name: cfg.exchangeName,
      type: cfg.exchangeType,
      durable: ed.durable === true,
      autoDelete: ed.autoDelete === true,
      internal: ed.internal === true,
    },
    queue: {
      name: qd.name ?? '',
      durable: qd.durable === true,
      autoDelete: qd.autoDelete === true,
      exclusive: qd.exclusive === true,
      arguments: queueArguments(qd.arguments),
    },
    routingKey: cfg.routingKey,
    consume: {
      consumerTag: co.consumerTag ?? '',
      autoAck: co.autoAck === true,
      exclusive: co.exclusive === true,
      noLocal: co.noLocal === true,
    },
  };
}

/** The URL with `heartbeat=10` unless it sets one (appended as text: the rest stays byte for byte). */
export function withHeartbeat(url: string): string {
  if (/[?&]heartbeat=/.test(url)) return url;
  return `${url}${url.includes('?') ? '&' : '?'}heartbeat=${HEARTBEAT_S}`;
}

function queueArguments(text: string | undefined): Record<string, unknown> | undefined {
  if (!text) return undefined;
  let v: unknown;
  try {
    v = parseYaml(text);
  } catch (err) {
    throw new ConfigError(
      `failed to parse optional queue declare table arguments from Yaml string: ${(err as Error).message}`,
    );
  }
  if (v === null || v === undefined) return undefined;
  if (typeof v !== 'object' || Array.isArray(v))
    throw new ConfigError('queueDeclare.arguments must be a YAML mapping such as "x-queue-type: quorum"');
  return v as Record<string, unknown>;
}

/** The URL without credentials, for logs and health messages. */
export function amqpWhere(url: string): string {
  return `amqp ${url.replace(/\/\/[^@/]*@/, '//').replace(/\?.*$/, '')}`;
}
