/**
 * Building blocks shared by the message-broker sources (nats, redis, redisStream, amqp, mqtt):
 * connection backoff, TLS from secrets, body encoding, link health with a rate-limited log, and a
 * tracker of in-flight dispatches.
 * @module
 */
export {
  connectBackoff,
  connectDelayMs,
  reconnectDelayMs,
  withConnectRetry,
  MAX_RECONNECT_MS,
  type ConnectBackoff,
} from './backoff.js';
export { brokerTls, type BrokerTls } from './tls.js';
export { bodyJson, jsonObject, metadataJson } from './payload.js';
export {
  linkReporter,
  brokerClientName,
  redactUrl,
  LINK_LOG_INTERVAL_MS,
  type LinkReporter,
} from './link.js';
export { InFlight } from './in-flight.js';
