/**
 * Bitbucket Cloud hook management (spec/eventsource.md §3.15): after a random 0–5 s delay, each
 * repository's hook with the same URL is deleted and re-created (once, no periodic re-check). The API
 * base is `$BITBUCKET_API_BASE_URL` (the variable go-bitbucket reads), else https://api.bitbucket.org/2.0.
 * @module
 */
import type { BitbucketEventSource } from '../../api/index.js';
import type { ListenerContext } from '../types.js';
import { hookUrl } from '../webhook/context.js';
import type { HookManagerOptions } from '../webhook/hook-manager.js';
import { ProviderApi, ProviderApiError } from '../webhook/provider-api.js';

interface BitbucketHook {
  uuid: string;
  url?: string;
}

export const HOOK_DESCRIPTION = 'webhook managed by Argo-Events';

/** Upstream `ShouldCreateWebhooks`: credentials and a public `webhook.url`. */
export function needsHooks(cfg: BitbucketEventSource): boolean {
  const basic = Boolean(cfg.auth.basic?.username && cfg.auth.basic.password);
  return (basic || Boolean(cfg.auth.oauthToken)) && Boolean(cfg.webhook.url);
}

/** Repositories as upstream resolves them (`repositories`, else the deprecated owner + slug). */
export function repositories(cfg: BitbucketEventSource): { owner: string; repositorySlug: string }[] {
  if (cfg.repositories?.length) return cfg.repositories;
  if (cfg.owner && cfg.repositorySlug) return [{ owner: cfg.owner, repositorySlug: cfg.repositorySlug }];
  return [];
}

function authHeader(ctx: ListenerContext<unknown>, cfg: BitbucketEventSource): string {
  const b = cfg.auth.basic;
  if (b?.username && b.password) {
    const user = ctx.secrets.secret(b.username);
    return `Basic ${Buffer.from(`${user}:${ctx.secrets.secret(b.password)}`).toString('base64')}`;
  }
  return `Bearer ${ctx.secrets.secret(cfg.auth.oauthToken!)}`;
}

export function bitbucketHooks(
  ctx: ListenerContext<unknown>,
  cfg: BitbucketEventSource,
): Omit<HookManagerOptions, 'logger'> {
  const api = new ProviderApi({
    baseUrl: process.env.BITBUCKET_API_BASE_URL || 'https://api.bitbucket.org/2.0',
    headers: { Authorization: authHeader(ctx, cfg) },
  });
  const url = hookUrl(cfg.webhook.url!, cfg.webhook.endpoint);
  const ids = new Map<string, string>();
  const path = (r: { owner: string; repositorySlug: string }) =>
    `repositories/${encodeURIComponent(r.owner)}/${encodeURIComponent(r.repositorySlug)}/hooks`;
  const del = async (p: string, uuid: string) => {
    try {
      await api.call('DELETE', `${p}/${encodeURIComponent(uuid)}`);
    } catch (err) {
      if (!(err instanceof ProviderApiError && err.status === 404)) throw err; // already gone is fine
    }
  };
  return {
    jitterMs: 5000,
    async apply() {
      for (const r of repositories(cfg)) {
        const p = path(r);
        try {
          const list = await api.call<{ values?: BitbucketHook[] }>('GET', p);
          const old = (list?.values ?? []).find((h) => h.url === url);
          if (old) await del(p, old.uuid);
          const body = { description: HOOK_DESCRIPTION, url, active: true, events: cfg.events ?? [] };
          ids.set(p, (await api.call<BitbucketHook>('POST', p, { json: body })).uuid);
        } catch (err) {
          ctx.logger.error(
            { err, owner: r.owner, 'repository-slug': r.repositorySlug },
            'failed to apply Bitbucket webhook',
          );
        }
      }
    },
    cleanup: cfg.deleteHookOnFinish
      ? async () => {
          for (const [p, uuid] of ids) await del(p, uuid);
        }
      : undefined,
  };
}
