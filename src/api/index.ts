/**
 * The resource model: schemas (single source of truth), inferred types, validation, loading with
 * positions, wire names and durations.
 * @module
 */
export * from './errors.js';
export * from './names.js';
export * from './duration.js';
export * from './issues.js';
export * from './source-types.js';
export {
  validateResource,
  classify,
  ARGO_API_VERSION,
  type Resource,
  type ResourceKind,
  type ValidationResult,
} from './validate.js';
export {
  loadResources,
  loadFile,
  loadText,
  hasProblems,
  placeIssue,
  type LoadedDocument,
  type LoadResult,
} from './loader.js';
export { crossDocumentIssues } from './cross-document.js';
export type { EventBus, JetStreamBus, JetStreamConfig } from './schema/eventbus.js';
export { DEFAULT_BUS_REPLICAS, DEFAULT_MAX_PAYLOAD } from './schema/eventbus.js';
export type { EventSource } from './schema/eventsource.js';
export type { Sensor } from './schema/sensor.js';
export type { Secret, ConfigMap } from './schema/core.js';
export type { SecretKeySelector, ConfigMapKeySelector, TLSConfig, Backoff } from './schema/common.js';
export {
  SecretStore,
  secretEnvName,
  tlsMaterial,
  type SecretStoreOptions,
  type TlsMaterial,
} from './secrets.js';
export * from './conditions.js';
export * from './log-fields.js';
export * from './schema/sensor.js';
export * from './schema/eventsource.js';
export type { TriggerPolicy } from './schema/sensor/policies.js';
export { triggerSchemas, HTTP_METHODS, EMAIL_ADDRESS } from './schema/triggers/index.js';
export type * from './schema/triggers/index.js';
export { parseCronSchedule } from './schema/sources/cron.js';
export { parseExclusionDate, type CalendarEventSource } from './schema/sources/calendar.js';
export {
  GITLAB_EVENTS,
  githubRepositories,
  type GithubEventSource,
  type GitlabEventSource,
} from './schema/sources/github.js';
export { parsePort, type WebhookContext, type WebhookEventSource } from './schema/sources/webhook.js';
export { sourceSchemas, type SourceConfig } from './schema/sources/index.js';
export type { AMQPEventSource } from './schema/sources/amqp.js';
export type { KafkaEventSource } from './schema/sources/kafka.js';
export type {
  BitbucketEventSource,
  BitbucketServerEventSource,
  GerritEventSource,
} from './schema/sources/bitbucket.js';
export type { NATSEventSource, NATSJetStreamSource, MQTTEventSource } from './schema/sources/brokers.js';
export type { NATSAuth } from './schema/common.js';
export type { FileEventSource, SFTPEventSource } from './schema/sources/files.js';
export type { RedisEventSource, RedisStreamEventSource } from './schema/sources/redis.js';
export type { GenericEventSource } from './schema/sources/resource.js';
export type { SlackEventSource, StripeEventSource } from './schema/sources/saas.js';
export type { SNSEventSource } from './schema/sources/saas.js';
export type { SQSEventSource, AzureQueueStorageEventSource } from './schema/sources/cloud.js';
export type { WatchPathConfig } from './schema/sources/shared.js';
