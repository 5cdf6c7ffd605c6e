/**
 * Building {@link TriggerError}s for the drivers in this folder and their siblings (nats, email, slack,
 * custom): one place for the context fields, the retry hint and the "why is this (not) retryable" rules.
 * @module
 */
import { TriggerError } from '../../api/index.js';
import type { TriggerContext } from '../types.js';

/**
 * A retryable failure with a wait the peer asked for (HTTP 429/503 `Retry-After`, Slack `ratelimited`).
 * The engine may use `retryAfterMs` instead of its own backoff for the next attempt.
 */
export class RetryAfterTriggerError extends TriggerError {
  constructor(
    message: string,
    context: TriggerError['context'],
    retryAfterMs: number,
    options?: ErrorOptions,
  ) {
    super(message, context, true, options);
    this.retryAfterMs = retryAfterMs;
  }
}

/** The context part of a TriggerError for this trigger. */
export function errorContext(type: string, ctx: Pick<TriggerContext, 'sensorName' | 'triggerName'>) {
  return { triggerType: type, sensorName: ctx.sensorName, triggerName: ctx.triggerName };
}

/** A TriggerError for trigger type `type`; `cause` is kept for `err.cause` (it must not carry secrets). */
export function triggerError(
  type: string,
  ctx: Pick<TriggerContext, 'sensorName' | 'triggerName'>,
  message: string,
  retryable: boolean,
  cause?: unknown,
  retryAfterMs?: number,
): TriggerError {
  const options = cause === undefined ? undefined : { cause };
  if (retryable && retryAfterMs !== undefined)
    return new RetryAfterTriggerError(message, errorContext(type, ctx), retryAfterMs, options);
  return new TriggerError(message, errorContext(type, ctx), retryable, options);
}

// Node socket/DNS errors that a later attempt can get past (the peer restarts, the network heals).
const TRANSIENT_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENETDOWN',
  'EPIPE',
  'EAI_AGAIN',
  // A name that does not resolve yet is common while a service is being deployed.
  'ENOTFOUND',
  'UND_ERR_SOCKET',
  'ERR_STREAM_PREMATURE_CLOSE',
]);

/**
 * Whether a transport error (socket, DNS, TLS) is worth another attempt. Certificate and protocol
 * errors are configuration problems: repeating the request cannot fix them.
 */
export function isTransientNetworkError(err: unknown): boolean {
  const code = (err as { code?: unknown } | undefined)?.code;
  if (typeof code !== 'string') return true;
  if (TRANSIENT_CODES.has(code)) return true;
  // OpenSSL verification codes (UNABLE_TO_VERIFY_LEAF_SIGNATURE, DEPTH_ZERO_SELF_SIGNED_CERT, ...).
  if (/CERT|UNABLE_TO_|SELF_SIGNED|HOSTNAME|^ERR_TLS|^ERR_SSL/.test(code)) return false;
  if (code === 'ERR_INVALID_URL' || code === 'ERR_INVALID_CHAR' || code === 'ERR_INVALID_HTTP_TOKEN')
    return false;
  return true;
}

/** A short description of a transport error without anything but its code and message. */
export function describeError(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' && !err.message.includes(code) ? `${code}: ${err.message}` : err.message;
}

/**
 * `Retry-After` in milliseconds: delta-seconds or an HTTP date; `undefined` when absent or unusable.
 */
export function parseRetryAfter(value: string | string[] | undefined, now = Date.now()): number | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  if (v === undefined || v.trim() === '') return undefined;
  if (/^\s*\d+\s*$/.test(v)) return Number(v) * 1000;
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
