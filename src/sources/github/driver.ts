/**
 * The `github` type (spec/eventsource.md §3.13): validated deliveries (any method) become
 * `{"headers", "body", "metadata"}` where `body` is the payload object plus `X-GitHub-Event` and
 * `X-GitHub-Delivery`. Hooks are registered with the GitHub API when credentials and `webhook.url` are set.
 * @module
 */
import type { GithubEventSource } from '../../api/index.js';
import type { SourceDriver } from '../types.js';
import { HttpError } from '../webhook/http.js';
import { startWebhookListener } from '../webhook/listener.js';
import { headersBodyData, metadataSuffix } from '../webhook/payload.js';
import { githubApi, githubHooks, needsHooks } from './hooks.js';
import { InvalidDeliveryError, validatePayload } from './signature.js';

const EVENT_HEADER = 'X-GitHub-Event';
const DELIVERY_HEADER = 'X-GitHub-Delivery';

export const githubDriver: SourceDriver<GithubEventSource> = {
  type: 'github',
  async start(ctx) {
    const cfg = ctx.config;
    const secret = cfg.webhookSecret ? ctx.secrets.secret(cfg.webhookSecret) : '';
    const meta = metadataSuffix(cfg.metadata);
    const hooks = needsHooks(cfg) ? githubHooks(ctx, cfg, githubApi(ctx, cfg), secret) : undefined;
    if (!hooks) ctx.logger.info('no need to create webhooks');
    return startWebhookListener(
      ctx,
      {
        webhook: cfg.webhook,
        handler: async (req) => {
          const body = await req.body();
          const signature = req.header('x-hub-signature-256') || req.header('x-hub-signature') || '';
          let payload: Record<string, unknown>;
          try {
            payload = parseObject(validatePayload(req.header('content-type'), body, signature, secret));
          } catch (err) {
            // upstream answers 400 with the reason and does not count it as a processing failure
            throw new HttpError(400, (err as Error).message);
          }
          payload[EVENT_HEADER] = req.header(EVENT_HEADER) ?? '';
          payload[DELIVERY_HEADER] = req.header(DELIVERY_HEADER) ?? '';
          await ctx.dispatch(headersBodyData('headers', req.headers, JSON.stringify(payload), meta));
        },
      },
      hooks,
    );
  },
};

function parseObject(text: string): Record<string, unknown> {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (err) {
    throw new InvalidDeliveryError(
      text.trim() === '' ? 'unexpected end of JSON input' : (err as Error).message,
    );
  }
  if (v === null || typeof v !== 'object' || Array.isArray(v))
    throw new InvalidDeliveryError(
      `json: cannot unmarshal ${Array.isArray(v) ? 'array' : typeof v} into Go value of type map[string]interface {}`,
    );
  return v as Record<string, unknown>;
}
