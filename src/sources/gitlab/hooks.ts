/**
 * GitLab hook management (spec/eventsource.md §3.14): for every group and project, reuse a hook with the
 * same URL, else add one with the configured event flags; re-check every 60 s; optionally delete them on
 * stop. API: `<gitlabBaseURL>/api/v4` with a `PRIVATE-TOKEN` header.
 * @module
 */
import { GITLAB_EVENTS, type GitlabEventSource } from '../../api/index.js';
import type { ListenerContext } from '../types.js';
import { hookUrl, sourceError } from '../webhook/context.js';
import type { HookManagerOptions } from '../webhook/hook-manager.js';
import { ProviderApi } from '../webhook/provider-api.js';

interface GitlabHook {
  id: number;
  url?: string;
}

/** Upstream `NeedToCreateHooks`. */
export function needsHooks(cfg: GitlabEventSource): boolean {
  return Boolean(cfg.accessToken && cfg.webhook.url);
}

/** `PushEvents` → `push_events` (the REST field of go-gitlab's option of that name). */
export function eventFlag(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}

/** API base as go-gitlab's `WithBaseURL`: `/api/v4/` appended unless already there. */
export function gitlabApiBase(base: string): string {
  const b = base.replace(/\/+$/, '');
  return b.endsWith('/api/v4') ? `${b}/` : `${b}/api/v4/`;
}

/** The hook options, or a start error for an unknown event name (upstream: `unknown event <x>`). */
export function hookOptions(
  ctx: ListenerContext<unknown>,
  cfg: GitlabEventSource,
  token: string | undefined,
) {
  const opts: Record<string, unknown> = {
    url: hookUrl(cfg.webhook.url!, cfg.webhook.endpoint),
    enable_ssl_verification: cfg.enableSSLVerification ?? false,
  };
  for (const e of GITLAB_EVENTS) opts[eventFlag(e)] = false;
  for (const e of cfg.events) {
    if (!GITLAB_EVENTS.includes(e)) throw sourceError(ctx, `unknown event ${e}`);
    opts[eventFlag(e)] = true;
  }
  if (token !== undefined) opts.token = token;
  return opts;
}

export function gitlabHooks(
  ctx: ListenerContext<unknown>,
  cfg: GitlabEventSource,
  secretToken: string | undefined,
): Omit<HookManagerOptions, 'logger'> {
  const api = new ProviderApi({
    baseUrl: gitlabApiBase(cfg.gitlabBaseURL),
    headers: { 'PRIVATE-TOKEN': ctx.secrets.secret(cfg.accessToken) },
  });
  const opts = hookOptions(ctx, cfg, secretToken);
  const projects = cfg.projects?.length ? cfg.projects : cfg.projectID ? [cfg.projectID] : [];
  const targets = [
    ...(cfg.groups ?? []).map((g) => `groups/${encodeURIComponent(g)}`),
    ...projects.map((p) => `projects/${encodeURIComponent(p)}`),
  ];
  const ids = new Map<string, number>();
  return {
    jitterMs: 2000,
    intervalMs: 60_000,
    async apply() {
      for (const t of targets) {
        try {
          const hooks = await api.call<GitlabHook[]>('GET', `${t}/hooks`);
          const found = hooks.find((h) => h.url === opts.url);
          if (found) {
            ids.set(t, found.id);
            continue;
          }
          ctx.logger.info({ target: t }, 'hook not found, creating ...');
          ids.set(t, (await api.call<GitlabHook>('POST', `${t}/hooks`, { json: opts })).id);
        } catch (err) {
          ctx.logger.error({ err, target: t }, 'failed to list or create the gitlab webhook');
        }
      }
    },
    cleanup: cfg.deleteHookOnFinish
      ? async () => {
          for (const [t, id] of ids) {
            await api.call('DELETE', `${t}/hooks/${id}`);
            ctx.logger.info({ target: t }, 'Gitlab hook deleted');
          }
        }
      : undefined,
  };
}
