/**
 * The sensor engine: dependencies (transform, filters), conditions with KV state, trigger parameters,
 * policies (retry, rate limit, dead letter, at-least-once) and the JetStream consumption around them.
 * See ARCHITECTURE.md for the state machine.
 * @module
 */
export { startSensor, type StartSensorOptions, type RunningSensor } from './sensor-runner.js';
export {
  dryRun,
  eventFromData,
  type DryRunReport,
  type DependencyReport,
  type TriggerReport,
} from './dry-run.js';
export { SensorEvent, parseCloudEvent, EventParseError, wholeSecondUtc, type EventContext } from './event.js';
export {
  evaluateFilters,
  FILTER_KINDS,
  type FilterKind,
  type FilterOptions,
  type FilterTrace,
  type KindVerdict,
  type ItemVerdict,
  type TraceMode,
} from './filters/index.js';
export {
  applyTransform,
  TransformError,
  ScriptSandbox,
  SandboxError,
  sharedSandbox,
  type SandboxOptions,
} from './transform/index.js';
export {
  resolveParameter,
  applyParameters,
  applyParametersText,
  constructPayload,
  wholeEventText,
  ParameterError,
  type ResolvedValue,
  type ValueKind,
} from './parameters.js';
export { retrySchedule, InvalidBackoffError, type RetrySchedule } from './backoff.js';
export { RateLimiter } from './rate-limit.js';
export { SensorMetrics, SENSOR_METRICS, SENSOR_METRIC_LABELS } from './metrics.js';
export { reconcileState, dependencyHash, type ReconcileResult } from './reconcile.js';
export { planSubscriptions, type SubscriptionPlan } from './trigger-subscriptions.js';
export { DEDUP_WINDOW_MS } from './dedup.js';
export {
  planReplay,
  runReplay,
  type ReplayRequest,
  type ReplayEnv,
  type ReplayOptions,
  type ReplaySummary,
  type ReplayedEvent,
  type ReplayVerdict,
} from './replay.js';
export {
  parseReplayPoint,
  describeBounds,
  ReplayInputError,
  type ReplayPoint,
  type StreamBounds,
} from './replay-range.js';
export type { ExecutionReport, ExecutionResult } from './action-runner.js';
export type * from './trigger-contract.js';
