/**
 * EventSource types: the YAML key under `spec`, and the CloudEvent `type` string upstream writes for it
 * (they differ for a few: `pubSub` → `pubsub`, `storageGrid` → `storagegrid`).
 */
export const SOURCE_EVENT_TYPES = {
  amqp: 'amqp',
  azureEventsHub: 'azureEventsHub',
  azureQueueStorage: 'azureQueueStorage',
  azureServiceBus: 'azureServiceBus',
  bitbucket: 'bitbucket',
  bitbucketserver: 'bitbucketserver',
  calendar: 'calendar',
  emitter: 'emitter',
  file: 'file',
  generic: 'generic',
  gerrit: 'gerrit',
  github: 'github',
  gitlab: 'gitlab',
  hdfs: 'hdfs',
  kafka: 'kafka',
  minio: 'minio',
  mns: 'mns',
  mqtt: 'mqtt',
  nats: 'nats',
  nsq: 'nsq',
  pubSub: 'pubsub',
  pulsar: 'pulsar',
  redis: 'redis',
  redisStream: 'redisStream',
  resource: 'resource',
  sftp: 'sftp',
  slack: 'slack',
  sns: 'sns',
  sqs: 'sqs',
  storageGrid: 'storagegrid',
  stripe: 'stripe',
  webhook: 'webhook',
} as const;

export type SourceType = keyof typeof SOURCE_EVENT_TYPES;
export const SOURCE_TYPES = Object.keys(SOURCE_EVENT_TYPES) as SourceType[];

/** Types whose listener runs on every replica (HTTP receivers); the rest are leader-elected upstream. */
export const ALL_REPLICA_SOURCE_TYPES: ReadonlySet<SourceType> = new Set<SourceType>([
  'webhook',
  'github',
  'gitlab',
  'bitbucket',
  'bitbucketserver',
  'gerrit',
  'slack',
  'stripe',
  'sns',
  'sqs',
  'storageGrid',
  'azureQueueStorage',
  'mns',
]);

/** Types served by the shared webhook HTTP server (a `WebhookContext` under `webhook`, or inline). */
export const WEBHOOK_FAMILY: ReadonlySet<SourceType> = new Set<SourceType>([
  'webhook',
  'github',
  'gitlab',
  'bitbucket',
  'bitbucketserver',
  'gerrit',
  'slack',
  'stripe',
  'sns',
  'storageGrid',
]);

/** Trigger types: the key under `spec.triggers[].template`. */
export const TRIGGER_TYPES = [
  'argoWorkflow',
  'awsLambda',
  'azureEventHubs',
  'azureServiceBus',
  'custom',
  'email',
  'http',
  'k8s',
  'kafka',
  'log',
  'nats',
  'openWhisk',
  'pulsar',
  'slack',
] as const;
export type TriggerType = (typeof TRIGGER_TYPES)[number];
