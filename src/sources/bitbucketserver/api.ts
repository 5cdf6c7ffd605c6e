/**
 * Bitbucket Server REST calls (upstream uses gfleury/go-bitbucket-v1 plus a small custom client): hooks
 * of a repository, repositories of a project, pull requests of a commit. All paged lists are walked.
 * @module
 */
import type { BitbucketServerEventSource } from '../../api/index.js';
import type { ListenerContext } from '../types.js';
import { ProviderApi } from '../webhook/provider-api.js';

export interface ServerHook {
  id: number;
  name?: string;
  url?: string;
  active?: boolean;
  events?: string[];
  configuration?: { secret?: string };
}

export interface RepoRef {
  projectKey: string;
  repositorySlug: string;
}

interface Page<T> {
  values?: T[];
  isLastPage?: boolean;
  nextPageStart?: number;
}

/** The client for `bitbucketserverBaseURL` (e.g. `https://host/rest`) with a bearer token and `tls`. */
export function serverApi(
  ctx: ListenerContext<unknown>,
  cfg: BitbucketServerEventSource,
  token: string,
): ProviderApi {
  const t = cfg.tls;
  const tls = t
    ? {
        ca: t.caCertSecret ? ctx.secrets.secret(t.caCertSecret) : undefined,
        cert: t.clientCertSecret ? ctx.secrets.secret(t.clientCertSecret) : undefined,
        key: t.clientKeySecret ? ctx.secrets.secret(t.clientKeySecret) : undefined,
        rejectUnauthorized: t.insecureSkipVerify !== true,
      }
    : undefined;
  return new ProviderApi({
    baseUrl: cfg.bitbucketserverBaseURL,
    headers: { Authorization: `Bearer ${token}`, 'X-Requested-With': 'XMLHttpRequest' },
    tls,
  });
}

const enc = encodeURIComponent;
export const hooksPath = (r: RepoRef) =>
  `api/1.0/projects/${enc(r.projectKey)}/repos/${enc(r.repositorySlug)}/webhooks`;

/** Every item of a paged list (limit 500 per page, as upstream). */
export async function allPages<T>(api: ProviderApi, path: string): Promise<T[]> {
  const out: T[] = [];
  let start = 0;
  for (;;) {
    const page = await api.call<Page<T>>('GET', path, { query: { start, limit: 500 } });
    out.push(...(page?.values ?? []));
    if (!page || page.isLastPage !== false || page.nextPageStart === undefined) return out;
    start = page.nextPageStart;
  }
}

/** Repositories of the given projects. */
export async function projectRepositories(api: ProviderApi, projects: string[]): Promise<RepoRef[]> {
  const out: RepoRef[] = [];
  for (const p of projects) {
    const repos = await allPages<{ slug: string; project?: { key?: string } }>(
      api,
      `api/1.0/projects/${enc(p)}/repos`,
    );
    for (const r of repos) out.push({ projectKey: r.project?.key ?? p, repositorySlug: r.slug });
  }
  return out;
}

/** Whether any pull request of `commit` is open. */
export async function commitHasOpenPR(
  api: ProviderApi,
  project: string,
  repo: string,
  commit: string,
): Promise<boolean> {
  const path = `api/1.0/projects/${enc(project)}/repos/${enc(repo)}/commits/${enc(commit)}/pull-requests`;
  const prs = await allPages<{ state?: string }>(api, path);
  return prs.some((pr) => (pr.state ?? '').toUpperCase() === 'OPEN');
}
