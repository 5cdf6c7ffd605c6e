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

/**
 * How the listeners of one event may run when the same EventSource runs in several processes:
 * `active-active` — every process listens (HTTP receivers behind a load balancer, competing consumers);
 * `single-listener` — exactly one process listens, elected through a lease (src/sources/runtime), as a
 * second one would emit every event twice (calendar ticks, file watches, plain subscriptions) or fight
 * over one resource.
 */
export type SourceSharing = 'active-active' | 'single-listener';

/**
 * Upstream's split of the types (rolling-update deployments vs leader-elected ones); typed over every
 * type, so a new type must choose. The runtime refines a few from their config (a NATS queue group, an
 * MQTT `$share/` topic, a Kafka consumer group, ...): `sourceSharing()` in src/sources/registry.ts.
 */
export const SOURCE_SHARING: { readonly [K in SourceType]: SourceSharing } = {
  amqp: 'single-listener',
  azureEventsHub: 'single-listener',
  azureQueueStorage: 'active-active',
  azureServiceBus: 'single-listener',
  bitbucket: 'active-active',
  bitbucketserver: 'active-active',
  calendar: 'single-listener',
  emitter: 'single-listener',
  file: 'single-listener',
  generic: 'single-listener',
  gerrit: 'active-active',
  github: 'active-active',
  gitlab: 'active-active',
  hdfs: 'single-listener',
  kafka: 'single-listener',
  minio: 'single-listener',
  mns: 'active-active',
  mqtt: 'single-listener',
  nats: 'single-listener',
  nsq: 'single-listener',
  pubSub: 'single-listener',
  pulsar: 'single-listener',
  redis: 'single-listener',
  redisStream: 'single-listener',
  resource: 'single-listener',
  sftp: 'single-listener',
  slack: 'active-active',
  sns: 'active-active',
  sqs: 'active-active',
  storageGrid: 'active-active',
  stripe: 'active-active',
  webhook: 'active-active',
};

/** Types whose listener runs on every replica (HTTP receivers); the rest are leader-elected upstream. */
export const ALL_REPLICA_SOURCE_TYPES: ReadonlySet<SourceType> = new Set<SourceType>(
  SOURCE_TYPES.filter((t) => SOURCE_SHARING[t] === 'active-active'),
);

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
