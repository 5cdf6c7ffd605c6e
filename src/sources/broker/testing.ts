/**
 * Test support for the broker drivers: a listener context whose dispatch records payloads and can be
 * made to fail or to hold (between broker delivery and bus ack), with health history and an in-memory
 * log. Never imported by the runtime.
 * @module
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadFile } from '../../api/index.js';
import type { EventSource } from '../../api/index.js';
import { upstreamExamples } from '../../../test/harness/index.js';
import { memoryLogger } from '../contract.js';
import { SecretStore, secretEnvName } from '../../api/index.js';
import type { SourceType } from '../../api/index.js';
import type { ListenerContext } from '../types.js';

export interface TestContext<Config> {
  ctx: ListenerContext<Config>;
  /** Payloads stored, parsed, in dispatch order. */
  events: any[];
  /** The same payloads as the JSON text dispatched. */
  raw: string[];
  /** Dispatch calls, successful or not. */
  attempts: number;
  /** How many of the next dispatches reject (a bus failure). */
  failNext: number;
  /** While set, dispatches wait on it (resolve: store; reject: fail). */
  hold: { promise: Promise<void>; release(): void; fail(): void } | undefined;
  processingFailed: number;
  health: { ok: boolean; message?: string }[];
  logs: Record<string, unknown>[];
  abort(): void;
}

/** Make dispatches wait until `release()` (or `fail()`). */
export function holdDispatch(c: TestContext<unknown>): void {
  let release!: () => void;
  let fail!: () => void;
  const promise = new Promise<void>((res, rej) => {
    release = res;
    fail = () => rej(new Error('bus down (test)'));
  });
  promise.catch(() => undefined);
  c.hold = { promise, release, fail };
}

/** A context for one event of `type`; `env` feeds `JETFLOW_SECRET_*` lookups. */
export function testContext<Config>(
  type: SourceType,
  config: Config,
  env: Record<string, string> = {},
  eventSourceName = `test-${type.toLowerCase()}`,
): TestContext<Config> {
  const abort = new AbortController();
  const { logger, records } = memoryLogger();
  const c: TestContext<Config> = {
    events: [],
    raw: [],
    attempts: 0,
    failNext: 0,
    hold: undefined,
    processingFailed: 0,
    health: [],
    logs: records,
    abort: () => abort.abort(),
    ctx: undefined as unknown as ListenerContext<Config>,
  };
  c.ctx = {
    eventSourceName,
    eventName: 'example',
    eventSourceType: type,
    namespace: 'default',
    config,
    secrets: new SecretStore({ env }),
    logger,
    signal: abort.signal,
    dispatch: async (data) => {
      c.attempts++;
      if (c.hold) await c.hold.promise;
      if (c.failNext > 0) {
        c.failNext--;
        throw new Error('bus down (test)');
      }
      const text = data instanceof Uint8Array ? Buffer.from(data).toString('utf8') : JSON.stringify(data);
      c.events.push(JSON.parse(text));
      c.raw.push(text);
    },
    metrics: { processingFailed: () => void c.processingFailed++, observeSince: () => undefined },
    setHealth: (h) => void c.health.push(h),
  };
  return c;
}

/** PEM files of a throw-away CA, a server certificate for 127.0.0.1/localhost and a client certificate. */
export interface TestCerts {
  dir: string;
  ca: string;
  serverCert: string;
  serverKey: string;
  clientCert: string;
  clientKey: string;
  /** File paths of the same, for server configs. */
  files: { ca: string; serverCert: string; serverKey: string; clientCert: string; clientKey: string };
  remove(): Promise<void>;
}

/** Generate {@link TestCerts} with openssl in a temp dir. */
export async function testCerts(): Promise<TestCerts> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'jetflow-certs-'));
  const f = (n: string) => path.join(dir, n);
  const ssl = (...args: string[]) => execFileSync('openssl', args, { stdio: 'ignore', cwd: dir });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
  ssl(
    'req',
    '-x509',
    ...ec,
    '-days',
    '1',
    '-subj',
    '/CN=jetflow test CA',
    '-keyout',
    f('ca.key'),
    '-out',
    f('ca.pem'),
  );
  const issue = (name: string, cn: string, ext: string) => {
    ssl('req', ...ec, '-subj', `/CN=${cn}`, '-keyout', f(`${name}.key`), '-out', f(`${name}.csr`));
    writeFileSync(f(`${name}.ext`), ext);
    ssl(
      'x509',
      '-req',
      '-in',
      f(`${name}.csr`),
      '-CA',
      f('ca.pem'),
      '-CAkey',
      f('ca.key'),
      '-CAcreateserial',
      '-days',
      '1',
      '-extfile',
      f(`${name}.ext`),
      '-out',
      f(`${name}.pem`),
    );
  };
  issue('server', 'localhost', 'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n');
  issue('client', 'jetflow-client', 'extendedKeyUsage=clientAuth\n');
  const files = {
    ca: f('ca.pem'),
    serverCert: f('server.pem'),
    serverKey: f('server.key'),
    clientCert: f('client.pem'),
    clientKey: f('client.key'),
  };
  const read = (p: string) => readFileSync(p, 'utf8');
  return {
    dir,
    ca: read(files.ca),
    serverCert: read(files.serverCert),
    serverKey: read(files.serverKey),
    clientCert: read(files.clientCert),
    clientKey: read(files.clientKey),
    files,
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

/** `JETFLOW_SECRET_*` variables for the secret `name` with these keys and values. */
export function secretEnv(name: string, values: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [secretEnvName('SECRET', name, k), v]));
}

/** The events of `type` in upstream's example `file` (lint must report no error for it). */
export async function exampleEvents<T>(file: string, type: SourceType): Promise<[string, T][]> {
  const [doc] = await loadFile(path.join(upstreamExamples, 'event-sources', file));
  const errors = doc!.issues.filter((i) => i.severity === 'error');
  if (errors.length > 0) throw new Error(`${file}: ${errors.map((e) => e.message).join('; ')}`);
  const spec = (doc!.resource as EventSource).spec as Record<string, Record<string, T> | undefined>;
  return Object.entries(spec[type] ?? {});
}
