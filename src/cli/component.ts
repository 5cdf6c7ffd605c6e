/**
 * What `jetflow eventsource` and `jetflow sensor` share: finding one named resource in the files (with
 * its Secrets, ConfigMaps and EventBus), serving `/metrics`, waiting for a stop signal, and failing with
 * a message on stderr.
 * @module
 */
import { createServer, type Server } from 'node:http';
import type { Logger } from 'pino';
import type { Command } from 'commander';
import type { Registry } from 'prom-client';
import { OTLP_FLAG, OTLP_FLAG_HELP } from './tracing.js';
import {
  BusError,
  formatIssue,
  JetflowError,
  loadResources,
  SecretStore,
  type ConfigMap,
  type EventBus,
  type LoadedDocument,
  type Secret,
} from '../api/index.js';

export interface NamedResource<T> {
  resource: T;
  secrets: SecretStore;
  /** The EventBus the resource names, when it is in the files. */
  eventBus?: EventBus;
  busName: string;
}

/** Print `error: message` (and details) on stderr; returns exit code 1. */
export function fail(message: string, details: string[] = []): number {
  process.stderr.write(`error: ${message}\n`);
  for (const d of details) process.stderr.write(`  ${d}\n`);
  return 1;
}

/** Load `files` and pick the `kind` named `name`; a string is the failure to report. */
export async function loadNamed<T extends { spec: { eventBusName?: string } }>(
  kind: 'EventSource' | 'Sensor',
  name: string,
  files: string[],
  secretsDir?: string,
): Promise<NamedResource<T> | { error: string; details: string[] }> {
  const loaded = await loadResources(files);
  const docs = loaded.documents;
  const doc = docs.find((d) => d.kind === kind && d.name === name);
  if (!doc)
    return {
      error: `no ${kind} named "${name}" in ${files.join(', ')}`,
      details: loaded.errors.map(formatIssue),
    };
  if (!doc.resource)
    return {
      error: `${kind} ${name} is invalid`,
      details: doc.issues.filter((i) => i.severity === 'error').map(formatIssue),
    };
  const resource = doc.resource as unknown as T;
  const busName = resource.spec.eventBusName || 'default';
  return {
    resource,
    secrets: new SecretStore({
      secrets: ofKind<Secret>(docs, 'Secret'),
      configMaps: ofKind<ConfigMap>(docs, 'ConfigMap'),
      secretsDir,
    }),
    eventBus: ofKind<EventBus>(docs, 'EventBus').find((b) => b.metadata.name === busName),
    busName,
  };
}

function ofKind<T>(docs: LoadedDocument[], kind: string): T[] {
  return docs.filter((d) => d.kind === kind && d.resource).map((d) => d.resource as T);
}

/** Resolves on the first SIGINT or SIGTERM. */
export function untilSignal(): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      process.off('SIGINT', done);
      process.off('SIGTERM', done);
      resolve();
    };
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
}

/** `/metrics` of this process; a busy port is only warned about (the component still runs). */
export async function serveMetrics(
  registry: Registry,
  port: number,
  logger: Logger,
): Promise<Server | undefined> {
  if (!port) return undefined;
  const server = createServer((req, res) => {
    if (req.url !== '/metrics') {
      res.writeHead(404).end();
      return;
    }
    registry.metrics().then(
      (text) => res.writeHead(200, { 'content-type': registry.contentType }).end(text),
      (err: Error) => res.writeHead(500).end(err.message),
    );
  });
  return new Promise((resolve) => {
    server.once('error', (err) => {
      logger.warn({ port, err: err.message }, 'cannot serve metrics');
      resolve(undefined);
    });
    server.listen(port, () => resolve(server));
  });
}

/**
 * Retry a start-up step that may meet a bus that is briefly unavailable (a node restarting, a leader
 * election): 5 attempts, 1 s doubling, as upstream retries its bus initialization. Configuration errors
 * (JetflowError other than BusError) fail at once.
 */
export async function retryStartup<T>(
  what: string,
  logger: Logger,
  fn: () => Promise<T>,
  attempts = 5,
): Promise<T> {
  for (let k = 1; ; k++) {
    try {
      return await fn();
    } catch (err) {
      const permanent = err instanceof JetflowError && !(err instanceof BusError);
      if (permanent || k >= attempts) throw err;
      const delay = 1000 * 2 ** (k - 1);
      logger.warn({ err: (err as Error).message, attempt: k, retryInMs: delay }, `${what} failed, retrying`);
      await new Promise((r) => setTimeout(r, delay));
    }
  }
}

/** The options every single-component command (`eventsource`, `sensor`) takes. */
export function componentOptions(cmd: Command, dataDirDefault: string): Command {
  return cmd
    .option('--data-dir <dir>', 'data dir of the local bus', dataDirDefault)
    .option('--secrets-dir <dir>', 'directory of <secret-name>/<key> files')
    .option('--metrics-port <port>', 'port of the /metrics endpoint (0 = off)', '7777')
    .option('--log-level <level>', 'trace, debug, info, warn or error', 'info')
    .option(OTLP_FLAG, OTLP_FLAG_HELP);
}
