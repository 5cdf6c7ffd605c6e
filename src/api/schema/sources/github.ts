/** `github` and `gitlab` (spec/eventsource.md §3.13, §3.14). */
import { z } from 'zod';
import type { IssueSink, PathSeg } from '../../issues.js';
import { obj, secretKeySelector } from '../common.js';
import { checkFilter, warnDeprecated } from './checks.js';
import { eventSourceFilter, required, userMetadata } from './shared.js';
import { checkWebhookContext, webhookContext } from './webhook.js';

/** One owner and its repositories (upstream `OwnedRepositories`). */
export const ownedRepositories = obj({
  /** Organization or user name. */
  owner: z.string().optional(),
  /** Repository names of that owner. */
  names: z.array(z.string()).optional(),
});

/** GitHub App credentials used instead of `apiToken` to manage hooks (upstream `GithubAppCreds`). */
export const githubAppCreds = obj({
  privateKey: secretKeySelector,
  appID: z.number().int(),
  installationID: z.number().int(),
});

export const githubEventSource = obj({
  webhook: webhookContext,
  /** Repository-level hooks; exactly one of `repositories` / `organizations`. */
  repositories: z.array(ownedRepositories).optional(),
  /** Organization-level hooks. */
  organizations: z.array(z.string()).optional(),
  /** GitHub event names the hook subscribes to (`*` for all); required when hooks are managed. */
  events: z.array(z.string()).optional(),
  /** Token used to create/reuse hooks (hooks are managed only with credentials and `webhook.url`). */
  apiToken: secretKeySelector.optional(),
  githubApp: githubAppCreds.optional(),
  /** HMAC secret: requests must carry a valid `X-Hub-Signature-256` / `X-Hub-Signature`. */
  webhookSecret: secretKeySelector.optional(),
  /** Hook `insecure_ssl`: GitHub skips TLS verification when delivering. */
  insecure: z.boolean().optional(),
  /** Hook active flag. */
  active: z.boolean().optional(),
  /** Delivery content type: `json` or `form`. */
  contentType: z.string().optional(),
  /** GitHub Enterprise API base URL (together with `githubUploadURL`). */
  githubBaseURL: z.string().optional(),
  githubUploadURL: z.string().optional(),
  /** Delete the managed hooks when the listener stops. */
  deleteHookOnFinish: z.boolean().optional(),
  metadata: userMetadata.optional(),
  filter: eventSourceFilter.optional(),
  /** Deprecated and unused upstream. */
  id: z.number().int().optional(),
  /** Deprecated: use `repositories`. */
  owner: z.string().optional(),
  /** Deprecated: use `repositories`. */
  repository: z.string().optional(),
});
export type GithubEventSource = z.infer<typeof githubEventSource>;

/** Repositories as upstream resolves them: `repositories`, else the deprecated owner + repository. */
export function githubRepositories(
  cfg: GithubEventSource,
): { owner?: string; names?: string[] }[] | undefined {
  if (cfg.repositories?.length) return cfg.repositories;
  if (cfg.owner && cfg.repository) return [{ owner: cfg.owner, names: [cfg.repository] }];
  return undefined;
}

/** Semantic rules of `spec.github.<event>`: upstream's validation plus what it accepts but cannot work. */
export function checkGithub(cfg: GithubEventSource, at: PathSeg[], sink: IssueSink): void {
  const repos = githubRepositories(cfg);
  const orgs = cfg.organizations?.length ? cfg.organizations : undefined;
  if (!repos && !orgs) sink.error(at, 'either repositories or organizations is required, found neither');
  if (repos && orgs) sink.error(at, 'only one of repositories and organizations is allowed, found both');
  cfg.repositories?.forEach((r, i) => {
    if (!r.owner)
      sink.error(
        [...at, 'repositories', i, 'owner'],
        'owner is required: expected a user or organization name',
      );
    if (!r.names?.length)
      sink.error(
        [...at, 'repositories', i, 'names'],
        'names is required: expected at least one repository name',
      );
  });
  const managesHooks = (cfg.apiToken || cfg.githubApp) && cfg.webhook.url;
  if (managesHooks && !cfg.events?.length)
    sink.error(
      [...at, 'events'],
      'events must be defined to create a github webhook (found none; use ["*"] for all events)',
    );
  if (cfg.contentType && cfg.contentType !== 'json' && cfg.contentType !== 'form')
    sink.error(
      [...at, 'contentType'],
      `content type must be "json" or "form", found ${JSON.stringify(cfg.contentType)}`,
    );
  if (cfg.githubBaseURL && !cfg.githubUploadURL)
    sink.error([...at, 'githubUploadURL'], 'githubUploadURL is required when githubBaseURL is set');
  if (cfg.githubUploadURL && !cfg.githubBaseURL)
    sink.error([...at, 'githubBaseURL'], 'githubBaseURL is required when githubUploadURL is set');
  if (cfg.id !== undefined) sink.warn([...at, 'id'], 'id is deprecated and unused upstream: remove it');
  warnDeprecated(cfg, ['owner', 'repository'], 'repositories: [{owner, names}]', at, sink);
  checkWebhookContext(cfg.webhook, [...at, 'webhook'], sink);
  checkFilter(cfg.filter, at, sink);
}

export const gitlabEventSource = obj({
  webhook: webhookContext,
  /** Project IDs or paths such as `group/project`. */
  projects: z.array(z.string()).optional(),
  /** Group IDs or names (group hooks need GitLab Premium). */
  groups: z.array(z.string()).optional(),
  /** Hook flags to enable, e.g. `PushEvents`, `MergeRequestsEvents`. Required. */
  events: z.array(z.string()),
  /** API token used to manage hooks. Required. */
  accessToken: secretKeySelector,
  /** Hook `enable_ssl_verification`. */
  enableSSLVerification: z.boolean().optional(),
  /** GitLab base URL, e.g. `https://gitlab.com`. Required. */
  gitlabBaseURL: required("gitlab base url can't be empty: expected a URL such as https://gitlab.com"),
  deleteHookOnFinish: z.boolean().optional(),
  metadata: userMetadata.optional(),
  /** Token set on the hooks; requests must then carry it in `X-Gitlab-Token`. */
  secretToken: secretKeySelector.optional(),
  filter: eventSourceFilter.optional(),
  /** Deprecated: use `projects`. */
  projectID: z.string().optional(),
});
export type GitlabEventSource = z.infer<typeof gitlabEventSource>;

/** Hook flags of GitLab's project-hook options that upstream can set (it fails on any other name). */
export const GITLAB_EVENTS = [
  'PushEvents',
  'TagPushEvents',
  'IssuesEvents',
  'ConfidentialIssuesEvents',
  'MergeRequestsEvents',
  'NoteEvents',
  'ConfidentialNoteEvents',
  'JobEvents',
  'PipelineEvents',
  'WikiPageEvents',
  'EmojiEvents',
  'DeploymentEvents',
  'ReleasesEvents',
];

/** Semantic rules of `spec.gitlab.<event>`: upstream's validation plus what it accepts but cannot work. */
export function checkGitlab(cfg: GitlabEventSource, at: PathSeg[], sink: IssueSink): void {
  cfg.events.forEach((e, i) => {
    if (GITLAB_EVENTS.includes(e)) return;
    const msg = `unknown event ${JSON.stringify(e)}: expected a GitLab hook flag such as ${GITLAB_EVENTS.slice(0, 3).join(', ')}`;
    // Newer GitLab versions add flags; a *Events name may be one of them, anything else cannot be.
    if (/^[A-Z]\w*Events$/.test(e))
      sink.warn([...at, 'events', i], `${msg} (not known to jetflow; upstream fails if its client lacks it)`);
    else sink.error([...at, 'events', i], msg);
  });
  warnDeprecated(cfg, ['projectID'], 'projects', at, sink);
  checkWebhookContext(cfg.webhook, [...at, 'webhook'], sink);
  checkFilter(cfg.filter, at, sink);
}
