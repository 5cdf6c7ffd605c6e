/**
 * GitHub hook management (spec/eventsource.md §3.13): for every organization and repository, reuse a
 * hook with the same URL and events, else create one; optionally delete them on stop. The API base URL
 * is `githubBaseURL`, else `$JETFLOW_GITHUB_BASE_URL`, else https://api.github.com/.
 * @module
 */
import type { GithubEventSource } from '../../api/index.js';
import { githubRepositories } from '../../api/index.js';
import type { ListenerContext } from '../types.js';
import type { HookManagerOptions } from '../webhook/hook-manager.js';
import { ProviderApi } from '../webhook/provider-api.js';
import { hookUrl } from '../webhook/context.js';
import { installationAuth } from './app-auth.js';

interface GithubHook {
  id: number;
  events?: string[];
  config?: { url?: string };
}

/** Whether hooks are managed: credentials and a public `webhook.url` (upstream `NeedToCreateHooks`). */
export function needsHooks(cfg: GithubEventSource): boolean {
  return Boolean((cfg.apiToken || cfg.githubApp?.privateKey) && cfg.webhook.url);
}

/** The GitHub API client with the configured credentials. */
export function githubApi(ctx: ListenerContext<unknown>, cfg: GithubEventSource): ProviderApi {
  const baseUrl = cfg.githubBaseURL || process.env.JETFLOW_GITHUB_BASE_URL || 'https://api.github.com/';
  const headers = { Accept: 'application/vnd.github+json', 'User-Agent': 'jetflow' };
  if (cfg.apiToken)
    return new ProviderApi({
      baseUrl,
      headers: { ...headers, Authorization: `token ${ctx.secrets.secret(cfg.apiToken)}` },
    });
  const app = cfg.githubApp!;
  const key = ctx.secrets.secret(app.privateKey);
  return new ProviderApi({
    baseUrl,
    headers,
    authHeaders: installationAuth(baseUrl, app.appID, app.installationID, key),
  });
}

function sameEvents(a: string[] = [], b: string[] = []): boolean {
  if (a.includes('*') && b.includes('*')) return true;
  return a.length === b.length && [...a].sort().join('\0') === [...b].sort().join('\0');
}

/** Hook management of one github event: targets, apply, cleanup. */
export function githubHooks(
  ctx: ListenerContext<unknown>,
  cfg: GithubEventSource,
  api: ProviderApi,
  secret: string,
): Omit<HookManagerOptions, 'logger'> {
  const url = hookUrl(cfg.webhook.url!, cfg.webhook.endpoint);
  const events = cfg.events ?? [];
  const config: Record<string, string> = { url, insecure_ssl: cfg.insecure ? '1' : '0' };
  if (cfg.contentType) config.content_type = cfg.contentType;
  if (secret) config.secret = secret;
  const hook = { events, active: cfg.active ?? false, config };
  const targets = [
    ...(cfg.organizations ?? []).map((o) => `orgs/${encodeURIComponent(o)}`),
    ...(githubRepositories(cfg) ?? []).flatMap((r) =>
      (r.names ?? []).map((n) => `repos/${encodeURIComponent(r.owner ?? '')}/${encodeURIComponent(n)}`),
    ),
  ];
  const ids = new Map<string, number>();
  return {
    jitterMs: 2000,
    intervalMs: 60_000,
    repeat: 10,
    async apply() {
      for (const t of targets) {
        try {
          const hooks = await api.call<GithubHook[]>('GET', `${t}/hooks`);
          const found = hooks.find((h) => h.config?.url === url && sameEvents(h.events, events));
          if (found) {
            ids.set(t, found.id);
            continue;
          }
          ctx.logger.info({ target: t }, 'hook not found, creating ...');
          const created = await api.call<GithubHook>('POST', `${t}/hooks`, { json: hook });
          ids.set(t, created.id);
        } catch (err) {
          ctx.logger.error({ err, target: t }, 'failed to list or create the github webhook');
        }
      }
    },
    cleanup: cfg.deleteHookOnFinish
      ? async () => {
          for (const [t, id] of ids) {
            await api.call('DELETE', `${t}/hooks/${id}`);
            ctx.logger.info({ target: t }, 'GitHub hook deleted');
          }
        }
      : undefined,
  };
}
