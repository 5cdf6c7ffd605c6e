/**
 * One schema and one semantic check per EventSource type. Both maps are typed over {@link SourceType},
 * so adding a type to `source-types.ts` without its schema and check fails to compile.
 * @module
 */
import type { z } from 'zod';
import type { SourceType } from '../../source-types.js';
import { amqpEventSource, checkAmqp } from './amqp.js';
import {
  bitbucketEventSource,
  bitbucketServerEventSource,
  checkBitbucket,
  checkBitbucketServer,
  checkGerrit,
  gerritEventSource,
} from './bitbucket.js';
import {
  checkEmitter,
  checkMqtt,
  checkNats,
  checkNsq,
  checkPulsar,
  emitterEventSource,
  mqttEventSource,
  natsEventSource,
  nsqEventSource,
  pulsarEventSource,
} from './brokers.js';
import { calendarEventSource, checkCalendar } from './calendar.js';
import type { SourceCheck } from './checks.js';
import {
  azureEventsHubEventSource,
  azureQueueStorageEventSource,
  azureServiceBusEventSource,
  checkAzureEventsHub,
  checkAzureQueueStorage,
  checkAzureServiceBus,
  checkMns,
  checkPubSub,
  checkSqs,
  mnsEventSource,
  pubSubEventSource,
  sqsEventSource,
} from './cloud.js';
import {
  checkFile,
  checkHdfs,
  checkSftp,
  fileEventSource,
  hdfsEventSource,
  sftpEventSource,
} from './files.js';
import { checkGithub, checkGitlab, githubEventSource, gitlabEventSource } from './github.js';
import { checkKafka, kafkaEventSource } from './kafka.js';
import { checkMinio, minioEventSource } from './minio.js';
import { checkRedis, checkRedisStream, redisEventSource, redisStreamEventSource } from './redis.js';
import { checkGeneric, checkResource, genericEventSource, resourceEventSource } from './resource.js';
import {
  checkSlack,
  checkSns,
  checkStorageGrid,
  checkStripe,
  slackEventSource,
  snsEventSource,
  storageGridEventSource,
  stripeEventSource,
} from './saas.js';
import { checkWebhook, webhookEventSource } from './webhook.js';

/** The schema of one configured event, per type (the value type of `spec.<type>`). */
export const sourceSchemas = {
  amqp: amqpEventSource,
  azureEventsHub: azureEventsHubEventSource,
  azureQueueStorage: azureQueueStorageEventSource,
  azureServiceBus: azureServiceBusEventSource,
  bitbucket: bitbucketEventSource,
  bitbucketserver: bitbucketServerEventSource,
  calendar: calendarEventSource,
  emitter: emitterEventSource,
  file: fileEventSource,
  generic: genericEventSource,
  gerrit: gerritEventSource,
  github: githubEventSource,
  gitlab: gitlabEventSource,
  hdfs: hdfsEventSource,
  kafka: kafkaEventSource,
  minio: minioEventSource,
  mns: mnsEventSource,
  mqtt: mqttEventSource,
  nats: natsEventSource,
  nsq: nsqEventSource,
  pubSub: pubSubEventSource,
  pulsar: pulsarEventSource,
  redis: redisEventSource,
  redisStream: redisStreamEventSource,
  resource: resourceEventSource,
  sftp: sftpEventSource,
  slack: slackEventSource,
  sns: snsEventSource,
  sqs: sqsEventSource,
  storageGrid: storageGridEventSource,
  stripe: stripeEventSource,
  webhook: webhookEventSource,
} satisfies { [K in SourceType]: z.ZodType };

/** Parsed configuration of one event of type `K`, e.g. `SourceConfig<'webhook'>`. */
export type SourceConfig<K extends SourceType> = z.infer<(typeof sourceSchemas)[K]>;

/** Semantic check of one event, per type. */
export const sourceChecks: { [K in SourceType]: SourceCheck<SourceConfig<K>> } = {
  amqp: checkAmqp,
  azureEventsHub: checkAzureEventsHub,
  azureQueueStorage: checkAzureQueueStorage,
  azureServiceBus: checkAzureServiceBus,
  bitbucket: checkBitbucket,
  bitbucketserver: checkBitbucketServer,
  calendar: checkCalendar,
  emitter: checkEmitter,
  file: checkFile,
  generic: checkGeneric,
  gerrit: checkGerrit,
  github: checkGithub,
  gitlab: checkGitlab,
  hdfs: checkHdfs,
  kafka: checkKafka,
  minio: checkMinio,
  mns: checkMns,
  mqtt: checkMqtt,
  nats: checkNats,
  nsq: checkNsq,
  pubSub: checkPubSub,
  pulsar: checkPulsar,
  redis: checkRedis,
  redisStream: checkRedisStream,
  resource: checkResource,
  sftp: checkSftp,
  slack: checkSlack,
  sns: checkSns,
  sqs: checkSqs,
  storageGrid: checkStorageGrid,
  stripe: checkStripe,
  webhook: checkWebhook,
};

export type { SourceCheck } from './checks.js';
export type { WebhookContext, WebhookEventSource } from './webhook.js';
export { webhookContext, webhookEventSource, parsePort } from './webhook.js';
export { parseCronSchedule, timeZoneError, type CronSchedule } from './cron.js';
export { parseExclusionDate } from './calendar.js';
export {
  eventSourceFilter,
  watchPathConfig,
  type EventSourceFilter,
  type WatchPathConfig,
} from './shared.js';
