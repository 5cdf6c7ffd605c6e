/**
 * `policy.status.allow` (spec/sensor.md §9.4) and how a disallowed status maps to a retry decision.
 * @module
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { TriggerContext } from '../types.js';
import { parseRetryAfter, triggerError } from './errors.js';

/**
 * Whether a status that failed the policy is worth another attempt: 5xx, 408 (request timeout) and
 * 429 (too many requests) are; any other status (4xx, or a 2xx/3xx that is simply not allowed) would
 * come back the same.
 */
export function isRetryableStatus(status: number): boolean {
  return status >= 500 || status === 408 || status === 429;
}

/**
 * Apply the status policy. Without `policy.status.allow` every status is a success (upstream); with
 * it, a status outside the list fails the attempt with upstream's message.
 * @throws {TriggerError} (a RetryAfterTriggerError for 429/503 with `Retry-After`)
 */
export function applyStatusPolicy(
  type: string,
  status: number,
  headers: IncomingHttpHeaders,
  ctx: TriggerContext,
): void {
  const allow = ctx.policy?.status?.allow;
  if (!allow) {
    if (status >= 400)
      ctx.logger.warn(
        { status },
        `HTTP ${status} counts as success: the trigger has no policy.status.allow (as upstream)`,
      );
    return;
  }
  if (allow.includes(status)) return;
  const retryAfter = status === 429 || status === 503 ? parseRetryAfter(headers['retry-after']) : undefined;
  throw triggerError(
    type,
    ctx,
    `policy application resulted in failure. http response status ${status} is not allowed`,
    isRetryableStatus(status),
    undefined,
    retryAfter,
  );
}
