/**
 * The JetStream client side of jetflow: connection, the bus stream, the pipelined publisher, durable
 * consumers and KV state. Other areas import the bus only through this module.
 * @module
 */
export {
  connectBus,
  BusConnectError,
  type BusConnectOptions,
  type BusTlsOptions,
  type ConnectFailure,
} from './connect.js';
export { silentLogger, throttledLog, type BusLogger, type BusLogFn, type ThrottledLog } from './logger.js';
export {
  parseStreamConfig,
  mergeStreamConfig,
  DEFAULT_STREAM_SETTINGS,
  ZERO_STREAM_SETTINGS,
  type StreamSettings,
  type ParsedStreamConfig,
} from './stream-config.js';
export {
  ensureStream,
  streamConfigFor,
  type EnsureStreamOptions,
  type EnsureStreamResult,
} from './stream.js';
export { Publisher } from './publisher.js';
export { ackSequences, type AckSequences } from './ack-subject.js';
export { SumCountSummary, type SummaryChild } from './summary.js';
export {
  PublishError,
  type PubAck,
  type PublishCallback,
  type PublishFailure,
  type PublisherStats,
  type PublisherOptions,
} from './publish-types.js';
export {
  ensureDurable,
  deleteDurable,
  consume,
  keepWorking,
  type DurableSpec,
  type DeliverPolicyName,
  type BatchHandler,
  type ConsumeOptions,
  type ConsumeHandle,
} from './consumer.js';
export { openEphemeral, type EphemeralSpec, type EphemeralReader } from './ephemeral.js';
export {
  openKv,
  kvGet,
  kvGetJson,
  kvPut,
  kvCreate,
  kvUpdate,
  kvDelete,
  kvDeleteAt,
  KvConflictError,
  type KvValue,
} from './kv.js';
export type { NatsConnection } from '@nats-io/nats-core';
export {
  jetstream,
  jetstreamManager,
  type JetStreamClient,
  type JetStreamManager,
  type JsMsg,
} from '@nats-io/jetstream';
export type { KV } from '@nats-io/kv';
export {
  resolveBusTarget,
  exoticConnect,
  tlsFromSecrets,
  credentials,
  type BusTarget,
  type BusTargetOptions,
} from './target.js';
export { natsClientAuth, serverList } from './nats-auth.js';
export {
  campaign,
  openLeaseKv,
  openTtlKv,
  leaseHolder,
  LEASE_TTL_MS,
  type CampaignOptions,
  type CampaignHandle,
  type LeaseRecord,
} from './lease.js';
export * from './trace/index.js';
