/**
 * Bitbucket Server hook management (spec/eventsource.md §3.16): at start (after 0–2 s) and every
 * `checkInterval` (default 1m), create the hook on each repository (explicit ones plus every repository
 * of `projects`), or update it when its events or secret differ; optionally delete them on stop.
 * @module
 */
import { parseDurationMs } from '../../api/index.js';
import type { BitbucketServerEventSource } from '../../api/index.js';
import type { ListenerContext } from '../types.js';
import { hookUrl, sourceError } from '../webhook/context.js';
import type { HookManagerOptions } from '../webhook/hook-manager.js';
import type { ProviderApi } from '../webhook/provider-api.js';
import { allPages, hooksPath, projectRepositories, type RepoRef, type ServerHook } from './api.js';

/** Explicit repositories (`repositories`, else the deprecated projectKey + repositorySlug). */
export function explicitRepositories(cfg: BitbucketServerEventSource): RepoRef[] {
  if (cfg.repositories?.length) return cfg.repositories;
  if (cfg.projectKey && cfg.repositorySlug)
    return [{ projectKey: cfg.projectKey, repositorySlug: cfg.repositorySlug }];
  return [];
}

/** Upstream `ShouldCreateWebhooks`. */
export function needsHooks(cfg: BitbucketServerEventSource): boolean {
  return Boolean(
    cfg.accessToken && cfg.webhook.url && (explicitRepositories(cfg).length > 0 || cfg.projects?.length),
  );
}

function sameSet(a: string[] = [], b: string[] = []): boolean {
  return a.length === b.length && [...a].sort().join('\0') === [...b].sort().join('\0');
}

export function serverHooks(
  ctx: ListenerContext<unknown>,
  cfg: BitbucketServerEventSource,
  api: ProviderApi,
  secret: string,
): Omit<HookManagerOptions, 'logger'> {
  const intervalMs = cfg.checkInterval ? parseDurationMs(cfg.checkInterval) : 60_000;
  if (intervalMs === undefined || intervalMs <= 0)
    throw sourceError(ctx, `invalid checkInterval ${JSON.stringify(cfg.checkInterval)}`);
  const url = hookUrl(cfg.webhook.url!, cfg.webhook.endpoint);
  const hook: Record<string, unknown> = { name: 'Argo Events', url, active: true, events: cfg.events ?? [] };
  // Bitbucket Server answers 500 to an empty secret: leave the configuration out instead
  if (secret) hook.configuration = { secret };
  const ids = new Map<string, number>();
  const repos = async () => [
    ...explicitRepositories(cfg),
    ...(cfg.projects?.length ? await projectRepositories(api, cfg.projects) : []),
  ];
  return {
    jitterMs: 2000,
    intervalMs,
    async apply() {
      for (const r of await repos()) {
        const p = hooksPath(r);
        try {
          const existing = (await allPages<ServerHook>(api, p)).find((h) => h.url === url);
          if (existing) {
            ids.set(p, existing.id);
            if (!sameSet(existing.events, cfg.events) || (existing.configuration?.secret ?? '') !== secret)
              await api.call('PUT', `${p}/${existing.id}`, { json: hook });
            continue;
          }
          ids.set(p, (await api.call<ServerHook>('POST', p, { json: hook })).id);
          ctx.logger.info(
            { 'project-key': r.projectKey, 'repository-slug': r.repositorySlug },
            'bitbucketserver webhook successfully registered',
          );
        } catch (err) {
          ctx.logger.error(
            { err, 'project-key': r.projectKey, 'repository-slug': r.repositorySlug },
            'failed to apply bitbucketserver webhook',
          );
        }
      }
    },
    cleanup: cfg.deleteHookOnFinish
      ? async () => {
          for (const [p, id] of ids) await api.call('DELETE', `${p}/${id}`);
        }
      : undefined,
  };
}
