/**
 * One HTTP exchange with Node's http/https modules (not fetch: a trigger may override the `Host`
 * header and bring its own CA, which fetch cannot do without extra packages). Follows redirects as
 * Go's http.Client does, because upstream users' endpoints rely on it.
 * @module
 */
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import type { HttpRequestSpec } from './request.js';

/** Agents reused across executions of one trigger (keep-alive connections, TLS material). */
export interface Agents {
  http: http.Agent;
  https: https.Agent;
}

export interface HttpResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** The URL that answered (after redirects). */
  url: URL;
}

/** As Go's http.Client. */
export const MAX_REDIRECTS = 10;

/**
 * Send `req` and read the whole response (the body is drained and dropped). `signal` bounds the
 * whole exchange including redirects.
 * @throws the transport error (with `code`), or an `AbortError` when `signal` fired
 */
export async function send(req: HttpRequestSpec, agents: Agents, signal: AbortSignal): Promise<HttpResponse> {
  let current = req;
  for (let hop = 0; ; hop++) {
    const res = await once(current, agents, signal);
    const next = hop < MAX_REDIRECTS ? redirectOf(current, res) : undefined;
    if (!next) return res;
    current = next;
  }
}

function once(req: HttpRequestSpec, agents: Agents, signal: AbortSignal): Promise<HttpResponse> {
  const { url } = req;
  const headers: Record<string, string> = {};
  for (const { name, value } of req.headers.values()) headers[name] = value;
  // Go sets basic auth from `user:pass@` in the URL unless an Authorization header is present.
  if ((url.username || url.password) && !req.headers.has('authorization')) {
    const cred = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
    headers.Authorization = `Basic ${Buffer.from(cred, 'utf8').toString('base64')}`;
  }
  if (req.body) headers['Content-Length'] = String(req.body.length);
  else if (['POST', 'PUT', 'PATCH'].includes(req.method)) headers['Content-Length'] = '0';
  const secure = url.protocol === 'https:';
  const hostname = url.hostname.replace(/^\[|\]$/g, '');
  const options: https.RequestOptions = {
    method: req.method,
    hostname,
    port: url.port || (secure ? 443 : 80),
    path: `${url.pathname}${url.search}`,
    headers,
    agent: secure ? agents.https : agents.http,
    signal,
  };
  // SNI and certificate checks use the URL's host, never an overridden Host header (as Go does);
  // Node would take the Host header. An IP gets no SNI ('') and is checked against the IP.
  if (secure) options.servername = net.isIP(hostname) === 0 ? hostname : '';
  return new Promise((resolve, reject) => {
    const r = (secure ? https : http).request(options, (res) => {
      res.on('error', reject);
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, url }));
      res.resume();
    });
    r.on('error', reject);
    r.end(req.body);
  });
}

/** The follow-up request of a redirect response, or `undefined` when `res` is not one. */
function redirectOf(req: HttpRequestSpec, res: HttpResponse): HttpRequestSpec | undefined {
  const location = res.headers.location;
  if (![301, 302, 303, 307, 308].includes(res.status) || !location) return undefined;
  let url: URL;
  try {
    url = new URL(location, req.url);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  const headers = new Map(req.headers);
  // An overridden Host follows only a relative Location (as Go).
  if (/^[a-z][a-z0-9+.-]*:/i.test(location)) headers.delete('host');
  // Credentials do not follow to another host (Go strips Authorization/Cookie; jetflow also strips
  // the secure headers, whose values come from secrets).
  if (url.host !== req.url.host) for (const name of req.sensitive) headers.delete(name);
  const keep = res.status === 307 || res.status === 308;
  if (keep) return { ...req, url, headers };
  const method = req.method === 'HEAD' ? 'HEAD' : 'GET';
  return { ...req, method, url, headers, body: undefined };
}
