/**
 * Structured log field names, spelled as upstream's zap labels (`pkg/shared/logging/logger.go` and the
 * call sites that log event ids) so log queries written for Argo Events keep working. Never inline them.
 * @module
 */
export const LOG_FIELDS = {
  eventSourceName: 'eventSourceName',
  eventSourceType: 'eventSourceType',
  eventName: 'eventName',
  sensorName: 'sensorName',
  triggerName: 'triggerName',
  triggerType: 'triggerType',
  dependencyName: 'dependencyName',
  namespace: 'namespace',
  eventId: 'eventID',
  endpoint: 'endpoint',
  port: 'port',
  httpMethod: 'http-method',
  time: 'time',
  /** OpenTelemetry trace and span of an event line, only when tracing is on (OTel log data model names). */
  traceId: 'trace_id',
  spanId: 'span_id',
  /** pino's error serializer key. */
  error: 'err',
} as const;

export type LogField = (typeof LOG_FIELDS)[keyof typeof LOG_FIELDS];
