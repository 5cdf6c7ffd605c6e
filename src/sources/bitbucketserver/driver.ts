/**
 * The `bitbucketserver` type (spec/eventsource.md §3.16): with a `webhookSecret`, requests must carry
 * `X-Hub-Signature: sha256=<hex HMAC>`; `repo:refs_changed` payloads may be filtered or split; each
 * resulting body becomes `{"headers", "body", "metadata"}` and the reply is `success` after all dispatches.
 * @module
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { BitbucketServerEventSource } from '../../api/index.js';
import type { SourceDriver } from '../types.js';
import { HttpError } from '../webhook/http.js';
import { startWebhookListener } from '../webhook/listener.js';
import { headersBodyData, metadataSuffix, requireJson } from '../webhook/payload.js';
import { commitHasOpenPR, serverApi } from './api.js';
import { needsHooks, serverHooks } from './hooks.js';
import { refsChangedEvents } from './refs-changed.js';

export const bitbucketServerDriver: SourceDriver<BitbucketServerEventSource> = {
  type: 'bitbucketserver',
  async start(ctx) {
    const cfg = ctx.config;
    // Upstream reads the secret only when it manages hooks; a configured secret is always enforced here.
    const secret = cfg.webhookSecret ? ctx.secrets.secret(cfg.webhookSecret) : '';
    const api = cfg.accessToken ? serverApi(ctx, cfg, ctx.secrets.secret(cfg.accessToken)) : undefined;
    const meta = metadataSuffix(cfg.metadata);
    const hooks = api && needsHooks(cfg) ? serverHooks(ctx, cfg, api, secret) : undefined;
    const options = {
      skipBranchRefsChangedOnOpenPR: cfg.skipBranchRefsChangedOnOpenPR ?? false,
      oneEventPerChange: cfg.oneEventPerChange ?? false,
      hasOpenPR: api ? (p: string, r: string, c: string) => commitHasOpenPR(api, p, r, c) : undefined,
    };
    return startWebhookListener(
      ctx,
      {
        webhook: cfg.webhook,
        inactiveMessage: 'inactive endpoint',
        handler: async (req) => {
          const raw = await req.body();
          if (secret) verify(raw, req.header('x-hub-signature'), secret);
          let bodies: string[];
          if (req.header('x-event-key') !== 'repo:refs_changed') bodies = [raw.toString('utf8')];
          else {
            try {
              bodies = await refsChangedEvents(raw.toString('utf8'), options);
            } catch (err) {
              throw new HttpError(400, (err as Error).message, true);
            }
          }
          const datas = bodies.map((b) =>
            headersBodyData('headers', req.headers, requireJson(Buffer.from(b), 'invalid event'), meta),
          );
          for (const d of datas) await ctx.dispatch(d);
        },
      },
      hooks,
    );
  },
};

function verify(body: Buffer, signature: string | undefined, secret: string): void {
  const fail = (why: string) =>
    new HttpError(400, `failed to validate bitbucketserver webhook request: ${why}`, true);
  if (!signature) throw fail('missing signature header');
  const given = Buffer.from(signature.slice(7), 'utf8'); // after "sha256="
  const want = Buffer.from(createHmac('sha256', secret).update(body).digest('hex'), 'utf8');
  if (given.length !== want.length || !timingSafeEqual(given, want)) throw fail('hmac verification failed');
}
