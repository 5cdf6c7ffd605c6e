/**
 * The `stripe` type (spec/eventsource.md §3.18): the body must be a Stripe event object (else 400
 * `failed to parse the event`), its `type` in `eventFilter` when one is set (else 400 `invalid event`).
 * Data: `{"event", "metadata"}`. With `createWebhook`, a Stripe webhook endpoint for `url + endpoint`
 * is created once the route is active (API base `$JETFLOW_STRIPE_API_URL`, else https://api.stripe.com).
 * @module
 */
import type { StripeEventSource } from '../../api/index.js';
import type { ListenerContext, SourceDriver } from '../types.js';
import { hookUrl, sourceError } from '../webhook/context.js';
import { HttpError } from '../webhook/http.js';
import { startWebhookListener } from '../webhook/listener.js';
import { metadataSuffix } from '../webhook/payload.js';
import { ProviderApi } from '../webhook/provider-api.js';

export const stripeDriver: SourceDriver<StripeEventSource> = {
  type: 'stripe',
  async start(ctx) {
    const cfg = ctx.config;
    const meta = metadataSuffix(cfg.metadata);
    const accepted = cfg.eventFilter?.length ? new Set(cfg.eventFilter) : undefined;
    const listener = await startWebhookListener(ctx, {
      webhook: cfg.webhook,
      handler: async (req) => {
        const text = (await req.body()).toString('utf8');
        let event: { type?: unknown };
        try {
          event = JSON.parse(text) as { type?: unknown };
          if (event === null || typeof event !== 'object' || Array.isArray(event))
            throw new Error('not an object');
        } catch {
          throw new HttpError(400, 'failed to parse the event', true);
        }
        if (accepted && !accepted.has(String(event.type))) throw new HttpError(400, 'invalid event', true);
        await ctx.dispatch(Buffer.from(`{"event":${text}${meta}}`, 'utf8'));
      },
    });
    if (cfg.createWebhook) {
      try {
        await createEndpoint(ctx, cfg);
      } catch (err) {
        await listener.stop();
        throw sourceError(
          ctx,
          `failed to create the stripe webhook endpoint: ${(err as Error).message}`,
          err,
        );
      }
    }
    return listener;
  },
};

/** POST /v1/webhook_endpoints with the URL and enabled events (`*` when no filter: Stripe requires some). */
async function createEndpoint(ctx: ListenerContext<unknown>, cfg: StripeEventSource): Promise<void> {
  if (!cfg.apiKey || !cfg.webhook.url) throw new Error('createWebhook needs apiKey and webhook.url');
  const api = new ProviderApi({
    baseUrl: process.env.JETFLOW_STRIPE_API_URL || 'https://api.stripe.com',
    headers: { Authorization: `Bearer ${ctx.secrets.secret(cfg.apiKey)}` },
  });
  const form = new URLSearchParams({ url: hookUrl(cfg.webhook.url, cfg.webhook.endpoint) });
  (cfg.eventFilter?.length ? cfg.eventFilter : ['*']).forEach((e, i) =>
    form.append(`enabled_events[${i}]`, e),
  );
  const endpoint = await api.call<{ id?: string }>('POST', 'v1/webhook_endpoints', { form });
  ctx.logger.info({ 'endpoint-id': endpoint?.id }, 'new stripe webhook endpoint created');
}
