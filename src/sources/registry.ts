/**
 * Every EventSource type's driver, keyed by its YAML key. A type without an entry fails to compile; a
 * type not implemented yet maps to a driver whose start fails with an UnsupportedError.
 * @module
 */
import { UnsupportedError } from '../api/errors.js';
import type { SourceConfig } from '../api/schema/sources/index.js';
import type { SourceType } from '../api/source-types.js';
import { bitbucketDriver } from './bitbucket/index.js';
import { bitbucketServerDriver } from './bitbucketserver/index.js';
import { calendarDriver } from './calendar/index.js';
import { fileDriver } from './file/index.js';
import { genericDriver } from './generic/index.js';
import { gerritDriver } from './gerrit/index.js';
import { githubDriver } from './github/index.js';
import { gitlabDriver } from './gitlab/index.js';
import { sftpDriver } from './sftp/index.js';
import { slackDriver } from './slack/index.js';
import { stripeDriver } from './stripe/index.js';
import type { SourceDriver } from './types.js';
import { webhookDriver } from './webhook/index.js';

const placeholders = new WeakSet<SourceDriver>();

/** A driver for a type jetflow cannot run yet: its start fails (and so is retried, then given up). */
export function unsupportedDriver(type: SourceType): SourceDriver {
  const d: SourceDriver = {
    type,
    start: () =>
      Promise.reject(new UnsupportedError(`"${type}" event sources are not supported yet in jetflow`)),
  };
  placeholders.add(d);
  return d;
}

export const SOURCE_DRIVERS = {
  amqp: unsupportedDriver('amqp'),
  azureEventsHub: unsupportedDriver('azureEventsHub'),
  azureQueueStorage: unsupportedDriver('azureQueueStorage'),
  azureServiceBus: unsupportedDriver('azureServiceBus'),
  bitbucket: bitbucketDriver,
  bitbucketserver: bitbucketServerDriver,
  calendar: calendarDriver,
  emitter: unsupportedDriver('emitter'),
  file: fileDriver,
  generic: genericDriver,
  gerrit: gerritDriver,
  github: githubDriver,
  gitlab: gitlabDriver,
  hdfs: unsupportedDriver('hdfs'),
  kafka: unsupportedDriver('kafka'),
  minio: unsupportedDriver('minio'),
  mns: unsupportedDriver('mns'),
  mqtt: unsupportedDriver('mqtt'),
  nats: unsupportedDriver('nats'),
  nsq: unsupportedDriver('nsq'),
  pubSub: unsupportedDriver('pubSub'),
  pulsar: unsupportedDriver('pulsar'),
  redis: unsupportedDriver('redis'),
  redisStream: unsupportedDriver('redisStream'),
  resource: unsupportedDriver('resource'),
  sftp: sftpDriver,
  slack: slackDriver,
  sns: unsupportedDriver('sns'),
  sqs: unsupportedDriver('sqs'),
  storageGrid: unsupportedDriver('storageGrid'),
  stripe: stripeDriver,
  webhook: webhookDriver,
} satisfies { [K in SourceType]: SourceDriver<SourceConfig<K>> };

/** Whether jetflow can run a type (its driver is not the unsupported placeholder). */
export function isSupported(type: SourceType): boolean {
  return !placeholders.has(SOURCE_DRIVERS[type]);
}
