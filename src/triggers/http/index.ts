/**
 * The `http` trigger, and transport helpers the other network drivers share (TLS material, error
 * mapping, idempotency headers).
 * @module
 */
export { httpDriver, createHttpDriver, DEFAULT_HTTP_TIMEOUT_SECONDS } from './driver.js';
export {
  EVENT_ID_HEADER,
  IDEMPOTENCY_KEY_HEADER,
  REPLAY_HEADER,
  eventIds,
  idempotencyKey,
  idempotencyHeaders,
} from './idempotency.js';
export {
  RetryAfterTriggerError,
  triggerError,
  errorContext,
  isTransientNetworkError,
  describeError,
  parseRetryAfter,
} from './errors.js';
export { tlsMaterial, type TlsMaterial } from './tls.js';
export { isRetryableStatus } from './policy.js';
export { redactUrl } from './request.js';
