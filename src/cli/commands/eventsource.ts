/**
 * `jetflow eventsource NAME -f PATH`: run one EventSource against a bus until SIGINT/SIGTERM, then stop
 * intake, let in-flight requests finish and their publishes be acknowledged, and exit 0. Exits 1 when no
 * listener is left running (upstream: `no active event server running`). Logs are JSON lines on stdout;
 * metrics are served at `http://:<metrics-port>/metrics`.
 * @module
 */
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import type { Server } from 'node:http';
import { pino, type Logger } from 'pino';
import { Registry } from 'prom-client';
import type { EventSource } from '../../api/index.js';
import {
  connectBus,
  ensureStream,
  jetstreamManager,
  openKv,
  openLeaseKv,
  Publisher,
  resolveBusTarget,
  type NatsConnection,
} from '../../bus/index.js';
import { DEFAULT_DATA_DIR } from '../../bus/local/index.js';
import {
  EventSourceHost,
  registerProcessMetrics,
  SOURCE_DRIVERS,
  sourceSharing,
} from '../../sources/index.js';
import { componentOptions, fail, loadNamed, retryStartup, serveMetrics } from '../component.js';
import { VERSION } from '../version.js';
import { setupTracing, teardownTracing } from '../tracing.js';
import type { RegisterCommand } from './types.js';

interface EventSourceOpts {
  otlpEndpoint?: string;
  file: string[];
  busUrl?: string;
  busUser?: string;
  busPassword?: string;
  busCa?: string;
  dataDir: string;
  secretsDir?: string;
  metricsPort: string;
  logLevel: string;
  publishTimeout: string;
}

export const registerEventSource: RegisterCommand = (program, setExitCode) => {
  const cmd = program
    .command('eventsource')
    .description('run one EventSource against a bus until stopped')
    .argument('<name>', 'metadata.name of the EventSource')
    .requiredOption(
      '-f, --file <path...>',
      'files or directories with the EventSource (and its EventBus, Secrets, ConfigMaps)',
    )
    .option(
      '--bus-url <url>',
      'NATS URL(s) of the bus, comma-separated (default: the EventBus in the files / the local bus)',
    )
    .option('--bus-user <user>', 'bus username (with --bus-url)')
    .option('--bus-password <password>', 'bus password (with --bus-url; prefer $JETFLOW_BUS_PASSWORD)')
    .option('--bus-ca <file>', 'PEM CA that signed the bus server certificate (with --bus-url)')
    .option(
      '--publish-timeout <ms>',
      'how long an event may wait for the bus before its producer is refused (503)',
      '5000',
    );
  componentOptions(cmd, DEFAULT_DATA_DIR).action(async (name: string, opts: EventSourceOpts) =>
    setExitCode(await runEventSource(name, opts)),
  );
};

async function runEventSource(name: string, opts: EventSourceOpts): Promise<number> {
  const logger = pino({ level: opts.logLevel, base: { pid: process.pid } });
  const found = await loadNamed<EventSource>('EventSource', name, opts.file, opts.secretsDir);
  if ('error' in found) return fail(found.error, found.details);
  const { resource: es, secrets, eventBus, busName } = found;
  let nc: NatsConnection | undefined;
  let metrics: Server | undefined;
  try {
    const target = await resolveBusTarget({
      busUrl: opts.busUrl,
      eventBus,
      busName,
      dataDir: opts.dataDir,
      secrets,
    });
    if (opts.busUrl) {
      const pass = opts.busPassword ?? process.env.JETFLOW_BUS_PASSWORD;
      if (opts.busUser) Object.assign(target.connect, { user: opts.busUser, pass });
      if (opts.busCa) target.connect.tls = { ca: await readFile(opts.busCa, 'utf8') };
    }
    logger.info({ via: target.via }, 'connecting to the bus');
    nc = await connectBus({ ...target.connect, name: `jetflow-eventsource-${name}`, logger });
    const conn = nc;
    const stream = await retryStartup('creating the bus stream', logger, async () =>
      ensureStream(await jetstreamManager(conn), target.streamSettings, { logger }),
    );
    // State buckets as durable as the stream: an R3 bus keeps leases and calendar state on 3 servers.
    const replicas = stream.info.config.num_replicas;
    const leaseKv = await retryStartup('opening the lease bucket', logger, () =>
      openLeaseKv(conn, { replicas }),
    );
    const holderId = processId();
    const publisher = new Publisher(nc, { deadlineMs: Number(opts.publishTimeout), logger });
    const registry = new Registry();
    registerProcessMetrics(registry, VERSION);
    metrics = await serveMetrics(registry, Number(opts.metricsPort), logger);
    await setupTracing(opts.otlpEndpoint, `jetflow-eventsource-${name}`, logger, registry);
    const host = new EventSourceHost({
      eventSource: es,
      publisher,
      secrets,
      logger,
      registry,
      drivers: SOURCE_DRIVERS,
      openKv: (bucket) => openKv(conn, bucket, { replicas }),
      lease: { kv: leaseKv, holderId },
      sharing: (type, config) => sourceSharing(type, config as never),
    });
    host.start();
    logSharing(host, es, logger);
    const outcome = await untilStopped(host);
    await host.stop();
    await publisher.drain();
    await nc.drain();
    metrics?.close();
    await teardownTracing(logger);
    if (outcome) return fail(outcome);
    logger.info('EventSource stopped.');
    return 0;
  } catch (err) {
    metrics?.close();
    if (nc) await nc.close().catch(() => undefined);
    return fail(err instanceof Error ? err.message : String(err));
  }
}

/** Unique per process: host, pid and a random suffix (a pid is reused after a restart). */
function processId(): string {
  return `${os.hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
}

/**
 * `spec.replicas` is a Kubernetes Deployment size: jetflow does not spawn processes, the user starts
 * this command N times. Say which events then run everywhere and which in the elected one only.
 */
function logSharing(host: EventSourceHost, es: EventSource, logger: Logger): void {
  const single = host.listeners().filter((l) => l.sharing === 'single-listener');
  for (const l of single)
    logger.info(
      { eventName: l.eventName, eventSourceType: l.type },
      'single-listener event: it runs in the one process holding its lease; others stand by',
    );
  const replicas = es.spec.replicas ?? 1;
  if (replicas > 1)
    logger.info(
      { replicas, singleListener: single.map((l) => l.eventName) },
      `spec.replicas ${replicas}: start this command ${replicas} times to get that many processes; single-listener events still run in one leader`,
    );
}

/** Resolves on SIGINT/SIGTERM (with undefined) or when no listener is left (with the reason). */
function untilStopped(host: EventSourceHost): Promise<string | undefined> {
  return new Promise((resolve) => {
    const onSignal = () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      resolve(undefined);
    };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    host.done().catch((err: Error) => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      resolve(err.message);
    });
  });
}
