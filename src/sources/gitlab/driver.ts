/**
 * The `gitlab` type (spec/eventsource.md §3.14): with a `secretToken`, requests must carry it in
 * `X-Gitlab-Token` (else 400 `token mismatch`); the raw JSON body becomes `{"headers", "body",
 * "metadata"}`. Hooks are managed when `accessToken` and `webhook.url` are set.
 * @module
 */
import { timingSafeEqual } from 'node:crypto';
import type { GitlabEventSource } from '../../api/index.js';
import type { SourceDriver } from '../types.js';
import { HttpError } from '../webhook/http.js';
import { startWebhookListener } from '../webhook/listener.js';
import { headersBodyData, metadataSuffix, requireJson } from '../webhook/payload.js';
import { gitlabHooks, needsHooks } from './hooks.js';

export const gitlabDriver: SourceDriver<GitlabEventSource> = {
  type: 'gitlab',
  async start(ctx) {
    const cfg = ctx.config;
    // Upstream only checks the token when it manages hooks; a configured token is always enforced here.
    const token = cfg.secretToken ? ctx.secrets.secret(cfg.secretToken) : undefined;
    const meta = metadataSuffix(cfg.metadata);
    const hooks = needsHooks(cfg) ? gitlabHooks(ctx, cfg, token) : undefined;
    return startWebhookListener(
      ctx,
      {
        webhook: cfg.webhook,
        inactiveMessage: 'inactive endpoint',
        handler: async (req) => {
          if (token !== undefined && !same(req.header('x-gitlab-token'), token))
            throw new HttpError(400, 'token mismatch');
          const body = requireJson(await req.body(), 'invalid event');
          await ctx.dispatch(headersBodyData('headers', req.headers, body, meta));
        },
      },
      hooks,
    );
  },
};

function same(given: string | undefined, want: string): boolean {
  const a = Buffer.from(given ?? '');
  const b = Buffer.from(want);
  return a.length === b.length && timingSafeEqual(a, b);
}
