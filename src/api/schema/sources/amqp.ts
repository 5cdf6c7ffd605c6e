/** `amqp` (spec/eventsource.md §3.10). */
import { z } from 'zod';
import type { IssueSink, PathSeg } from '../../issues.js';
import { backoff, basicAuth, obj, secretKeySelector, tlsConfig } from '../common.js';
import { checkBackoff, checkBasicAuth, checkFilter, checkTls, checkYamlMap } from './checks.js';
import { eventSourceFilter, required, userMetadata } from './shared.js';

/** Exchange declaration. When the whole object is absent: durable, not auto-deleted, not internal. */
export const amqpExchangeDeclareConfig = obj({
  durable: z.boolean().optional(),
  autoDelete: z.boolean().optional(),
  internal: z.boolean().optional(),
  noWait: z.boolean().optional(),
});

/** Queue declaration. When the whole object is absent: server-named, exclusive, not durable. */
export const amqpQueueDeclareConfig = obj({
  /** Queue name; empty lets the server generate one. */
  name: z.string().optional(),
  durable: z.boolean().optional(),
  autoDelete: z.boolean().optional(),
  exclusive: z.boolean().optional(),
  noWait: z.boolean().optional(),
  /** Queue x-arguments as YAML text of a mapping, e.g. `x-queue-type: quorum`. */
  arguments: z.string().optional(),
});

export const amqpQueueBindConfig = obj({ noWait: z.boolean().optional() });

/** Consumer options. When the whole object is absent `autoAck` is true; a partial object has autoAck false. */
export const amqpConsumeConfig = obj({
  consumerTag: z.string().optional(),
  autoAck: z.boolean().optional(),
  exclusive: z.boolean().optional(),
  /** Not supported by RabbitMQ. */
  noLocal: z.boolean().optional(),
  noWait: z.boolean().optional(),
});

export const amqpEventSource = obj({
  /** Broker URL, e.g. `amqp://user:pass@host:5672`; exactly one of `url` / `urlSecret`. */
  url: z.string().optional(),
  /** Secret holding the broker URL. */
  urlSecret: secretKeySelector.optional(),
  exchangeName: required('exchange name must be specified'),
  /** `direct`, `fanout`, `topic`, `headers` (or a plugin type). */
  exchangeType: required('exchange type must be specified'),
  routingKey: required('routing key must be specified'),
  connectionBackoff: backoff.optional(),
  /** Body is JSON: embedded as raw JSON (non-JSON messages are dropped) instead of base64. */
  jsonBody: z.boolean().optional(),
  tls: tlsConfig.optional(),
  metadata: userMetadata.optional(),
  exchangeDeclare: amqpExchangeDeclareConfig.optional(),
  queueDeclare: amqpQueueDeclareConfig.optional(),
  queueBind: amqpQueueBindConfig.optional(),
  consume: amqpConsumeConfig.optional(),
  /** Username/password, sent as SASL PLAIN. */
  auth: basicAuth.optional(),
  filter: eventSourceFilter.optional(),
});
export type AMQPEventSource = z.infer<typeof amqpEventSource>;

/** Semantic rules of `spec.amqp.<event>`: upstream's validation plus what it accepts but cannot work. */
export function checkAmqp(cfg: AMQPEventSource, at: PathSeg[], sink: IssueSink): void {
  if (!cfg.url && !cfg.urlSecret) sink.error(at, 'either url or urlSecret must be specified, found neither');
  if (cfg.url && cfg.urlSecret) sink.error(at, 'only one of url or urlSecret can be specified, found both');
  if (cfg.url && !/^amqps?:\/\//.test(cfg.url))
    sink.error(
      [...at, 'url'],
      `expected an AMQP URL such as "amqp://host:5672", found ${JSON.stringify(cfg.url)}`,
    );
  checkYamlMap(cfg.queueDeclare?.arguments, [...at, 'queueDeclare', 'arguments'], sink);
  checkBackoff(cfg.connectionBackoff, [...at, 'connectionBackoff'], sink);
  checkTls(cfg.tls, [...at, 'tls'], sink);
  checkBasicAuth(cfg.auth, [...at, 'auth'], sink);
  checkFilter(cfg.filter, at, sink);
}
