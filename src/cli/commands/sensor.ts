/**
 * `jetflow sensor NAME -f PATH`: run one Sensor against a bus until SIGINT/SIGTERM, then drain (finish
 * or hand back what is in flight, flush the acks) and exit 0. Logs are JSON lines on stdout; metrics are
 * served at `http://:<metrics-port>/metrics` (spec/metrics.md).
 * @module
 */
import pino from 'pino';
import { Registry } from 'prom-client';
import type { Sensor } from '../../api/index.js';
import { DEFAULT_DATA_DIR } from '../../bus/local/index.js';
import { connectBus, resolveBusTarget } from '../../bus/index.js';
import { startSensor } from '../../sensors/index.js';
import { registerProcessMetrics } from '../../sources/index.js';
import { triggerDriver } from '../../triggers/index.js';
import { componentOptions, fail, loadNamed, retryStartup, serveMetrics, untilSignal } from '../component.js';
import { VERSION } from '../version.js';
import { setupTracing, teardownTracing } from '../tracing.js';
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
  otlpEndpoint?: string;
}

export const registerSensor: RegisterCommand = (program, setExitCode) => {
  const cmd = program
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
    .option('--drain-timeout <ms>', 'on stop, how long in-flight actions may still run', '10000')
    .option(
      '--ack-wait <ms>',
      'ack wait of durable consumers this process creates (redelivery delay after a crash)',
      '30000',
    );
  componentOptions(cmd, DEFAULT_DATA_DIR).action(async (name: string, opts: SensorOpts) =>
    setExitCode(await runSensorCommand(name, opts)),
  );
};

async function runSensorCommand(name: string, opts: SensorOpts): Promise<number> {
  const logger = pino({ level: opts.logLevel, base: { pid: process.pid } });
  const found = await loadNamed<Sensor>('Sensor', name, opts.file, opts.secretsDir);
  if ('error' in found) return fail(found.error, found.details);
  const { resource: sensor, secrets, eventBus, busName } = found;
  let nc;
  try {
    const target = await resolveBusTarget({
      busUrl: opts.busUrl,
      eventBus,
      busName,
      dataDir: opts.dataDir,
      secrets,
    });
    logger.info({ via: target.via }, 'connecting to the bus');
    nc = await connectBus({ ...target.connect, name: `jetflow-sensor-${name}`, logger });
    const registry = new Registry();
    registerProcessMetrics(registry, VERSION);
    const metrics = await serveMetrics(registry, Number(opts.metricsPort), logger);
    await setupTracing(opts.otlpEndpoint, `jetflow-sensor-${name}`, logger, registry);
    const conn = nc;
    const running = await retryStartup('starting the sensor', logger, () =>
      startSensor({
        sensor,
        nc: conn,
        logger,
        secrets,
        drivers: triggerDriver,
        metricsRegistry: registry,
        streamSettings: target.streamSettings,
        ackWaitMs: Number(opts.ackWait),
      }),
    );
    await untilSignal();
    await running.stop(Number(opts.drainTimeout));
    metrics?.close();
    await nc.drain();
    await teardownTracing(logger);
    logger.info('Sensor stopped.');
    return 0;
  } catch (err) {
    if (nc) await nc.close().catch(() => undefined);
    if (err instanceof Error) return fail(err.message);
    throw err;
  }
}
