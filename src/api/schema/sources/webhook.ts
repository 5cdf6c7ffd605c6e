/**
 * `webhook` and the `WebhookContext` shared by every HTTP-receiving type (spec/eventsource.md §2.6, §3.1).
 * @module
 */
import { z } from 'zod';
import type { IssueSink, PathSeg } from '../../issues.js';
import { obj, secretKeySelector } from '../common.js';
import { checkFilter } from './checks.js';
import { eventSourceFilter, userMetadata } from './shared.js';

/** HTTP route of one event on the shared webhook server (upstream `WebhookContext`). */
export const webhookContext = obj({
  /** URL path of the route, matched exactly; must start with `/`, e.g. `/example`. Required. */
  endpoint: z.string(),
  /** `webhook` type only: the accepted method, exact match (`GET` or `POST`). Other types ignore it. */
  method: z.string().optional(),
  /** Listening port as a numeric string, e.g. `"12000"`. Routes on one port share one server. Required. */
  port: z.string(),
  /** Public base URL used when registering hooks with a provider: hook URL = `url` (no trailing `/`) + `endpoint`. */
  url: z.string().optional(),
  /** With `serverKeySecret`: serve HTTPS on this port (the first route on a port decides). */
  serverCertSecret: secretKeySelector.optional(),
  /** With `serverCertSecret`: private key for HTTPS. */
  serverKeySecret: secretKeySelector.optional(),
  /** Bearer token the `Authorization` header must carry; it is masked before headers reach the event. */
  authSecret: secretKeySelector.optional(),
  /** Largest accepted request body in bytes; bigger bodies get 400. @default 1048576 */
  maxPayloadSize: z.number().int().optional(),
  metadata: userMetadata.optional(),
});
export type WebhookContext = z.infer<typeof webhookContext>;

/** `spec.webhook.<event>`: a plain HTTP endpoint (WebhookContext inline, plus a filter). */
export const webhookEventSource = webhookContext.extend({
  filter: eventSourceFilter.optional(),
});
export type WebhookEventSource = z.infer<typeof webhookEventSource>;

const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE'];
/** Methods the `webhook` handler turns into events; upstream answers 400 to any other. */
const HANDLED_METHODS = ['GET', 'POST'];

/** Parse a webhook port the way upstream needs it to work: digits only, 1..65535. */
export function parsePort(port: string): number | undefined {
  if (!/^\d+$/.test(port)) return undefined;
  const n = Number(port);
  return n >= 1 && n <= 65535 ? n : undefined;
}

/** Upstream `ValidateWebhookContext` plus what it accepts but cannot work (see messages). */
export function checkWebhookContext(
  ctx: WebhookContext,
  at: PathSeg[],
  sink: IssueSink,
  isWebhookType = false,
): void {
  if (ctx.endpoint === '')
    sink.error([...at, 'endpoint'], `endpoint can't be empty: expected a URL path such as "/example"`);
  else if (!ctx.endpoint.startsWith('/'))
    sink.error(
      [...at, 'endpoint'],
      `endpoint ${JSON.stringify(ctx.endpoint)} must start with "/" (upstream accepts it, but no request path can match)`,
    );
  if (ctx.port === '')
    sink.error([...at, 'port'], `port can't be empty: expected a port number such as "12000"`);
  else if (parsePort(ctx.port) === undefined)
    sink.error(
      [...at, 'port'],
      `failed to parse server port ${JSON.stringify(ctx.port)}: expected a number 1..65535`,
    );
  if (isWebhookType) checkMethod(ctx.method, [...at, 'method'], sink);
  if (ctx.maxPayloadSize !== undefined && ctx.maxPayloadSize <= 0)
    sink.error(
      [...at, 'maxPayloadSize'],
      `expected maxPayloadSize > 0 bytes, found ${ctx.maxPayloadSize} (every request body would be refused)`,
    );
  if ((ctx.serverCertSecret === undefined) !== (ctx.serverKeySecret === undefined)) {
    const [set, unset] = ctx.serverCertSecret
      ? ['serverCertSecret', 'serverKeySecret']
      : ['serverKeySecret', 'serverCertSecret'];
    sink.error(
      [...at, unset],
      `${set} is set without ${unset}: set both for HTTPS or neither (upstream silently serves plain HTTP)`,
    );
  }
}

function checkMethod(method: string | undefined, at: PathSeg[], sink: IssueSink): void {
  if (!method) {
    sink.error(
      at,
      'method is required: expected "GET" or "POST" (upstream answers every request with 400 "http method does not match" when it is empty)',
    );
  } else if (!HTTP_METHODS.includes(method.toUpperCase())) {
    sink.error(at, `expected an HTTP method ("GET" or "POST"), found ${JSON.stringify(method)}`);
  } else if (method !== method.toUpperCase()) {
    sink.error(
      at,
      `method ${JSON.stringify(method)} never matches: HTTP methods are case-sensitive, expected ${JSON.stringify(method.toUpperCase())}`,
    );
  } else if (!HANDLED_METHODS.includes(method)) {
    sink.error(
      at,
      `method ${JSON.stringify(method)} cannot work: the webhook source only turns GET and POST requests into events (upstream answers 400 "unsupoorted method")`,
    );
  }
}

/** Semantic check of `spec.webhook.<event>`. */
export function checkWebhook(cfg: WebhookEventSource, at: PathSeg[], sink: IssueSink): void {
  checkWebhookContext(cfg, at, sink, true);
  checkFilter(cfg.filter, at, sink);
}
