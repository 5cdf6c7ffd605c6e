/**
 * One event's route on the shared webhook server (upstream `common/webhook`): the checks every
 * webhook-style type shares (active, bearer auth, method), then the type's handler, then the reply. A
 * request is answered 2xx only after its dispatch resolved (JetStream stored the event); a bus failure
 * answers 503 with `Retry-After` so the sender retries.
 * @module
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { BusError, SourceError } from '../../api/index.js';
import { LOG_FIELDS } from '../../api/index.js';
import { eventSourceDefaults } from '../../api/index.js';
import type { WebhookContext } from '../../api/index.js';
import type { ListenerContext } from '../types.js';
import { checkBearer, resolveAuth, type AuthState } from './auth.js';
import { parseWebhookPort, webhookTls } from './context.js';
import { HttpError, canonicalHeaderKey, canonicalHeaders, headerValue, readBody, send } from './http.js';
import { webhookServers, type WebhookServers } from './servers.js';
import { tracedRequest } from './tracing.js';
import { tracer } from '../../bus/index.js';

/** Upstream's default `maxPayloadSize` (1 MiB). */
export const DEFAULT_MAX_PAYLOAD_SIZE: number = eventSourceDefaults.webhook.maxPayloadSize;
const MASKED = '*** Masked Auth Secret ***';

/** What a type's handler sees of a request. */
export interface WebhookRequest {
  readonly method: string;
  readonly path: string;
  /** Raw query string, without `?`. */
  readonly query: string;
  /** Headers as Go's `http.Header` (canonical names, `Authorization` masked when present). */
  readonly headers: Record<string, string[]>;
  /** First value of a header, case-insensitive (the real value, never masked). */
  header(name: string): string | undefined;
  /** The body, at most `maxPayloadSize` bytes (else 413). */
  body(): Promise<Buffer>;
  readonly raw: IncomingMessage;
}

/** A reply other than the default 200 `success`. */
export interface WebhookReply {
  status?: number;
  body?: string | Buffer;
  contentType?: string;
}

export type WebhookHandler = (req: WebhookRequest) => Promise<WebhookReply | void>;

export interface WebhookRouteOptions {
  webhook: WebhookContext;
  handler: WebhookHandler;
  /** The `webhook` type's required method: any other answers 405. */
  method?: string;
  /** Reply body while the route is stopping (upstream: `endpoint is inactive` or `inactive endpoint`). */
  inactiveMessage?: string;
  servers?: WebhookServers;
}

/** An open route: the port it listens on and how to close it (waits for in-flight requests). */
export interface WebhookRoute {
  port: number;
  close(): Promise<void>;
}

/** Register the event's route; resolves once it receives requests. */
export async function openWebhookRoute(
  ctx: ListenerContext<unknown>,
  o: WebhookRouteOptions,
): Promise<WebhookRoute> {
  const wh = o.webhook;
  const port = parseWebhookPort(ctx, wh);
  const tls = webhookTls(ctx, wh);
  const auth: AuthState = resolveAuth(ctx, wh.authSecret);
  const limit = wh.maxPayloadSize ?? DEFAULT_MAX_PAYLOAD_SIZE;
  const inactiveMessage = o.inactiveMessage ?? 'endpoint is inactive';
  let active = true;
  let inflight = 0;
  let idle: (() => void) | undefined;

  // One async function per request (no .catch/.finally chain): it answers, observes and counts itself.
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    inflight++;
    let started: number | undefined;
    try {
      if (!active) return send(res, 400, inactiveMessage);
      if (auth.ref) {
        const refused = checkBearer(ctx, auth, headerValue(req, 'authorization'));
        if (refused) return send(res, refused.status, refused.message);
      }
      const headers = canonicalHeaders(req);
      if (headers.Authorization) headers.Authorization = [MASKED];
      if (o.method !== undefined && req.method !== o.method)
        return send(res, 405, 'http method does not match', { Allow: o.method });
      started = performance.now();
      const request = new Request(req, headers, limit);
      const reply = tracer.on
        ? await tracedRequest(req, res, wh.endpoint, () => o.handler(request))
        : await o.handler(request);
      if (reply) send(res, reply.status ?? 200, reply.body ?? 'success', undefined, reply.contentType);
      else send(res, 200, 'success');
    } catch (err) {
      replyError(ctx, res, err);
    } finally {
      if (started !== undefined) ctx.metrics.observeSince(started);
      if (!req.complete) req.resume(); // drain an unread (refused) body so the reply reaches the sender
      if (--inflight === 0) idle?.();
    }
  };

  const registration = await (o.servers ?? webhookServers).register({
    port,
    endpoint: wh.endpoint,
    tls,
    owner: `${ctx.eventSourceName}/${ctx.eventName}`,
    logger: ctx.logger,
    handler: (req, res) => void handle(req, res),
  });
  ctx.logger.info(
    { [LOG_FIELDS.port]: registration.port, [LOG_FIELDS.endpoint]: wh.endpoint },
    'route is activated',
  );

  return {
    port: registration.port,
    async close() {
      active = false;
      if (inflight > 0) await new Promise<void>((r) => (idle = r));
      await registration.release();
    },
  };
}

/**
 * One request as handlers see it: a class rather than an object of closures, since one is made per
 * request. `header()` reads the canonical header map (Go's `Header.Get` is its first value) instead of
 * `req.headersDistinct`, which builds a second map of every header on first access.
 */
class Request implements WebhookRequest {
  readonly method: string;
  readonly path: string;
  readonly query: string;
  private bodyP: Promise<Buffer> | undefined;

  constructor(
    readonly raw: IncomingMessage,
    readonly headers: Record<string, string[]>,
    private readonly limit: number,
  ) {
    const url = raw.url ?? '/';
    const q = url.indexOf('?');
    this.method = raw.method ?? 'GET';
    this.path = q < 0 ? url : url.slice(0, q);
    this.query = q < 0 ? '' : url.slice(q + 1);
  }

  header(name: string): string | undefined {
    const key = canonicalHeaderKey(name);
    // the map holds a masked Authorization and no Host; handlers get the real values
    if (key === 'Authorization' || key === 'Host') return headerValue(this.raw, name);
    return this.headers[key]?.[0];
  }

  body(): Promise<Buffer> {
    return (this.bodyP ??= readBody(this.raw, this.limit));
  }
}

function replyError(ctx: ListenerContext<unknown>, res: ServerResponse, err: unknown): void {
  if (err instanceof HttpError) {
    if (err.countFailure) ctx.metrics.processingFailed();
    ctx.logger.debug({ status: err.status, reason: err.message }, 'request refused');
    return send(res, err.status, err.message, err.headers);
  }
  if (err instanceof BusError) {
    // not stored: tell the sender to come back (dispatch already counted the failure)
    const retryAfter = String(Math.max(1, Math.ceil(err.retryAfterMs / 1000)));
    return send(res, 503, 'failed to record event', { 'Retry-After': retryAfter });
  }
  if (!(err instanceof SourceError)) {
    ctx.metrics.processingFailed();
    ctx.logger.error({ [LOG_FIELDS.error]: err }, 'failed to handle the request');
  }
  send(res, 500, 'failed to record event');
}
