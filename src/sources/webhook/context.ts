/**
 * Reading a `WebhookContext` at start: the port, HTTPS material, and the public hook URL used when a
 * provider's API registers the hook.
 * @module
 */
import { SourceError } from '../../api/index.js';
import { parsePort, type WebhookContext } from '../../api/index.js';
import type { ListenerContext } from '../types.js';

/** The listening port; throws a SourceError naming the event for a bad port or endpoint. */
export function parseWebhookPort(ctx: ListenerContext<unknown>, wh: WebhookContext): number {
  const port = parsePort(wh.port);
  if (port === undefined) throw sourceError(ctx, `failed to parse server port ${JSON.stringify(wh.port)}`);
  if (!wh.endpoint.startsWith('/'))
    throw sourceError(ctx, `endpoint ${JSON.stringify(wh.endpoint)} must start with "/"`);
  return port;
}

/** PEM cert and key when both `serverCertSecret` and `serverKeySecret` are set. */
export function webhookTls(
  ctx: ListenerContext<unknown>,
  wh: WebhookContext,
): { cert: string; key: string } | undefined {
  if (!wh.serverCertSecret || !wh.serverKeySecret) return undefined;
  return { cert: ctx.secrets.secret(wh.serverCertSecret), key: ctx.secrets.secret(wh.serverKeySecret) };
}

/** Upstream `FormattedURL`: `url` without a trailing `/`, plus the endpoint (given a leading `/`). */
export function hookUrl(url: string, endpoint: string): string {
  return `${url.replace(/\/$/, '')}${endpoint.startsWith('/') ? endpoint : `/${endpoint}`}`;
}

/** A SourceError in the context of this listener. */
export function sourceError(ctx: ListenerContext<unknown>, message: string, cause?: unknown): SourceError {
  const where = {
    sourceType: ctx.eventSourceType,
    eventSourceName: ctx.eventSourceName,
    eventName: ctx.eventName,
  };
  return new SourceError(message, where, cause === undefined ? undefined : { cause });
}
