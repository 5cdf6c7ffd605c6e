/**
 * Raw requests to the API server with the KubeConfig's TLS and credentials (client-node's
 * `applyToHTTPSOptions`), for what the generated clients do not do well: lists of a resource known
 * only by group/version/plural, and watch streams read line by line.
 * @module
 */
import http from 'node:http';
import https from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';
import { KubeApiError } from './client.js';

export interface ResourceRef {
  group: string;
  version: string;
  /** Plural resource name, e.g. `deployments`. */
  resource: string;
  /** Omitted or empty: all namespaces (or a cluster-scoped resource). */
  namespace?: string;
}

export function collectionPath(r: ResourceRef): string {
  const gv = r.group ? `/apis/${r.group}/${r.version}` : `/api/${r.version}`;
  const ns = r.namespace ? `/namespaces/${encodeURIComponent(r.namespace)}` : '';
  return `${gv}${ns}/${r.resource}`;
}

async function open(
  kc: KubeConfig,
  path: string,
  query: Record<string, string | undefined>,
  signal: AbortSignal,
): Promise<http.IncomingMessage> {
  const server = kc.getCurrentCluster()?.server;
  if (!server) throw new KubeApiError(0, 'the kubeconfig has no current cluster');
  const url = new URL(server.replace(/\/+$/, '') + path);
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') url.searchParams.set(k, v);
  const opts: https.RequestOptions = { method: 'GET', headers: { accept: 'application/json' } };
  await kc.applyToHTTPSOptions(opts);
  const mod = url.protocol === 'http:' ? http : https;
  return new Promise((resolve, reject) => {
    const req = mod.request(url, { ...opts, signal }, resolve);
    req.on('error', reject);
    req.end();
  });
}

function readAll(res: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let b = '';
    res.setEncoding('utf8');
    res.on('data', (c: string) => (b += c));
    res.on('end', () => resolve(b));
    res.on('error', reject);
  });
}

/** A non-2xx answer as a {@link KubeApiError} with the Status message only (no headers, no body dump). */
export function statusError(code: number, text: string): KubeApiError {
  let msg = `HTTP ${code}`;
  let reason: string | undefined;
  try {
    const s = JSON.parse(text) as { message?: unknown; reason?: unknown };
    if (typeof s.message === 'string' && s.message) msg = s.message;
    if (typeof s.reason === 'string') reason = s.reason;
  } catch {
    // not a Status body
  }
  return new KubeApiError(code, `${msg} (HTTP ${code}${reason ? `, ${reason}` : ''})`, reason);
}

export async function getJson(
  kc: KubeConfig,
  path: string,
  query: Record<string, string | undefined>,
  signal: AbortSignal,
): Promise<any> {
  const res = await open(kc, path, query, signal);
  const text = await readAll(res);
  if ((res.statusCode ?? 0) >= 300) throw statusError(res.statusCode ?? 0, text);
  return JSON.parse(text);
}

/**
 * A watch stream: `onLine` gets each parsed event in order; resolves when the server ends the
 * response, rejects on a non-200 answer or a broken connection.
 */
export async function streamJsonLines(
  kc: KubeConfig,
  path: string,
  query: Record<string, string | undefined>,
  signal: AbortSignal,
  onLine: (ev: any) => void,
): Promise<void> {
  const res = await open(kc, path, { ...query, watch: 'true' }, signal);
  if (res.statusCode !== 200) throw statusError(res.statusCode ?? 0, await readAll(res));
  await new Promise<void>((resolve, reject) => {
    let buf = '';
    res.setEncoding('utf8');
    res.on('data', (c: string) => {
      buf += c;
      for (let i = buf.indexOf('\n'); i >= 0; i = buf.indexOf('\n')) {
        const line = buf.slice(0, i).trim();
        buf = buf.slice(i + 1);
        if (!line) continue;
        try {
          onLine(JSON.parse(line));
        } catch (err) {
          reject(err instanceof Error ? err : new Error(String(err))); // first: destroy() emits 'aborted'
          res.destroy();
          return;
        }
      }
    });
    res.on('end', resolve);
    res.on('error', reject);
    res.on('aborted', () => reject(new Error('watch connection aborted')));
    res.on('close', () => (res.complete ? resolve() : reject(new Error('watch connection closed'))));
  });
}
