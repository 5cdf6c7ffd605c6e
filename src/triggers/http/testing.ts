/**
 * Test support: a real HTTP(S) server on a free loopback port that records what it receives and
 * answers as the test says. Never imported by the runtime.
 * @module
 */
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  /** Raw header pairs as sent (names keep their case). */
  rawHeaders: string[];
  body: string;
}

/** How the peer answers one request; `'hang'` never answers. */
export type Answer = { status: number; headers?: Record<string, string>; body?: string } | 'hang';

export interface HttpPeer {
  url: string;
  port: number;
  requests: RecordedRequest[];
  /** Resolve with the n-th request (1-based) once it has arrived. */
  nth(n: number, timeoutMs?: number): Promise<RecordedRequest>;
  stop(): Promise<void>;
}

export interface HttpPeerOptions {
  answer?: (req: RecordedRequest) => Answer;
  /** Serve HTTPS with this key/cert; `ca` + `requestCert` to demand a client certificate. */
  tls?: { key: string; cert: string; ca?: string; requestCert?: boolean };
}

/** Start a peer on 127.0.0.1 (default answer: 200 `ok`). */
export async function startHttpPeer(opts: HttpPeerOptions = {}): Promise<HttpPeer> {
  const requests: RecordedRequest[] = [];
  const waiters: (() => void)[] = [];
  const handler: http.RequestListener = (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const rec: RecordedRequest = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        rawHeaders: req.rawHeaders,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(rec);
      waiters.splice(0).forEach((w) => w());
      const a = opts.answer?.(rec) ?? { status: 200, body: 'ok' };
      if (a === 'hang') return;
      res.writeHead(a.status, a.headers);
      res.end(a.body ?? '');
    });
  };
  const tls = opts.tls;
  const server = tls
    ? https.createServer(
        {
          key: tls.key,
          cert: tls.cert,
          ca: tls.ca,
          requestCert: tls.requestCert,
          rejectUnauthorized: tls.requestCert,
        },
        handler,
      )
    : http.createServer(handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `${tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    port,
    requests,
    async nth(n, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      while (requests.length < n) {
        if (Date.now() > deadline) throw new Error(`peer got ${requests.length} requests, expected ${n}`);
        await new Promise<void>((r) => {
          const t = setTimeout(r, Math.max(1, deadline - Date.now()));
          waiters.push(() => {
            clearTimeout(t);
            r();
          });
        });
      }
      return requests[n - 1]!;
    },
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
