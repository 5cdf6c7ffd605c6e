/**
 * A small JSON client for the providers' hook-management APIs (GitHub, GitLab, Bitbucket, Bitbucket
 * Server, Gerrit, Stripe). Base URLs come from the spec or an environment override, so tests point it at
 * a local server that speaks the provider's API.
 * @module
 */
import http from 'node:http';
import https from 'node:https';

export interface ProviderApiOptions {
  /** Base URL; request paths are relative to it (a trailing `/` is implied). */
  baseUrl: string;
  /** Headers on every request (auth). */
  headers?: Record<string, string>;
  /** Headers computed per request (e.g. GitHub App installation tokens). */
  authHeaders?: () => Promise<Record<string, string>>;
  /** TLS client settings for HTTPS base URLs. */
  tls?: { ca?: string; cert?: string; key?: string; rejectUnauthorized?: boolean };
  /** Text some APIs put before their JSON (Gerrit's `)]}'`). */
  jsonPrefix?: string;
  timeoutMs?: number;
}

/** A provider API call that failed: HTTP status (0 for network errors) and a short body excerpt. */
export class ProviderApiError extends Error {
  override name = 'ProviderApiError';
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

export interface CallOptions {
  json?: unknown;
  /** `application/x-www-form-urlencoded` body. */
  form?: URLSearchParams;
  query?: Record<string, string | number>;
}

export class ProviderApi {
  private readonly base: URL;

  constructor(private readonly o: ProviderApiOptions) {
    this.base = new URL(o.baseUrl.endsWith('/') ? o.baseUrl : `${o.baseUrl}/`);
  }

  /** Call `method path`; resolves with the parsed JSON (undefined for an empty body), rejects on non-2xx. */
  async call<T = unknown>(method: string, path: string, opts: CallOptions = {}): Promise<T> {
    const url = new URL(path.replace(/^\//, ''), this.base);
    for (const [k, v] of Object.entries(opts.query ?? {})) url.searchParams.set(k, String(v));
    const headers: Record<string, string> = { Accept: 'application/json', ...this.o.headers };
    if (this.o.authHeaders) Object.assign(headers, await this.o.authHeaders());
    let body: string | undefined;
    if (opts.json !== undefined) {
      body = JSON.stringify(opts.json);
      headers['Content-Type'] = 'application/json';
    } else if (opts.form) {
      body = opts.form.toString();
      headers['Content-Type'] = 'application/x-www-form-urlencoded';
    }
    const { status, text } = await this.send(method, url, headers, body);
    const what = `${method} ${url.origin}${url.pathname}`;
    if (status < 200 || status > 299)
      throw new ProviderApiError(`${what}: status ${status}: ${text.slice(0, 300)}`, status);
    let json = text;
    if (this.o.jsonPrefix && json.startsWith(this.o.jsonPrefix)) json = json.slice(this.o.jsonPrefix.length);
    if (json.trim() === '') return undefined as T;
    try {
      return JSON.parse(json) as T;
    } catch {
      throw new ProviderApiError(`${what}: answer is not JSON: ${text.slice(0, 200)}`, status);
    }
  }

  private send(
    method: string,
    url: URL,
    headers: Record<string, string>,
    body?: string,
  ): Promise<{ status: number; text: string }> {
    const mod = url.protocol === 'https:' ? https : http;
    return new Promise((resolve, reject) => {
      const req = mod.request(
        url,
        { method, headers, ...(url.protocol === 'https:' ? this.o.tls : {}) },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
          );
          res.on('error', reject);
        },
      );
      req.setTimeout(this.o.timeoutMs ?? 10_000, () => req.destroy(new Error('timed out')));
      req.on('error', (err) =>
        reject(new ProviderApiError(`${method} ${url.origin}${url.pathname}: ${err.message}`, 0)),
      );
      req.end(body);
    });
  }
}
