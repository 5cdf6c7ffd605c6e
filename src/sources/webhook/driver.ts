/**
 * The `webhook` type (spec/eventsource.md §3.1): GET → query map, form POST → form map, other POST → the
 * raw JSON body. Data: `{"header", "body", "metadata"}`.
 * @module
 */
import type { WebhookEventSource } from '../../api/index.js';
import type { SourceDriver } from '../types.js';
import { HttpError, valuesOf } from './http.js';
import { headersBodyData, metadataSuffix, requireJson } from './payload.js';
import { openWebhookRoute, type WebhookRequest } from './route.js';

const FORM = 'application/x-www-form-urlencoded';

export const webhookDriver: SourceDriver<WebhookEventSource> = {
  type: 'webhook',
  async start(ctx) {
    const cfg = ctx.config;
    const meta = metadataSuffix(cfg.metadata);
    const route = await openWebhookRoute(ctx, {
      webhook: cfg,
      // Upstream answers every request "http method does not match" when no method is set.
      method: cfg.method ?? '',
      handler: async (req) => {
        const body = await bodyJson(req);
        await ctx.dispatch(headersBodyData('header', req.headers, body, meta));
      },
    });
    return { stop: () => route.close() };
  },
};

/** The `body` of the event data as JSON text. */
async function bodyJson(req: WebhookRequest): Promise<string> {
  switch (req.method) {
    case 'GET':
      return JSON.stringify(valuesOf(req.query));
    case 'POST': {
      const raw = await req.body();
      // exact match, as upstream: `application/x-www-form-urlencoded; charset=utf-8` is parsed as JSON
      if (req.header('content-type') === FORM) return JSON.stringify(valuesOf(raw.toString('utf8')));
      return requireJson(raw);
    }
    default:
      throw new HttpError(400, `unsupoorted method: ${req.method}`, true);
  }
}
