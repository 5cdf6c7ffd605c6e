/**
 * `jetflow sensor NAME -f PATH`: run one Sensor against a bus until SIGINT/SIGTERM, then drain (finish
 * or hand back what is in flight, flush the acks) and exit 0. Logs are JSON lines on stdout; metrics are
 * served at `http://:<metrics-port>/metrics` (spec/metrics.md).
 * @module
 */
import { createServer, type Server } from 'node:http';
import pino from 'pino';
import { collectDefaultMetrics, Gauge, register } from 'prom-client';
import {
  formatIssue,
  JetflowError,
  loadResources,
  SecretStore,
  type ConfigMap,
  type EventBus,
  type LoadedDocument,
  type Secret,
  type Sensor,
} from '../../api/index.js';
import { DEFAULT_DATA_DIR } from '../../bus/local/index.js';
import { connectBus, resolveBusTarget } from '../../bus/index.js';
import { startSensor } from '../../sensors/index.js';
import { triggerDriver } from '../../triggers/index.js';
import { VERSION } from '../version.js';
import type { RegisterCommand } from './types.js';

interface SensorOpts {
  file: string[];
  busUrl?: string;
  dataDir: string;
  secretsDir?: string;
  metricsPort: string;
  logLevel: string;
  drainTimeout: string;
  ackWait: string;
}

export const registerSensor: RegisterCommand = (program, setExitCode) => {
  program
    .command('sensor')
    .description('run one Sensor against a bus until stopped')
    .argument('<name>', 'metadata.name of the Sensor')
    .requiredOption(
      '-f, --file <path...>',
      'files or directories with the Sensor (and its EventBus, Secrets, ConfigMaps)',
    )
    .option(
      '--bus-url <url>',
      'NATS URL(s) of the bus, comma-separated (default: the EventBus in the files / the local bus)',
    )
    .option('--data-dir <dir>', 'data dir of the local bus', DEFAULT_DATA_DIR)
    .option('--secrets-dir <dir>', 'directory of <secret-name>/<key> files')
    .option('--metrics-port <port>', 'port of the /metrics endpoint (0 = off)', '7777')
    .option('--log-level <level>', 'trace, debug, info, warn or error', 'info')
    .option('--drain-timeout <ms>', 'on stop, how long in-flight actions may still run', '10000')
    .option(
      '--ack-wait <ms>',
      'ack wait of durable consumers this process creates (redelivery delay after a crash)',
      '30000',
    )
    .action(async (name: string, opts: SensorOpts) => setExitCode(await runSensorCommand(name, opts)));
};

async function runSensorCommand(name: string, opts: SensorOpts): Promise<number> {
  const logger = pino({ level: opts.logLevel, base: { pid: process.pid } });
  const loaded = await loadResources(opts.file);
  const docs = loaded.documents;
  const doc = docs.find((d) => d.kind === 'Sensor' && d.name === name);
  if (!doc)
    return fail(`no Sensor named "${name}" in ${opts.file.join(', ')}`, loaded.errors.map(formatIssue));
  if (!doc.resource)
    return fail(
      `Sensor ${name} is invalid`,
      doc.issues.filter((i) => i.severity === 'error').map(formatIssue),
    );
  const sensor = doc.resource as Sensor;
  const secrets = new SecretStore({
    secrets: resources<Secret>(docs, 'Secret'),
    configMaps: resources<ConfigMap>(docs, 'ConfigMap'),
    secretsDir: opts.secretsDir,
  });
  const busName = sensor.spec.eventBusName || 'default';
  let nc;
  try {
    const eventBus = resources<EventBus>(docs, 'EventBus').find((b) => b.metadata.name === busName);
    const target = await resolveBusTarget({
      busUrl: opts.busUrl,
      eventBus,
      busName,
      dataDir: opts.dataDir,
      secrets,
    });
    logger.info({ via: target.via }, 'connecting to the bus');
    nc = await connectBus({ ...target.connect, name: `jetflow-sensor-${name}`, logger });
    const metrics = await serveMetrics(Number(opts.metricsPort), logger);
    const running = await startSensor({
      sensor,
      nc,
      logger,
      secrets,
      drivers: triggerDriver,
      streamSettings: target.streamSettings,
      ackWaitMs: Number(opts.ackWait),
    });
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    await running.stop(Number(opts.drainTimeout));
    metrics?.close();
    await nc.drain();
    logger.info('Sensor stopped.');
    return 0;
  } catch (err) {
    if (nc) await nc.close().catch(() => undefined);
    if (err instanceof JetflowError || err instanceof Error) return fail(err.message);
    throw err;
  }
}

function resources<T>(docs: LoadedDocument[], kind: string): T[] {
  return docs.filter((d) => d.kind === kind && d.resource).map((d) => d.resource as T);
}

function fail(message: string, details: string[] = []): number {
  process.stderr.write(`error: ${message}\n`);
  for (const d of details) process.stderr.write(`  ${d}\n`);
  return 1;
}

/** `/metrics` for this process (runtime metrics, build_info, sensor metrics); a busy port is only warned about. */
async function serveMetrics(port: number, logger: pino.Logger): Promise<Server | undefined> {
  if (!port) return undefined;
  collectDefaultMetrics();
  const info = new Gauge({
    name: 'build_info',
    help: 'jetflow build information',
    labelNames: ['version', 'goversion', 'goarch', 'commit'],
  });
  info.set(
    {
      version: VERSION,
      goversion: process.version,
      goarch: process.arch,
      commit: process.env.JETFLOW_COMMIT ?? '',
    },
    1,
  );
  const server = createServer((req, res) => {
    if (req.url !== '/metrics') {
      res.writeHead(404).end();
      return;
    }
    register.metrics().then(
      (text) => res.writeHead(200, { 'content-type': register.contentType }).end(text),
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
