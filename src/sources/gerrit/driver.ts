/**
 * The `gerrit` type (spec/eventsource.md §4): the raw JSON body becomes `{"headers", "body",
 * "metadata"}`; hooks are managed through Gerrit's webhooks plugin when auth and `webhook.url` are set.
 * @module
 */
import type { GerritEventSource } from '../../api/index.js';
import type { SourceDriver } from '../types.js';
import { startWebhookListener } from '../webhook/listener.js';
import { headersBodyData, metadataSuffix, requireJson } from '../webhook/payload.js';
import { gerritHooks, needsHooks } from './hooks.js';

export const gerritDriver: SourceDriver<GerritEventSource> = {
  type: 'gerrit',
  async start(ctx) {
    const cfg = ctx.config;
    const meta = metadataSuffix(cfg.metadata);
    const hooks = needsHooks(cfg) ? gerritHooks(ctx, cfg) : undefined;
    return startWebhookListener(
      ctx,
      {
        webhook: cfg.webhook,
        inactiveMessage: 'inactive endpoint',
        handler: async (req) => {
          const body = requireJson(await req.body(), 'invalid event');
          await ctx.dispatch(headersBodyData('headers', req.headers, body, meta));
        },
      },
      hooks,
    );
  },
};
