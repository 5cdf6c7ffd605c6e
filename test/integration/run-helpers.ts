/**
 * Helpers for the `jetflow run` end-to-end tests: a project folder made from examples/quickstart (free
 * ports, an http trigger to a recording server), the built binary as a child process, and checks that
 * nothing it started is left running.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { freePort, projectRoot, waitFor } from '../harness/index.js';

export const BIN = path.join(projectRoot, 'bin/jetflow.js');
const QUICKSTART = path.join(projectRoot, 'examples/quickstart');

/** The tests drive the built CLI (what users run); `npm test` builds first. */
export function assertBuilt(): void {
  assert.ok(
    existsSync(path.join(projectRoot, 'dist/cli/main.js')),
    'dist/cli/main.js is missing: run `npm run build` first (npm test does it)',
  );
}

export interface Received {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** An HTTP server that answers 200 and remembers every request: where http triggers land. */
export async function startRecorder(): Promise<{ url: string; got: Received[]; close(): Promise<void> }> {
  const got: Received[] = [];
  const srv = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      got.push({ path: req.url ?? '', headers: req.headers, body });
      res.end('ok');
    });
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    got,
    close: () =>
      new Promise<void>((r) => {
        srv.closeAllConnections();
        srv.close(() => r());
      }),
  };
}

/** An http trigger posting `{"message": <body.message>}` of dependency `payload` to `url`. */
export function httpTrigger(name: string, url: string): Record<string, unknown> {
  return {
    template: {
      name,
      http: {
        url,
        method: 'POST',
        payload: [{ src: { dependencyName: 'payload', dataKey: 'body.message' }, dest: 'message' }],
      },
    },
  };
}

export interface Project {
  dir: string;
  dataDir: string;
  webhookUrl: string;
  sensorFile: string;
  /** The quickstart sensor as parsed, with the http trigger `notify` added. */
  sensor: Record<string, any>;
}

/** A copy of the quickstart in a temp folder: free webhook port, plus an http trigger `notify`. */
export async function makeProject(recorderUrl: string): Promise<Project> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'jetflow-run-'));
  const port = await freePort();
  await writeFile(
    path.join(dir, 'eventbus.yaml'),
    await readFile(path.join(QUICKSTART, 'eventbus.yaml'), 'utf8'),
  );
  const es = await readFile(path.join(QUICKSTART, 'webhook-eventsource.yaml'), 'utf8');
  assert.match(es, /port: ["']12000["']/);
  await writeFile(path.join(dir, 'webhook-eventsource.yaml'), es.replace(/["']12000["']/, `"${port}"`));
  const sensor = parse(await readFile(path.join(QUICKSTART, 'log-sensor.yaml'), 'utf8')) as Record<
    string,
    any
  >;
  sensor.spec.triggers.push(httpTrigger('notify', `${recorderUrl}/notify`));
  const sensorFile = path.join(dir, 'log-sensor.yaml');
  await writeFile(sensorFile, stringify(sensor));
  return {
    dir,
    // outside the watched folder: the bus writes state files there
    dataDir: await mkdtemp(path.join(os.tmpdir(), 'jetflow-run-data-')),
    webhookUrl: `http://127.0.0.1:${port}/example`,
    sensorFile,
    sensor,
  };
}

export interface Run {
  proc: ChildProcess;
  out(): string;
  err(): string;
  exit: Promise<number | null>;
  adminUrl?: string;
}

/** Start `jetflow run` in its own process group (so a failed test can kill all of it). */
export function spawnRun(paths: string[], dataDir: string, extra: string[] = []): Run {
  const proc = spawn(
    process.execPath,
    [BIN, 'run', ...paths, '--data-dir', dataDir, '--admin-addr', '127.0.0.1:0', ...extra],
    { cwd: projectRoot, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  );
  let out = '';
  let err = '';
  proc.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exit = new Promise<number | null>((r) => proc.once('close', (code) => r(code)));
  return { proc, out: () => out, err: () => err, exit };
}

const READY = /^jetflow is ready in [\d.]+ s: .*; dashboard (http:\/\/\S+)$/m;

/** Start `jetflow run` and wait for its ready line; sets `adminUrl`. */
export async function startRun(paths: string[], dataDir: string): Promise<Run> {
  const run = spawnRun(paths, dataDir);
  await waitFor(() => READY.test(run.out()) || run.proc.exitCode !== null, {
    timeout: 30_000,
    message: 'the ready line of jetflow run',
  });
  const m = READY.exec(run.out());
  assert.ok(m, `jetflow run did not get ready:\n${run.out()}\n${run.err()}`);
  run.adminUrl = m[1];
  return run;
}

/** PIDs of nats-server processes whose command line mentions `dataDir`. */
export function natsServersUsing(dataDir: string): number[] {
  const ps = execFileSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' });
  return ps
    .split('\n')
    .filter((l) => l.includes('nats-server') && l.includes(dataDir))
    .map((l) => Number(l.trim().split(/\s+/)[0]));
}

/** SIGTERM and wait for the exit code. */
export async function stopRun(run: Run): Promise<number | null> {
  run.proc.kill('SIGTERM');
  return run.exit;
}

/** After a failure: kill the process group and any nats-server of `dataDir` (both ours). */
export function killAll(run: Run | undefined, dataDir: string | undefined): void {
  if (run && run.proc.exitCode === null && run.proc.signalCode === null && run.proc.pid)
    try {
      process.kill(-run.proc.pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  if (dataDir)
    for (const pid of natsServersUsing(dataDir))
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
}

/** POST a JSON body to the webhook; asserts a 200. */
export async function postEvent(url: string, body: unknown): Promise<void> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  assert.equal(res.status, 200, await res.text());
}

/** GET a JSON admin endpoint. */
export async function getJson<T = any>(url: string): Promise<T> {
  const res = await fetch(url);
  assert.equal(res.status, 200, `${url}: ${res.status}`);
  return (await res.json()) as T;
}

/** The message bodies the recorder got on `p`. */
export const messagesAt = (got: Received[], p: string): string[] =>
  got.filter((g) => g.path === p).map((g) => (JSON.parse(g.body) as { message: string }).message);

/** The id of the first recorded event whose webhook body satisfies `pred` (waits for it). */
export async function eventId(adminUrl: string, pred: (body: any) => boolean): Promise<string> {
  return waitFor(
    async () => {
      const { events } = await getJson<{ events: { id: string; data?: { body?: unknown } }[] }>(
        `${adminUrl}/api/v1/events`,
      );
      return events.find((e) => pred(e.data?.body))?.id;
    },
    { timeout: 15_000, message: 'the event in /api/v1/events' },
  );
}

/** Debian's chromium, launched headless for playwright-core (as in dashboard.test.ts). */
export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** A Sensor whose line 14 has a type error (intervalSeconds must be a number). */
export const INVALID_SENSOR = [
  'apiVersion: argoproj.io/v1alpha1',
  'kind: Sensor',
  'metadata:',
  '  name: bad',
  'spec:',
  '  dependencies:',
  '    - name: dep',
  '      eventSourceName: webhook',
  '      eventName: example',
  '  triggers:',
  '    - template:',
  '        name: t',
  '        log:',
  '          intervalSeconds: nope',
  '',
].join('\n');
