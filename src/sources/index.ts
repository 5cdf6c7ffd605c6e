/**
 * Event sources: the runtime that hosts an EventSource's listeners and publishes their events, and one
 * driver per type. Other areas import sources only through this module.
 * @module
 */
export type {
  SourceDriver,
  Listener,
  ListenerContext,
  ListenerMetrics,
  Dispatch,
  DispatchOptions,
} from './types.js';
export { SOURCE_DRIVERS, unsupportedDriver, isSupported, sourceSharing } from './registry.js';
export {
  EventSourceHost,
  createDispatch,
  EnvelopeWriter,
  newEventId,
  eventTime,
  EventMetrics,
  RunningGauge,
  SOURCE_METRIC_NAMES,
  METRIC_LABELS,
  registerProcessMetrics,
  DEFAULT_START_RETRY,
  type EventSourceHostOptions,
  type EventSourceObject,
  type ListenerStatus,
  type EventPublisher,
  type SourceFilter,
  type CloudEventEnvelope,
  type StartRetryPolicy,
} from './runtime/index.js';
export { webhookServers } from './webhook/index.js';
