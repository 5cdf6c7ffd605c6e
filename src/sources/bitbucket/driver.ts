/**
 * The `bitbucket` (cloud) type (spec/eventsource.md §3.15): no signature check; the raw JSON body
 * becomes `{"headers", "body", "metadata"}`. Hooks are (re-)created when auth and `webhook.url` are set.
 * @module
 */
import type { BitbucketEventSource } from '../../api/index.js';
import type { SourceDriver } from '../types.js';
import { HttpError } from '../webhook/http.js';
import { startWebhookListener } from '../webhook/listener.js';
import { headersBodyData, metadataSuffix, requireJson } from '../webhook/payload.js';
import { bitbucketHooks, needsHooks } from './hooks.js';

export const bitbucketDriver: SourceDriver<BitbucketEventSource> = {
  type: 'bitbucket',
  async start(ctx) {
    const cfg = ctx.config;
    const meta = metadataSuffix(cfg.metadata);
    const hooks = needsHooks(cfg) ? bitbucketHooks(ctx, cfg) : undefined;
    if (!hooks)
      ctx.logger.info('access token or webhook configuration were not provided, skipping webhooks creation');
    return startWebhookListener(
      ctx,
      {
        webhook: cfg.webhook,
        inactiveMessage: 'inactive endpoint',
        handler: async (req) => {
          let raw: Buffer;
          try {
            raw = await req.body();
          } catch (err) {
            // upstream does not count unreadable bodies of this type
            if (err instanceof HttpError) throw new HttpError(err.status, err.message, false, err.headers);
            throw err;
          }
          let body: string;
          try {
            body = requireJson(raw, 'invalid event');
          } catch {
            throw new HttpError(400, 'invalid event');
          }
          await ctx.dispatch(headersBodyData('headers', req.headers, body, meta));
        },
      },
      hooks,
    );
  },
};
