/** The event source runtime: envelope, dispatch, metrics, listener host. */
export { EnvelopeWriter, newEventId, eventTime, safeId, type CloudEventEnvelope } from './envelope.js';
export {
  createDispatch,
  type DispatcherOptions,
  type EventPublisher,
  type SourceFilter,
} from './dispatcher.js';
export {
  EventMetrics,
  RunningGauge,
  SOURCE_METRIC_NAMES,
  METRIC_LABELS,
  METRIC_PREFIX,
  BUILD_INFO,
  registerProcessMetrics,
} from './metrics.js';
export {
  EventSourceHost,
  type EventSourceHostOptions,
  type EventSourceObject,
  type ListenerStatus,
} from './host.js';
export { DEFAULT_START_RETRY, type StartRetryPolicy } from './retry.js';
