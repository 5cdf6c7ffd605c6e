/**
 * The one Slack Web API call the trigger makes, `chat.postMessage`, and how its answers map to retry
 * decisions. The base URL is configurable (`JETFLOW_SLACK_API_URL`), so tests and proxies can stand in
 * for slack.com.
 * @module
 */
import { parseRetryAfter } from '../http/index.js';

/** Default Slack Web API base (slack-go's `APIURL`). */
export const SLACK_API_URL = 'https://slack.com/api/';
/** Environment variable overriding {@link SLACK_API_URL}. */
export const SLACK_API_URL_ENV = 'JETFLOW_SLACK_API_URL';

/** Slack `error` codes that may go away on a later attempt; every other `ok:false` is permanent. */
const TRANSIENT_ERRORS = new Set([
  'ratelimited',
  'rate_limited',
  'internal_error',
  'fatal_error',
  'service_unavailable',
  'request_timeout',
]);

export type PostResult =
  | { ok: true; ts: string; channel: string }
  | { ok: false; error: string; retryable: boolean; retryAfterMs?: number };

/**
 * POST `body` as JSON to `<base>/chat.postMessage` with the bot token.
 * @throws the fetch/transport error (network, timeout, abort)
 */
export async function postMessage(
  base: string,
  token: string,
  body: Record<string, unknown>,
  signal: AbortSignal,
): Promise<PostResult> {
  const url = new URL('chat.postMessage', base.endsWith('/') ? base : `${base}/`);
  const res = await fetch(url, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json; charset=utf-8' },
    body: JSON.stringify(body),
    signal,
  });
  const text = await res.text();
  const retryAfterMs = parseRetryAfter(res.headers.get('retry-after') ?? undefined);
  if (res.status === 429)
    return { ok: false, error: 'ratelimited', retryable: true, retryAfterMs: retryAfterMs ?? 1000 };
  let json: { ok?: unknown; error?: unknown; ts?: unknown; channel?: unknown } | undefined;
  try {
    json = JSON.parse(text) as typeof json;
  } catch {
    json = undefined;
  }
  if (!res.ok || !json)
    return {
      ok: false,
      error: `slack server error: HTTP ${res.status}`,
      retryable: res.status >= 500 || res.status === 408,
    };
  if (json.ok !== true) {
    const error = typeof json.error === 'string' ? json.error : 'unknown_error';
    const r: PostResult = { ok: false, error, retryable: TRANSIENT_ERRORS.has(error) };
    if (r.retryable && retryAfterMs !== undefined) r.retryAfterMs = retryAfterMs;
    return r;
  }
  return { ok: true, ts: String(json.ts ?? ''), channel: String(json.channel ?? '') };
}
