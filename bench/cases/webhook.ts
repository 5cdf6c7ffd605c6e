/**
 * Webhook ingest: a load generator in a separate process (so it does not share our event loop) POSTs at
 * concurrency 64 against a webhook EventSource hosted by EventSourceHost. A 2xx means stored.
 *
 * The generator is `wrk` when it is on PATH (C, one thread: it leaves most of the 2nd core to the server
 * and nats-server), else autocannon (Node; it eats most of a core itself, which lowers the figure).
 * Which one ran is recorded in the report (see `noteLoadGenerator`).
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { Registry } from 'prom-client';
import { SecretStore } from '../../src/api/index.js';
import { Publisher } from '../../src/bus/index.js';
import { EventSourceHost, SOURCE_DRIVERS } from '../../src/sources/index.js';
import { freePort } from '../../test/harness/index.js';
import type { BenchBus } from '../lib/bus.js';
import { noteLoadGenerator } from '../lib/report.js';

const AUTOCANNON = path.resolve(import.meta.dirname, '../../node_modules/autocannon/autocannon.js');
const BODY = JSON.stringify({ message: 'hello', pad: 'x'.repeat(900) });
const CONNECTIONS = 64;
/** wrk threads: 1 measured lower total CPU than 2 at the same request rate on the 2-core machine. */
const WRK_THREADS = 1;

/** What a load generator reports: answers that mean "stored", everything else, over `seconds`. */
interface LoadResult {
  ok: number;
  non2xx: number;
  errors: number;
  seconds: number;
}

function autocannon(url: string, seconds: number): Promise<LoadResult> {
  const args = [AUTOCANNON, '-j', '-c', String(CONNECTIONS), '-d', String(seconds), '-m', 'POST'];
  args.push('-H', 'Content-Type=application/json', '-b', BODY, url);
  return new Promise((resolve, reject) =>
    execFile(process.execPath, args, { maxBuffer: 16 << 20 }, (err, stdout) => {
      if (err) return reject(err);
      const r = JSON.parse(stdout) as { '2xx': number; non2xx: number; errors: number };
      resolve({ ok: r['2xx'], non2xx: r.non2xx, errors: r.errors, seconds });
    }),
  );
}

/**
 * The wrk script: POST body and header, and a `done()` hook printing the summary as one JSON line (wrk's
 * own text report is not meant to be parsed). A Lua long string carries the body unescaped.
 */
const WRK_SCRIPT = `
wrk.method = "POST"
wrk.body = [==[${BODY}]==]
wrk.headers["Content-Type"] = "application/json"
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRK_SUMMARY {"requests":%d,"durationUs":%d,"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d}\\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout))
end
`;

interface WrkSummary {
  requests: number;
  durationUs: number;
  connect: number;
  read: number;
  write: number;
  status: number;
  timeout: number;
}

/**
 * `summary.requests` counts complete responses; wrk counts a status > 399 in `errors.status`. The webhook
 * server answers only 2xx, 4xx or 5xx, so `requests - status` is the count of 2xx answers. Socket
 * errors and timeouts never complete a response, so they are not in `requests`.
 */
export function wrkResult(stdout: string): LoadResult {
  const line = stdout.split('\n').find((l) => l.startsWith('WRK_SUMMARY '));
  if (!line) throw new Error(`no WRK_SUMMARY line in wrk output:\n${stdout}`);
  const s = JSON.parse(line.slice('WRK_SUMMARY '.length)) as WrkSummary;
  return {
    ok: s.requests - s.status,
    non2xx: s.status,
    errors: s.connect + s.read + s.write + s.timeout,
    seconds: s.durationUs / 1e6,
  };
}

/**
 * `keepAlive: false` sends `Connection: close`: Node's server then answers with it and closes, and wrk
 * opens a new connection for the next request (as senders without a connection pool do).
 */
async function wrk(url: string, seconds: number, keepAlive: boolean): Promise<LoadResult> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'jetflow-wrk-'));
  try {
    const script = path.join(dir, 'post.lua');
    await writeFile(script, WRK_SCRIPT);
    const args = ['-t', String(WRK_THREADS), '-c', String(CONNECTIONS), '-d', `${seconds}s`];
    if (!keepAlive) args.push('-H', 'Connection: close');
    args.push('-s', script, url);
    const stdout = await new Promise<string>((resolve, reject) =>
      execFile('wrk', args, { maxBuffer: 16 << 20 }, (err, out) => (err ? reject(err) : resolve(out))),
    );
    return wrkResult(stdout);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** `wrk <version>` when wrk runs, else undefined. wrk prints its version (with usage) and exits 1. */
function wrkVersion(): string | undefined {
  try {
    execFileSync('wrk', ['--version'], { stdio: 'pipe' });
  } catch (err) {
    const out = String((err as { stdout?: Buffer }).stdout ?? '');
    const m = /^wrk (\S+)/.exec(out);
    return m ? `wrk ${m[1]}` : undefined;
  }
  return undefined;
}

/** A webhook EventSource in an EventSourceHost on a free port, publishing to `bus`; `use(url)` runs the load. */
async function withWebhook<T>(bus: BenchBus, use: (url: string) => Promise<T>): Promise<T> {
  const nc = await bus.connect('bench-webhook');
  const port = await freePort();
  const publisher = new Publisher(nc);
  const host = new EventSourceHost({
    eventSource: {
      metadata: { name: 'benchhook' },
      spec: { webhook: { ev: { port: String(port), endpoint: '/hook', method: 'POST' } } },
    },
    publisher,
    secrets: new SecretStore({ env: {} }),
    logger: pino({ level: 'silent' }),
    registry: new Registry(),
    drivers: SOURCE_DRIVERS,
  });
  host.start();
  try {
    await host.ready();
    return await use(`http://127.0.0.1:${port}/hook`);
  } finally {
    await host.stop();
    await publisher.drain();
    await nc.close();
  }
}

/**
 * Stored events/s (2xx answers per second) over `seconds` of load; also returns the error count.
 * `keepAlive: false`: a new connection per request (wrk only; autocannon cannot).
 */
export async function webhookIngest(bus: BenchBus, seconds: number, keepAlive = true) {
  return withWebhook(bus, async (url) => {
    const wrkV = wrkVersion();
    const name = keepAlive ? 'webhook' : 'webhook no-keepalive';
    if (!wrkV && !keepAlive) throw new Error('the no-keepalive webhook case needs wrk on PATH');
    noteLoadGenerator(
      name,
      wrkV
        ? `${wrkV}, ${WRK_THREADS} thread(s), ${CONNECTIONS} connections${keepAlive ? '' : ', Connection: close'}`
        : `autocannon (wrk not on PATH), ${CONNECTIONS} connections`,
    );
    const r = wrkV ? await wrk(url, seconds, keepAlive) : await autocannon(url, seconds);
    return { rate: r.ok / r.seconds, non2xx: r.non2xx, errors: r.errors };
  });
}

const PACED_CLIENT = path.resolve(import.meta.dirname, '../lib/paced-client.ts');
/** Sockets of the paced client: enough that 1,000 req/s never waits for one at sub-ms latency. */
const PACED_CONNECTIONS = 16;

/**
 * Latency of stored events at a paced `rate` (paced-client.ts, its own process, wrk2-style: measured
 * from each request's scheduled time): request sent → 2xx (after the PubAck), ms.
 */
export async function webhookLatency(bus: BenchBus, rate: number, seconds: number) {
  return withWebhook(bus, async (url) => {
    noteLoadGenerator(`webhook latency@${rate}`, `paced-client.ts, ${PACED_CONNECTIONS} keep-alive sockets`);
    const args = [
      '--import',
      'tsx',
      PACED_CLIENT,
      url,
      String(rate),
      String(seconds),
      String(PACED_CONNECTIONS),
      BODY,
    ];
    const out = await new Promise<string>((resolve, reject) =>
      execFile(process.execPath, args, { maxBuffer: 1 << 20 }, (err, o) => (err ? reject(err) : resolve(o))),
    );
    const r = JSON.parse(out) as { ok: number; errors: number; p50: number; p99: number; p999: number };
    if (r.errors > 0) throw new Error(`webhook latency@${rate}: ${r.errors} requests failed`);
    return { p50: r.p50, p99: r.p99, p999: r.p999 };
  });
}
