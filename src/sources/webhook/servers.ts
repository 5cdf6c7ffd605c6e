/**
 * One HTTP(S) server per port for every webhook-style route in the process, across EventSources
 * (spec/eventsource.md §2.6): exact-path routes, `/health` → 200 `OK`, the first route on a port decides
 * TLS. A port's server closes when its last route is released, so ports are freed on stop.
 * @module
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { send } from './http.js';

export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => void;

export interface RouteSpec {
  port: number;
  endpoint: string;
  /** PEM cert and key: HTTPS, when this route is the first on its port. */
  tls?: { cert: string; key: string };
  handler: RouteHandler;
  /** Who owns the route, for conflict messages (e.g. `webhook/example`). */
  owner: string;
  logger: Logger;
}

/** A registered route; `release()` removes it (and closes the server when it was the last). */
export interface RouteRegistration {
  /** The port actually listened on (differs from the spec only for port 0 in tests). */
  port: number;
  release(): Promise<void>;
}

interface PortServer {
  server: http.Server;
  tls: boolean;
  routes: Map<string, { handler: RouteHandler; owner: string }>;
  listening: Promise<number>;
}

/** Thrown when a port+endpoint is already served by another event. */
export class RouteConflictError extends Error {
  override name = 'RouteConflictError';
}

export class WebhookServers {
  private readonly ports = new Map<number, PortServer>();

  /** Add a route, starting the port's server if needed. Rejects when the port cannot be bound. */
  async register(spec: RouteSpec): Promise<RouteRegistration> {
    let ps = this.ports.get(spec.port);
    if (!ps) {
      ps = this.open(spec);
      this.ports.set(spec.port, ps);
    } else if (ps.tls !== (spec.tls !== undefined)) {
      spec.logger.warn(
        { port: spec.port },
        `port ${spec.port} already serves ${ps.tls ? 'HTTPS' : 'plain HTTP'}: the first route on a port decides TLS`,
      );
    }
    const have = ps.routes.get(spec.endpoint);
    if (have)
      throw new RouteConflictError(
        `endpoint ${spec.endpoint} on port ${spec.port} is already served by ${have.owner}`,
      );
    const entry = { handler: spec.handler, owner: spec.owner };
    ps.routes.set(spec.endpoint, entry);
    let port: number;
    try {
      port = await ps.listening;
    } catch (err) {
      ps.routes.delete(spec.endpoint);
      throw err;
    }
    return {
      port,
      release: async () => {
        if (ps.routes.get(spec.endpoint) !== entry) return;
        ps.routes.delete(spec.endpoint);
        if (ps.routes.size === 0) await this.close(spec.port, ps);
      },
    };
  }

  /** Ports with a server, for diagnostics. */
  openPorts(): number[] {
    return [...this.ports.keys()];
  }

  private open(spec: RouteSpec): PortServer {
    const routes: PortServer['routes'] = new Map();
    const onRequest = (req: IncomingMessage, res: ServerResponse) => route(routes, req, res);
    const server = spec.tls
      ? https.createServer({ cert: spec.tls.cert, key: spec.tls.key }, onRequest)
      : http.createServer(onRequest);
    // Keep connections of busy webhook senders open between bursts.
    server.keepAliveTimeout = 65_000;
    // A client that sends headers (or a body) and stalls must not hold a socket for Node's 5-minute default.
    server.headersTimeout = 10_000;
    server.requestTimeout = 30_000;
    const listening = new Promise<number>((resolve, reject) => {
      const onError = (err: Error) => {
        this.ports.delete(spec.port);
        reject(err);
      };
      server.once('error', onError);
      server.listen(spec.port, () => {
        server.off('error', onError);
        server.on('error', (err) => spec.logger.error({ err, port: spec.port }, 'webhook server error'));
        resolve((server.address() as AddressInfo).port);
      });
    });
    listening.catch(() => undefined);
    return { server, tls: spec.tls !== undefined, routes, listening };
  }

  private async close(port: number, ps: PortServer): Promise<void> {
    if (this.ports.get(port) === ps) this.ports.delete(port);
    await new Promise<void>((resolve) => {
      ps.server.close(() => resolve());
      // routes wait for their in-flight requests before releasing, so what is left is idle keep-alive
      ps.server.closeAllConnections();
    });
  }
}

function route(routes: PortServer['routes'], req: IncomingMessage, res: ServerResponse): void {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const path = q < 0 ? url : url.slice(0, q);
  const r = routes.get(path);
  if (r) return r.handler(req, res);
  if (path === '/health') return send(res, 200, 'OK');
  send(res, 404, '404 page not found\n');
}

/** The process-wide servers: every webhook-family listener registers here. */
export const webhookServers = new WebhookServers();
