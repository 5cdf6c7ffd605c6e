/** `bitbucket` (cloud), `bitbucketserver` and `gerrit` (spec/eventsource.md §3.15, §3.16, §4). */
import { z } from 'zod';
import type { IssueSink, PathSeg } from '../../issues.js';
import { basicAuth, obj, secretKeySelector, tlsConfig } from '../common.js';
import { checkBasicAuth, checkDuration, checkFilter, checkTls, warnDeprecated } from './checks.js';
import { eventSourceFilter, required, userMetadata } from './shared.js';
import { checkWebhookContext, webhookContext } from './webhook.js';

export const bitbucketAuth = obj({
  /** Username + app password. */
  basic: obj({ username: secretKeySelector, password: secretKeySelector }).optional(),
  /** OAuth bearer token. */
  oauthToken: secretKeySelector.optional(),
});

export const bitbucketRepository = obj({
  owner: required('owner is required: expected the workspace or user owning the repository'),
  /** URL-friendly repository name. */
  repositorySlug: required('repositorySlug is required: expected the URL-friendly repository name'),
});

export const bitbucketEventSource = obj({
  webhook: webhookContext,
  /** Credentials for hook management (hooks are managed when auth and `webhook.url` are set). Required. */
  auth: bitbucketAuth,
  /** Bitbucket event keys, e.g. `repo:push`; required when hooks are managed. */
  events: z.array(z.string()).optional(),
  /** At least one repository (or the deprecated `owner` + `repositorySlug`). */
  repositories: z.array(bitbucketRepository).optional(),
  deleteHookOnFinish: z.boolean().optional(),
  metadata: userMetadata.optional(),
  filter: eventSourceFilter.optional(),
  /** Deprecated: use `repositories`. */
  owner: z.string().optional(),
  /** Deprecated: use `repositories`. */
  repositorySlug: z.string().optional(),
  /** Deprecated and unused. */
  projectKey: z.string().optional(),
});
export type BitbucketEventSource = z.infer<typeof bitbucketEventSource>;

/** Semantic rules of `spec.bitbucket.<event>`: upstream's validation plus what it accepts but cannot work. */
export function checkBitbucket(cfg: BitbucketEventSource, at: PathSeg[], sink: IssueSink): void {
  const hasRepos = Boolean(cfg.repositories?.length) || Boolean(cfg.owner && cfg.repositorySlug);
  if (!hasRepos) sink.error([...at, 'repositories'], 'at least one repository is required, found none');
  const hasAuth = Boolean(cfg.auth.basic) || Boolean(cfg.auth.oauthToken);
  if (hasAuth && cfg.webhook.url && !cfg.events?.length)
    sink.error(
      [...at, 'events'],
      'events must be defined to create a bitbucket webhooks (found none, e.g. ["repo:push"])',
    );
  warnDeprecated(
    cfg,
    ['owner', 'repositorySlug', 'projectKey'],
    'repositories: [{owner, repositorySlug}]',
    at,
    sink,
  );
  checkWebhookContext(cfg.webhook, [...at, 'webhook'], sink);
  checkFilter(cfg.filter, at, sink);
}

export const bitbucketServerRepository = obj({
  projectKey: required('projectKey is required'),
  repositorySlug: required('repositorySlug is required'),
});

export const bitbucketServerEventSource = obj({
  webhook: webhookContext,
  /** Project keys: the hook is added to every repository of the project. */
  projects: z.array(z.string()).optional(),
  repositories: z.array(bitbucketServerRepository).optional(),
  /** Bitbucket Server event keys, e.g. `repo:refs_changed`; required when hooks are managed. */
  events: z.array(z.string()).optional(),
  /** Drop branch `repo:refs_changed` changes whose commit has an open pull request. */
  skipBranchRefsChangedOnOpenPR: z.boolean().optional(),
  /** Dispatch one event per change of a `repo:refs_changed` payload. */
  oneEventPerChange: z.boolean().optional(),
  /** API token used to manage hooks. */
  accessToken: secretKeySelector.optional(),
  /** HMAC secret: requests must carry `X-Hub-Signature: sha256=<hex>`. */
  webhookSecret: secretKeySelector.optional(),
  /** REST base URL, e.g. `https://bitbucket.example.com/rest`. Required. */
  bitbucketserverBaseURL: required("bitbucket server base url can't be empty"),
  deleteHookOnFinish: z.boolean().optional(),
  metadata: userMetadata.optional(),
  filter: eventSourceFilter.optional(),
  tls: tlsConfig.optional(),
  /** How often hooks are re-applied. @default "1m" */
  checkInterval: z.string().optional(),
  /** Deprecated: use `repositories`. */
  projectKey: z.string().optional(),
  /** Deprecated: use `repositories`. */
  repositorySlug: z.string().optional(),
});
export type BitbucketServerEventSource = z.infer<typeof bitbucketServerEventSource>;

/** Semantic rules of `spec.bitbucketserver.<event>`: upstream's validation plus what it accepts but cannot work. */
export function checkBitbucketServer(cfg: BitbucketServerEventSource, at: PathSeg[], sink: IssueSink): void {
  const hasTargets =
    Boolean(cfg.repositories?.length) ||
    Boolean(cfg.projectKey && cfg.repositorySlug) ||
    Boolean(cfg.projects?.length);
  if (cfg.accessToken && cfg.webhook.url && hasTargets && !cfg.events?.length)
    sink.error([...at, 'events'], 'events must be defined to create a bitbucket server webhook (found none)');
  checkDuration(cfg.checkInterval, [...at, 'checkInterval'], sink, { minNs: 1e9 });
  warnDeprecated(
    cfg,
    ['projectKey', 'repositorySlug'],
    'repositories: [{projectKey, repositorySlug}]',
    at,
    sink,
  );
  checkTls(cfg.tls, [...at, 'tls'], sink);
  checkWebhookContext(cfg.webhook, [...at, 'webhook'], sink);
  checkFilter(cfg.filter, at, sink);
}

export const gerritEventSource = obj({
  webhook: webhookContext,
  /** Name of the hook created on each project. Required. */
  hookName: required('hookName is required: expected the name of the Gerrit webhook to create'),
  /** Gerrit stream-event names, e.g. `patchset-created`. Required. */
  events: z.array(z.string()),
  /** Username and password for the Gerrit REST API. Required. */
  auth: basicAuth,
  gerritBaseURL: required("gerrit base url can't be empty"),
  deleteHookOnFinish: z.boolean().optional(),
  metadata: userMetadata.optional(),
  /** Project paths such as `group/project`. Required, non-empty. */
  projects: z.array(z.string()),
  /** Verify Gerrit's TLS certificate. */
  sslVerify: z.boolean().optional(),
  /** Delivery attempts Gerrit makes per event. */
  maxTries: z.number().int().optional(),
  filter: eventSourceFilter.optional(),
});
export type GerritEventSource = z.infer<typeof gerritEventSource>;

/** Semantic rules of `spec.gerrit.<event>`: upstream's validation plus what it accepts but cannot work. */
export function checkGerrit(cfg: GerritEventSource, at: PathSeg[], sink: IssueSink): void {
  if (cfg.projects.length === 0)
    sink.error([...at, 'projects'], 'projects cannot be empty: expected at least one project');
  checkBasicAuth(cfg.auth, [...at, 'auth'], sink);
  if (cfg.maxTries !== undefined && cfg.maxTries < 0)
    sink.error([...at, 'maxTries'], `expected maxTries >= 0, found ${cfg.maxTries}`);
  checkWebhookContext(cfg.webhook, [...at, 'webhook'], sink);
  checkFilter(cfg.filter, at, sink);
}
