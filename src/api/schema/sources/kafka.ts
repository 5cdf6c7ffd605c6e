/** `kafka` (spec/eventsource.md §3.12). */
import { z } from 'zod';
import type { IssueSink, PathSeg } from '../../issues.js';
import { backoff, basicAuth, obj, saslConfig, tlsConfig } from '../common.js';
import { checkBackoff, checkBasicAuth, checkFilter, checkSasl, checkTls, checkYamlMap } from './checks.js';
import { eventSourceFilter, required, userMetadata } from './shared.js';

export const REBALANCE_STRATEGIES = ['range', 'sticky', 'roundrobin'];

export const kafkaConsumerGroup = obj({
  groupName: required('groupName is required: expected the consumer group name'),
  /** For a new group, start at the oldest offset (else the newest). @default false */
  oldest: z.boolean().optional(),
  /** `range`, `sticky` or `roundrobin`. @default "range" */
  rebalanceStrategy: z.string().optional(),
});

export const schemaRegistryConfig = obj({
  /** Confluent schema registry URL. Required. */
  url: required('schema registry url is required'),
  schemaId: z.number().int().optional(),
  auth: basicAuth.optional(),
});

export const kafkaEventSource = obj({
  /** Brokers `host:port`, comma-separated. Required. */
  url: required('url must be specified: expected brokers such as "kafka:9092"'),
  topic: required('topic must be specified'),
  /** Partition number as a string; consumed from the newest offset. Used when there is no consumerGroup. */
  partition: z.string().optional(),
  connectionBackoff: backoff.optional(),
  tls: tlsConfig.optional(),
  /** Body is JSON: embedded as raw JSON (non-JSON messages are dropped) instead of base64. */
  jsonBody: z.boolean().optional(),
  metadata: userMetadata.optional(),
  consumerGroup: kafkaConsumerGroup.optional(),
  /** Consumer-group mode sleeps `1s / n` after each message. */
  limitEventsPerSecond: z.number().int().optional(),
  /** Kafka protocol version. @default "1.0.0" */
  version: z.string().optional(),
  sasl: saslConfig.optional(),
  filter: eventSourceFilter.optional(),
  /** Client settings as YAML text (Sarama config structure). */
  config: z.string().optional(),
  schemaRegistry: schemaRegistryConfig.optional(),
  /** SASL OAUTHBEARER with AWS IAM credentials; forces TLS. */
  awsMskIamAuth: obj({ region: required('awsMskIamAuth.region must be specified') }).optional(),
});
export type KafkaEventSource = z.infer<typeof kafkaEventSource>;

/** Semantic rules of `spec.kafka.<event>`: upstream's validation plus what it accepts but cannot work. */
export function checkKafka(cfg: KafkaEventSource, at: PathSeg[], sink: IssueSink): void {
  if (!cfg.partition && !cfg.consumerGroup)
    sink.error(at, 'consumerGroup or partition must be specified, found neither');
  if (cfg.partition && cfg.consumerGroup)
    sink.warn(
      [...at, 'partition'],
      'partition is ignored because consumerGroup is set (the group assigns partitions)',
    );
  else if (cfg.partition && !/^\d+$/.test(cfg.partition))
    sink.error(
      [...at, 'partition'],
      `expected a partition number such as "0", found ${JSON.stringify(cfg.partition)}`,
    );
  const strategy = cfg.consumerGroup?.rebalanceStrategy;
  if (strategy && !REBALANCE_STRATEGIES.includes(strategy))
    sink.warn(
      [...at, 'consumerGroup', 'rebalanceStrategy'],
      `unknown rebalanceStrategy ${JSON.stringify(strategy)}: upstream silently uses "range"; expected ${REBALANCE_STRATEGIES.join(', ')}`,
    );
  if (cfg.limitEventsPerSecond !== undefined && cfg.limitEventsPerSecond < 0)
    sink.error(
      [...at, 'limitEventsPerSecond'],
      `expected limitEventsPerSecond >= 0, found ${cfg.limitEventsPerSecond}`,
    );
  if (cfg.version !== undefined && !/^\d+\.\d+\.\d+(\.\d+)?$/.test(cfg.version))
    sink.error(
      [...at, 'version'],
      `expected a Kafka version such as "2.8.0", found ${JSON.stringify(cfg.version)}`,
    );
  checkYamlMap(cfg.config, [...at, 'config'], sink);
  checkBackoff(cfg.connectionBackoff, [...at, 'connectionBackoff'], sink);
  checkTls(cfg.tls, [...at, 'tls'], sink);
  checkSasl(cfg.sasl, [...at, 'sasl'], sink);
  checkBasicAuth(cfg.schemaRegistry?.auth, [...at, 'schemaRegistry', 'auth'], sink);
  checkFilter(cfg.filter, at, sink);
}
