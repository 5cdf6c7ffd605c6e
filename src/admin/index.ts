/**
 * The admin server of `jetflow run`: `/healthz`, `/readyz`, `/metrics`, the JSON API under `/api/v1/`,
 * the live stream (`/api/v1/stream`) and the dashboard at `/`.
 *
 * Wiring (the runtime's part):
 * ```ts
 * const recorder = createRecorder({ sensors: () => sensors.map((s) => s.resource) });
 * // every message on the stream's subjects → recorder.recordEvent(msg.data)
 * // every finished trigger execution → recorder.recordExecution({ sensor, trigger, outcome, durationMs, error, eventIds })
 * const admin = await createAdminServer({
 *   host, port, token, registry, logger,
 *   view: { recorder, bus: () => localBus.status(), eventSources: () => …, sensors: () => …,
 *           secretValues: () => [busPassword] },
 * });
 * …
 * await admin.close();
 * ```
 * @module
 */
export {
  createAdminServer,
  DEFAULT_ADMIN_PORT,
  type AdminServer,
  type AdminServerOptions,
  type AdminLogger,
} from './server.js';
export { createRecorder, type Recorder, type RecorderOptions, type RecorderMessage } from './recorder.js';
export { AdminConfigError, HttpError } from './errors.js';
export { ADMIN_METRICS, ADMIN_METRIC_LABELS } from './metrics.js';
export { isLoopback, checkBinding } from './auth.js';
export { dashboardDir } from './static.js';
export { REDACTED } from './redact.js';
export { openStream, type StreamReader, type StreamMessage } from './sse-client.js';
export { demoRuntime, demoEnvelope, feedDemo, DEMO_RESOURCES, type DemoRuntime } from './demo.js';
export type {
  RuntimeView,
  BusView,
  BusNodeView,
  ConditionView,
  ComponentState,
  EventSourceView,
  ListenerView,
  SensorView,
  RecordedEvent,
  RecordedExecution,
  ExecutionInput,
  EventTrace,
  DependencyTrace,
  TriggerVerdict,
  LiveMessage,
} from './types.js';
