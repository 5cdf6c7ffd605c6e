/**
 * Every EventSource type's driver, keyed by its YAML key. A type without an entry fails to compile; a
 * type not implemented yet maps to a driver whose start fails with an UnsupportedError.
 * @module
 */
import { SOURCE_SHARING, type SourceConfig, type SourceSharing } from '../api/index.js';
import type { SourceType } from '../api/index.js';
import { amqpDriver } from './amqp/index.js';
import { azureQueueStorageDriver } from './azure-queue-storage/index.js';
import { bitbucketDriver } from './bitbucket/index.js';
import { bitbucketServerDriver } from './bitbucketserver/index.js';
import { calendarDriver } from './calendar/index.js';
import { fileDriver } from './file/index.js';
import { genericDriver } from './generic/index.js';
import { gerritDriver } from './gerrit/index.js';
import { githubDriver } from './github/index.js';
import { gitlabDriver } from './gitlab/index.js';
import { kafkaDriver } from './kafka/index.js';
import { mqttDriver } from './mqtt/index.js';
import { natsDriver } from './nats/index.js';
import { redisStreamDriver } from './redis-stream/index.js';
import { redisDriver } from './redis/index.js';
import { sftpDriver } from './sftp/index.js';
import { slackDriver } from './slack/index.js';
import { snsDriver } from './sns/index.js';
import { sqsDriver } from './sqs/index.js';
import { stripeDriver } from './stripe/index.js';
import type { SourceDriver } from './types.js';
import { isPlaceholder, unsupportedDriver, untestedBrokerDriver } from './unsupported/index.js';
import { webhookDriver } from './webhook/index.js';

export { unsupportedDriver };

export const SOURCE_DRIVERS = {
  amqp: amqpDriver,
  azureEventsHub: unsupportedDriver('azureEventsHub'),
  azureQueueStorage: azureQueueStorageDriver,
  azureServiceBus: unsupportedDriver('azureServiceBus'),
  bitbucket: bitbucketDriver,
  bitbucketserver: bitbucketServerDriver,
  calendar: calendarDriver,
  emitter: untestedBrokerDriver('emitter'),
  file: fileDriver,
  generic: genericDriver,
  gerrit: gerritDriver,
  github: githubDriver,
  gitlab: gitlabDriver,
  hdfs: unsupportedDriver('hdfs'),
  kafka: kafkaDriver,
  minio: unsupportedDriver('minio'),
  mns: unsupportedDriver('mns'),
  mqtt: mqttDriver,
  nats: natsDriver,
  nsq: untestedBrokerDriver('nsq'),
  pubSub: unsupportedDriver('pubSub'),
  pulsar: untestedBrokerDriver('pulsar'),
  redis: redisDriver,
  redisStream: redisStreamDriver,
  resource: unsupportedDriver('resource'),
  sftp: sftpDriver,
  slack: slackDriver,
  sns: snsDriver,
  sqs: sqsDriver,
  storageGrid: unsupportedDriver('storageGrid'),
  stripe: stripeDriver,
  webhook: webhookDriver,
} satisfies { [K in SourceType]: SourceDriver<SourceConfig<K>> };

/** Whether jetflow can run a type (its driver is not the unsupported placeholder). */
export function isSupported(type: SourceType): boolean {
  return !isPlaceholder(SOURCE_DRIVERS[type]);
}

const SHARED = 'active-active';
const SINGLE = 'single-listener';

/**
 * Types whose config can make many listeners safe: each of these hands every message to one member of
 * a group (queue group, shared subscription, consumer group, competing consumers on one named queue).
 * redisStream is not here: every replica reads as the one upstream consumer name, so two processes
 * would re-read each other's pending entries.
 */
const SHARING_BY_CONFIG: { readonly [K in SourceType]?: (cfg: SourceConfig<K>) => SourceSharing } = {
  nats: (c) => (c.queue !== undefined || c.jetstream ? SHARED : SINGLE),
  mqtt: (c) => (c.topic.startsWith('$share/') ? SHARED : SINGLE),
  kafka: (c) => (c.consumerGroup ? SHARED : SINGLE),
  pulsar: (c) => (c.type === 'shared' ? SHARED : SINGLE),
  // The default queue is server-named and exclusive: each process would get its own copy of everything.
  amqp: (c) =>
    c.queueDeclare?.name && c.queueDeclare.exclusive !== true && c.consume?.exclusive !== true
      ? SHARED
      : SINGLE,
};

/** Whether one event of `type` with `config` may listen in every process, or only in an elected one. */
export function sourceSharing<K extends SourceType>(type: K, config: SourceConfig<K>): SourceSharing {
  const byConfig = SHARING_BY_CONFIG[type] as ((cfg: SourceConfig<K>) => SourceSharing) | undefined;
  return byConfig ? byConfig(config) : SOURCE_SHARING[type];
}
