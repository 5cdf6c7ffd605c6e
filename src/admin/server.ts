/**
 * The admin HTTP server of `jetflow run`: probes, Prometheus metrics, the JSON API, the live stream and
 * the dashboard, on node:http. Every answer passes through one writer that scrubs known secret values,
 * and every error through `errorAnswer` (errors.ts).
 * @module
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import { LOG_FIELDS } from '../api/index.js';
import { apiHandlers } from './api.js';
import { checkBinding, TokenAuth } from './auth.js';
import { BadRequestError, errorAnswer, HttpError, TooManyStreamsError, UnauthorizedError } from './errors.js';
import { loginPage } from './login.js';
import { AdminMetrics } from './metrics.js';
import { scrubKnown } from './redact.js';
import { componentReadiness } from './resources.js';
import { parseReplayBody, replayAnswer } from './replay.js';
import { Router } from './router.js';
import { StreamHub } from './sse.js';
import { StatusWatch } from './status-watch.js';
import { loadAssets } from './static.js';
import type { RuntimeView } from './types.js';
import { traceAnswer } from './traces.js';

/** Upstream's metrics port, the default for the admin server. */
export const DEFAULT_ADMIN_PORT = 7777;

/** The logging the admin needs (a pino logger fits). */
export interface AdminLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface AdminServerOptions {
  /** Default 127.0.0.1. Anything but loopback requires `token`. */
  host?: string;
  /** Default {@link DEFAULT_ADMIN_PORT}; 0 picks a free port. */
  port?: number;
  /** Bearer token (≥ 16 characters) required by every endpoint except `/healthz`. */
  token?: string;
  view: RuntimeView;
  registry: Registry;
  logger: AdminLogger;
  /** Live stream heartbeat (default 15 s). */
  heartbeatMs?: number;
  /** Unsent bytes after which a live stream client is dropped (default 1 MiB). */
  maxStreamBufferBytes?: number;
  /** How often component status is compared for `status` messages (default 1 s). */
  statusIntervalMs?: number;
  /** Live stream clients at once; more are answered 503 (default 64). */
  maxStreamClients?: number;
}

export interface AdminServer {
  /** Base URL, e.g. `http://127.0.0.1:7777`. */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
};
const DASHBOARD_CSP =
  "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'; form-action 'self'";
const LOGIN_CSP = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'";

/** Start the admin server. @throws AdminConfigError when exposing it beyond loopback without a token */
export async function createAdminServer(o: AdminServerOptions): Promise<AdminServer> {
  const host = o.host ?? '127.0.0.1';
  checkBinding(host, o.token);
  const auth = o.token ? new TokenAuth(o.token) : undefined;
  const secrets = () => [...(o.view.secretValues?.() ?? []), ...(o.token ? [o.token] : [])];
  const scrub = (s: string) => scrubKnown(s, secrets());
  const metrics = new AdminMetrics(o.registry, {
    bus: () => o.view.bus(),
    components: () => componentReadiness(o.view),
  });
  const hub = new StreamHub({
    heartbeatMs: o.heartbeatMs ?? 15_000,
    maxBufferedBytes: o.maxStreamBufferBytes ?? 1024 * 1024,
    onClients: (n) => metrics.streamClients.set(n),
    onDropped: () => metrics.streamDropped.inc(),
  });
  hub.filter = scrub;
  const watch = new StatusWatch(o.view, o.statusIntervalMs ?? 1000, (s) => hub.send('status', s));
  const unsubscribe = o.view.recorder.subscribe((m) => {
    if (m.type === 'status-changed') watch.check(true);
    else hub.send(m.type, m.data);
  });
  const assets = loadAssets();
  const api = apiHandlers(o.view, o.registry);

  const send = (
    res: ServerResponse,
    status: number,
    type: string,
    body: string,
    extra: Record<string, string> = {},
  ) => {
    const out = scrub(body);
    res.writeHead(status, {
      ...SECURITY_HEADERS,
      'content-type': type,
      'cache-control': 'no-store',
      'content-length': Buffer.byteLength(out),
      ...extra,
    });
    res.end(res.req.method === 'HEAD' ? undefined : out);
  };
  const json = (res: ServerResponse, status: number, value: unknown) =>
    send(res, status, 'application/json; charset=utf-8', JSON.stringify(value));

  const router = new Router()
    .on('GET', '/healthz', ({ res }) => json(res, 200, { status: 'ok' }))
    .on('GET', '/readyz', ({ res }) => json(res, 200, api.ready()))
    .on('GET', '/metrics', async ({ res }) => send(res, 200, o.registry.contentType, await api.metrics()))
    .on('GET', '/api/v1/resources', ({ res }) => json(res, 200, api.resources()))
    .on('GET', '/api/v1/events', ({ res, query }) => json(res, 200, api.events(query)))
    .on('GET', '/api/v1/events/:id', ({ res, params }) => json(res, 200, api.event(params.id!)))
    .on('GET', '/api/v1/events/:id/trace', async ({ res, params }) =>
      json(res, 200, await api.trace(params.id!)),
    )
    .on('GET', '/api/v1/executions', ({ res, query }) => json(res, 200, api.executions(query)))
    .on('GET', '/api/v1/traces/:id', ({ res, params }) => json(res, 200, traceAnswer(params.id!)))
    .on('GET', '/api/v1/sensors/:name/triggers', ({ res, params }) =>
      json(res, 200, api.triggers(params.name!)),
    )
    .on('POST', '/api/v1/sensors/:name/triggers/:trigger/replay', async ({ req, res, params }) => {
      // JSON only: a cross-site form cannot send it (the session cookie is SameSite=Strict as well)
      if (!(req.headers['content-type'] ?? '').startsWith('application/json'))
        throw new HttpError(415, 'send the body as application/json');
      const body = parseReplayBody(await readBody(req, 4096));
      json(res, 200, await replayAnswer(o.view, params.name!, params.trigger!, body));
    })
    .on('GET', '/api/v1/stream', ({ req, res }) => {
      if (hub.size >= (o.maxStreamClients ?? 64)) throw new TooManyStreamsError();
      hub.attach(req, res, SECURITY_HEADERS);
    })
    .on('POST', '/login', async ({ req, res }) => {
      const token = new URLSearchParams(await readBody(req, 4096)).get('token') ?? '';
      if (!auth) return void send(res, 303, 'text/plain', '', { location: '/' });
      if (!auth.tokenMatches(token))
        return void send(res, 401, 'text/html; charset=utf-8', loginPage('That token is not valid.'), {
          'content-security-policy': LOGIN_CSP,
        });
      send(res, 303, 'text/plain', '', { location: '/', 'set-cookie': auth.sessionCookie() });
    });
  for (const [path, a] of assets)
    router.on('GET', path, ({ res }) =>
      send(res, 200, a.type, a.body.toString('utf8'), {
        'content-security-policy': DASHBOARD_CSP,
        'cache-control': 'no-cache',
      }),
    );

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    let url = new URL('http://admin/');
    try {
      url = new URL(req.url ?? '/', 'http://admin');
      // authenticate before routing, so an anonymous client learns nothing about the paths either
      const open = url.pathname === '/healthz' || url.pathname === '/login';
      if (auth && !open && !auth.allows(req)) {
        if (url.pathname === '/' && (req.headers.accept ?? '').includes('text/html'))
          return send(res, 401, 'text/html; charset=utf-8', loginPage(), {
            'content-security-policy': LOGIN_CSP,
          });
        throw new UnauthorizedError();
      }
      const { handler, params } = router.match(req.method ?? 'GET', url.pathname);
      await handler({ req, res, params, query: url.searchParams });
    } catch (err) {
      const a = errorAnswer(err);
      if (a.unexpected)
        o.logger.error(
          { [LOG_FIELDS.error]: scrub(String(err)), [LOG_FIELDS.endpoint]: url.pathname },
          'admin request failed',
        );
      if (res.headersSent) return void res.destroy();
      const extra: Record<string, string> =
        a.status === 401 ? { 'www-authenticate': 'Bearer realm="jetflow"' } : {};
      if ('allowed' in (err as object)) extra.allow = (err as { allowed: string[] }).allowed.join(', ');
      send(res, a.status, 'application/json; charset=utf-8', JSON.stringify(a.body), extra);
    }
  };

  const server = createServer((req, res) => void handle(req, res));
  server.requestTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port ?? DEFAULT_ADMIN_PORT, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  watch.start();
  o.logger.info({ url, auth: auth ? 'token' : 'none' }, 'admin server listening');
  let closing: Promise<void> | undefined;
  return {
    url,
    port,
    close() {
      closing ??= (async () => {
        watch.stop();
        unsubscribe();
        hub.close();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        metrics.unregister();
      })();
      return closing;
    },
  };
}

async function readBody(req: IncomingMessage, max: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req as AsyncIterable<Buffer>) {
    size += c.length;
    if (size > max) throw new BadRequestError('request body too large');
    chunks.push(c);
  }
  return Buffer.concat(chunks).toString('utf8');
}
