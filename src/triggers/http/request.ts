/**
 * Building the request of one HTTP trigger execution from the resolved trigger object (after its own
 * `parameters`), the events and the secrets, in upstream's order: static headers, dynamic headers,
 * secure headers, basic auth (later ones win on the same name).
 * @module
 */
import type { SecretStore } from '../../api/index.js';
import { TRACEPARENT_HEADER, TRACESTATE_HEADER } from '../../api/index.js';
import { HTTP_METHODS, type HTTPTrigger } from '../../api/index.js';
import { constructPayload, resolveParameter } from '../../sensors/index.js';
import type { TriggerContext, TriggerEvent } from '../types.js';
import { idempotencyHeaders } from './idempotency.js';

export interface HttpRequestSpec {
  method: string;
  url: URL;
  /** Header name (as written) → value; names compare case-insensitively, the last one set wins. */
  headers: Map<string, { name: string; value: string }>;
  body: Buffer | undefined;
  /** Lower-case names whose values come from secrets: dropped on a redirect to another host. */
  sensitive: Set<string>;
}

/** A request that cannot be built; `retryable: false` (repeating cannot change the outcome). */
export class RequestBuildError extends Error {
  override name = 'RequestBuildError';
}

/**
 * Build the request. `payload` parameters make the body (spec/sensor.md §8.3); without them the body
 * is empty. No `Content-Type` is added, as upstream.
 * @throws {RequestBuildError} for a missing/invalid URL or method; ParameterError and
 *   SecretNotFoundError pass through
 */
export function buildRequest(
  t: HTTPTrigger,
  events: Readonly<Record<string, TriggerEvent>>,
  secrets: SecretStore,
  who: Parameters<typeof idempotencyHeaders>[0] & Partial<Pick<TriggerContext, 'trace'>>,
): HttpRequestSpec {
  if (!t.url) throw new RequestBuildError('server URL is not specified');
  const method = t.method || 'POST';
  if (!(HTTP_METHODS as readonly string[]).includes(method))
    throw new RequestBuildError(
      `only GET, DELETE, PATCH, POST and PUT methods are supported, found ${JSON.stringify(method)}`,
    );
  let url: URL;
  try {
    url = new URL(t.url);
  } catch {
    throw new RequestBuildError(`invalid server URL ${JSON.stringify(redactUrl(t.url))}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new RequestBuildError(`unsupported protocol scheme "${url.protocol.slice(0, -1)}"`);

  const headers = new Map<string, { name: string; value: string }>();
  const sensitive = new Set<string>();
  const set = (name: string, value: string) => headers.set(name.toLowerCase(), { name, value });
  // First, so a user's own header of the same name wins.
  for (const [k, v] of Object.entries(idempotencyHeaders(who, events))) set(k, v);
  // tracing on: the attempt span's W3C context, so the peer continues the trace
  if (who.trace) {
    set(TRACEPARENT_HEADER, who.trace.traceparent);
    if (who.trace.tracestate) set(TRACESTATE_HEADER, who.trace.tracestate);
  }
  for (const [k, v] of Object.entries(t.headers ?? {})) set(k, v);
  for (const p of t.dynamicHeaders ?? []) {
    if (!p.src || !p.dest) continue;
    // Upstream crashes when the optional event is missing; jetflow skips that header.
    const v = resolveParameter(p.src, events);
    if (v) set(p.dest, v.value);
  }
  for (const h of t.secureHeaders ?? []) {
    if (!h.name) continue;
    const from = h.valueFrom;
    const value = from?.secretKeyRef
      ? secrets.secret(from.secretKeyRef)
      : from?.configMapKeyRef
        ? secrets.configMap(from.configMapKeyRef)
        : undefined;
    if (value === undefined) continue;
    set(h.name, value);
    sensitive.add(h.name.toLowerCase());
  }
  if (t.basicAuth) {
    const user = secrets.optionalSecret(t.basicAuth.username) ?? '';
    const pass = secrets.optionalSecret(t.basicAuth.password) ?? '';
    set('Authorization', `Basic ${Buffer.from(`${user}:${pass}`, 'utf8').toString('base64')}`);
  }
  if (t.host) set('Host', t.host);
  sensitive.add('authorization').add('cookie').add('proxy-authorization');

  const body = t.payload !== undefined ? Buffer.from(constructPayload(t.payload, events), 'utf8') : undefined;
  return { method, url, headers, body: body && body.length > 0 ? body : undefined, sensitive };
}

/** The URL with any `user:password@` replaced, for logs and error messages. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (!u.username && !u.password) return url;
    u.username = u.username ? 'redacted' : '';
    u.password = u.password ? 'redacted' : '';
    return u.toString();
  } catch {
    return url.replace(/\/\/[^/@]*@/, '//redacted@');
  }
}
