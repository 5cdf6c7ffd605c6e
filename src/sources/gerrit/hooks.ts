/**
 * Gerrit hook management through the webhooks plugin (spec/eventsource.md §4): for each project, keep a
 * remote named `hookName` pointing at our URL; re-check every 60 s; optionally delete it on stop.
 * Authenticated REST paths carry the `a/` prefix and answers start with `)]}'`, as go-gerrit handles.
 * @module
 */
import type { GerritEventSource } from '../../api/index.js';
import type { ListenerContext } from '../types.js';
import { hookUrl } from '../webhook/context.js';
import type { HookManagerOptions } from '../webhook/hook-manager.js';
import { ProviderApi } from '../webhook/provider-api.js';

/** Upstream `NeedToCreateHooks`. */
export function needsHooks(cfg: GerritEventSource): boolean {
  return Boolean(cfg.auth && cfg.webhook.url);
}

const remotePath = (project: string, name?: string) =>
  `a/config/server/webhooks~projects/${encodeURIComponent(project)}/remotes/${name === undefined ? '' : `${encodeURIComponent(name)}/`}`;

export function gerritHooks(
  ctx: ListenerContext<unknown>,
  cfg: GerritEventSource,
): Omit<HookManagerOptions, 'logger'> {
  const user = ctx.secrets.secret(cfg.auth.username!);
  const pass = ctx.secrets.secret(cfg.auth.password!);
  const api = new ProviderApi({
    baseUrl: cfg.gerritBaseURL,
    headers: { Authorization: `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}` },
    jsonPrefix: ")]}'",
  });
  const url = hookUrl(cfg.webhook.url!, cfg.webhook.endpoint);
  const hook: Record<string, unknown> = { url, events: cfg.events };
  if (cfg.sslVerify) hook.sslVerify = true;
  if (cfg.maxTries) hook.maxTries = cfg.maxTries;
  const created = new Set<string>();
  return {
    jitterMs: 2000,
    intervalMs: 60_000,
    async apply() {
      for (const p of cfg.projects) {
        try {
          const hooks = (await api.call<Record<string, { url?: string }>>('GET', remotePath(p))) ?? {};
          if (hooks[cfg.hookName]?.url !== url) {
            ctx.logger.info({ project: p }, 'hook not found for project, creating ...');
            await api.call('PUT', remotePath(p, cfg.hookName), { json: hook });
          }
          created.add(p);
        } catch (err) {
          ctx.logger.error({ err, project: p }, 'failed to list or create the gerrit webhook');
        }
      }
    },
    cleanup: cfg.deleteHookOnFinish
      ? async () => {
          for (const p of created) await api.call('DELETE', remotePath(p, cfg.hookName));
        }
      : undefined,
  };
}
