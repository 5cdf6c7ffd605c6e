/**
 * `jetflow run PATH...`: the bus, every EventSource and Sensor found, and the admin server, in one
 * process. Refuses to start on invalid resources (printed as lint prints them). SIGINT/SIGTERM stop it
 * cleanly (exit 0).
 */
import { checkBinding, DEFAULT_ADMIN_PORT } from '../../admin/index.js';
import { ValidationError } from '../../api/index.js';
import { DEFAULT_DATA_DIR } from '../../bus/local/index.js';
import { createLogger } from '../logger.js';
import { System } from '../run/system.js';
import { watchResources } from '../run/watch.js';
import type { RegisterCommand } from './types.js';
import { OTLP_FLAG, OTLP_FLAG_HELP, setupTracing, teardownTracing } from '../tracing.js';

interface RunOpts {
  dataDir: string;
  adminAddr: string;
  adminToken?: string;
  config?: string;
  secretsDir?: string;
  logLevel?: string;
  watch: boolean;
  otlpEndpoint?: string;
}

export const registerRun: RegisterCommand = (program, setExitCode) => {
  program
    .command('run')
    .description(
      'run the EventBus, EventSources and Sensors found in PATHs, with the admin server and dashboard',
    )
    .argument('<paths...>', 'files or directories of resources')
    .option(
      '--data-dir <dir>',
      'where the bus keeps its store, certificates and credentials',
      DEFAULT_DATA_DIR,
    )
    .option(
      '--admin-addr <host:port>',
      'admin API, metrics and dashboard address',
      `127.0.0.1:${DEFAULT_ADMIN_PORT}`,
    )
    .option(
      '--admin-token <token>',
      'bearer token for the admin API (required off loopback; or $JETFLOW_ADMIN_TOKEN)',
    )
    .option(
      '--config <file>',
      'controller config (nats-server versions, default settings); or $JETFLOW_CONFIG',
    )
    .option('--secrets-dir <dir>', 'directory of <secret-name>/<key> files')
    .option('--log-level <level>', 'trace, debug, info, warn or error')
    .option('--no-watch', 'do not apply file changes while running')
    .option(OTLP_FLAG, OTLP_FLAG_HELP)
    .action(async (paths: string[], opts: RunOpts) => setExitCode(await run(paths, opts)));
};

async function run(paths: string[], opts: RunOpts): Promise<number> {
  const logger = createLogger(opts.logLevel);
  const [host, portText] = splitAddr(opts.adminAddr);
  const adminToken = opts.adminToken ?? process.env.JETFLOW_ADMIN_TOKEN;
  try {
    checkBinding(host, adminToken); // before anything starts: nothing to undo
  } catch (err) {
    process.stderr.write(`error: ${(err as Error).message}\n`);
    return 2;
  }
  const system = new System({
    paths,
    dataDir: opts.dataDir,
    adminHost: host,
    adminPort: Number(portText),
    adminToken,
    configFile: opts.config,
    secretsDir: opts.secretsDir,
    logger,
  });
  const started = Date.now();
  try {
    await setupTracing(opts.otlpEndpoint, 'jetflow', logger, system.metricsRegistry);
    await system.start();
    await system.ready();
  } catch (err) {
    if (err instanceof ValidationError) process.stderr.write(`error: ${err.message}\n`);
    else process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
  const watcher = opts.watch ? watchResources(paths, system, logger) : undefined;
  // "ready" promises that later file changes are applied: not before the watcher's initial scan ends.
  await watcher?.ready;
  process.stdout.write(
    `jetflow is ready in ${((Date.now() - started) / 1000).toFixed(1)} s: ${system.summary()}; dashboard ${system.adminUrl}\n`,
  );
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  logger.info('stopping: draining event sources, sensors and the bus');
  await watcher?.close();
  await system.stop();
  await teardownTracing(logger);
  logger.info('stopped');
  return 0;
}

function splitAddr(addr: string): [string, string] {
  const i = addr.lastIndexOf(':');
  if (i < 0) return ['127.0.0.1', addr];
  return [addr.slice(0, i).replace(/^\[|\]$/g, '') || '127.0.0.1', addr.slice(i + 1)];
}
