/**
 * The recording HTTP sink the chaos sensor triggers into, and the load clients that post to the
 * webhook and retry every non-2xx answer (bounded, loopback only).
 * @module
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One delivery seen by a sink. */
export interface Delivery {
  uid: string;
  eventId: string;
  key: string;
  at: number;
}

/** A recording sink; while `down` it answers 503 (and records nothing). */
export interface Sink {
  url: string;
  deliveries: Delivery[];
  down: boolean;
  close(): Promise<void>;
}

/** Start a sink on a free loopback port. */
export async function startSink(): Promise<Sink> {
  const sink: Sink = { url: '', deliveries: [], down: false, close: () => Promise.resolve() };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (sink.down) return void res.writeHead(503).end();
      try {
        const body = JSON.parse(Buffer.concat(chunks).toString()) as { uid?: string };
        sink.deliveries.push({
          uid: String(body.uid),
          eventId: String(req.headers['x-jetflow-event-id'] ?? ''),
          key: String(req.headers['idempotency-key'] ?? ''),
          at: Date.now(),
        });
        res.writeHead(200).end();
      } catch {
        res.writeHead(400).end();
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  sink.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  sink.close = () => new Promise((r) => server.close(() => r()));
  return sink;
}

/** What the load clients saw. */
export interface LoadResult {
  sent: number;
  accepted: Set<string>;
  /** Non-2xx answers and connection errors, retried. */
  refusals: number;
  statuses: Record<string, number>;
  /** uids given up on after the retry budget (not accepted: not counted as lost). */
  gaveUp: string[];
}

/**
 * Post `count` events with unique ids, `concurrency` at a time; each is retried on any non-2xx or error
 * until accepted or `deadlineMs` after its first try. Progress is recorded live into `r`.
 */
export async function driveLoad(
  url: string,
  count: number,
  opts: { concurrency: number; deadlineMs: number; prefix: string; stop?: () => boolean },
  r: LoadResult,
): Promise<LoadResult> {
  let next = 0;
  const worker = async () => {
    while (next < count && !opts.stop?.()) {
      const uid = `${opts.prefix}-${next++}`;
      r.sent++;
      const until = Date.now() + opts.deadlineMs;
      for (;;) {
        const status = await post(url, uid);
        r.statuses[status] = (r.statuses[status] ?? 0) + 1;
        if (status >= 200 && status < 300) {
          r.accepted.add(uid);
          break;
        }
        r.refusals++;
        if (Date.now() > until) {
          r.gaveUp.push(uid);
          break;
        }
        await new Promise((res) => setTimeout(res, 50));
      }
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency }, worker));
  return r;
}

async function post(url: string, uid: string): Promise<number> {
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ uid }),
      signal: AbortSignal.timeout(10_000),
    });
    await res.arrayBuffer();
    return res.status;
  } catch {
    return 0;
  }
}
