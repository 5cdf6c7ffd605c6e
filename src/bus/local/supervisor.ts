/**
 * `startLocalBus()`: turn an EventBus `spec.jetstream` into supervised nats-server processes on this
 * machine (one per replica). Bad input is rejected before anything is written; then secrets, certificates,
 * ports and configs are prepared under the data dir, the nodes started, and the call resolves once the
 * bus is ready.
 * @module
 */
import { readFile } from 'node:fs/promises';
import { DEFAULT_BUS_REPLICAS, formatIssue, type Issue, type JetStreamBus } from '../../api/index.js';
import { Conditions } from './conditions.js';
import { checkSpecWithServer } from './config-test.js';
import { loadControllerConfig, resolveVersion, type ControllerConfig } from './controller-config.js';
import { LocalBusError, type BusConditionReason } from './errors.js';
import { ensurePrivateDir } from './files.js';
import { busLayout, DEFAULT_DATA_DIR } from './layout.js';
import { LocalBus } from './local-bus.js';
import { silentLogger, type BusLogger } from './logger.js';
import { DEFAULT_BACKOFF, type BackoffOptions } from './node-process.js';
import { prepareNodes } from './prepare-nodes.js';
import { assignPorts } from './ports.js';
import { ensureSecrets } from './secrets.js';
import { checkServerSpec, effectiveMaxPayload, JS_KEY_ENV } from './server-config.js';
import { acquireLock, readBusStateFile, writeBusState, type BusState } from './state.js';
import { DEFAULT_STOP_TIMEOUT_MS, terminateServers } from './stop.js';

export interface StartLocalBusOptions {
  /** EventBus name (`metadata.name`). */
  name: string;
  spec: JetStreamBus;
  /** @default "./.jetflow" */
  dataDir?: string;
  /** @default loadControllerConfig() (defaults and discovered binaries) */
  controllerConfig?: ControllerConfig;
  logger?: BusLogger;
  /** Address the servers listen on. Certificates name only localhost, 127.0.0.1 and ::1. @default "127.0.0.1" */
  host?: string;
  /** @default 30000 */
  readyTimeoutMs?: number;
  /** @default 1000 */
  healthIntervalMs?: number;
  backoff?: Partial<BackoffOptions>;
  /** Lame-duck wait before SIGKILL. @default 40000 */
  stopTimeoutMs?: number;
}

/** Fields of the Kubernetes pod/volume that have no meaning for local processes. */
const POD_ONLY = [
  'containerTemplate',
  'reloaderContainerTemplate',
  'metricsContainerTemplate',
  'metadata',
  'nodeSelector',
  'tolerations',
  'securityContext',
  'imagePullSecrets',
  'priorityClassName',
  'priority',
  'affinity',
  'serviceAccountName',
] as const;

/** Start (or restart, reusing its secrets, certificates, ports and persisted store) a local bus. */
export async function startLocalBus(opts: StartLocalBusOptions): Promise<LocalBus> {
  const logger = opts.logger ?? silentLogger;
  const host = opts.host ?? '127.0.0.1';
  const { spec, name } = opts;
  const conditions = new Conditions();

  // 1. Everything that can be wrong with the input, before anything is written.
  const replicas = spec.replicas ?? DEFAULT_BUS_REPLICAS;
  if (!Number.isInteger(replicas) || replicas < 1)
    throw invalid([
      {
        severity: 'error',
        path: 'spec.jetstream.replicas',
        message: `expected replicas >= 1, found ${replicas}`,
      },
    ]);
  const layout = busLayout(opts.dataDir ?? DEFAULT_DATA_DIR, name);
  const config = opts.controllerConfig ?? (await loadControllerConfig());
  for (const w of config.warnings) logger.warn({ bus: name }, w);
  const settings = spec.settings ?? config.settings;
  const maxPayload = effectiveMaxPayload(spec.maxPayload);
  const startArgs = spec.startArgs ?? [];
  const issues = checkServerSpec(settings, maxPayload, startArgs);
  if (issues.length) throw invalid(issues);
  const version = await resolveVersion(config, spec.version);
  const serverIssues = await checkSpecWithServer(version.binary, { settings, maxPayload, startArgs });
  if (serverIssues.length) throw invalid(serverIssues);
  conditions.set('Configured', 'True');
  if (replicas % 2 === 0)
    logger.warn(
      { bus: name, replicas },
      `${replicas} replicas: an even cluster tolerates no more failures than ${replicas - 1} nodes`,
    );
  const ignored = POD_ONLY.filter((k) => spec[k] !== undefined);
  if (ignored.length)
    logger.warn(
      { bus: name },
      `ignored for a local bus: spec.jetstream.${ignored.join(', spec.jetstream.')}`,
    );

  // 2. Deploy.
  await ensurePrivateDir(layout.busDir);
  const release = await acquireLock(layout, name);
  try {
    const previous = await readBusStateFile(layout);
    if (previous) {
      const orphans = await terminateServers(previous.nodes, opts.stopTimeoutMs ?? DEFAULT_STOP_TIMEOUT_MS);
      if (orphans.length)
        logger.warn(
          { bus: name, pids: orphans },
          'stopped nats-server processes left by a previous supervisor',
        );
    }
    for (const d of [layout.certsDir, layout.authDir, layout.nodesDir]) await ensurePrivateDir(d);
    const secrets = await step('JetStreamAuthSecretsFailed', async () => {
      const s = await ensureSecrets(layout);
      // Loaded lazily: the x509 stack is heavy and `bus status`/`bus down` never need it.
      const { ensureCertificates } = await import('./certs.js');
      await ensureCertificates(layout, name);
      return s;
    });
    const ports = await assignPorts(layout, replicas, host, logger);
    const persistence = spec.persistence !== undefined;
    const env = { ...process.env, [JS_KEY_ENV]: secrets.encryptionKey };
    const nodes = await step('JetStreamConfigMapFailed', () =>
      prepareNodes({
        layout,
        name,
        host,
        replicas,
        ports,
        persistence,
        settings,
        maxPayload,
        startArgs,
        env,
        binary: version.binary,
        backoff: { ...DEFAULT_BACKOFF, ...opts.backoff },
      }),
    );
    const state: BusState = {
      name,
      version: version.version,
      binary: version.binary,
      supervisorPid: process.pid,
      startedAt: new Date().toISOString(),
      persistence,
      replicas,
      clientUrls: nodes.map((n) => n.spec.clientUrl),
      caFile: layout.caFile,
      credentialsFile: layout.clientAuthFile,
      nodes: nodes.map((n) => ({
        index: n.spec.index,
        serverName: n.spec.serverName,
        pid: null,
        ports: n.spec.ports,
        clientUrl: n.spec.clientUrl,
        monitorUrl: n.spec.monitorUrl,
        configFile: n.spec.configFile,
        logFile: n.spec.logFile,
        storeDir: persistence
          ? layout.node(n.spec.index).persistentStore
          : layout.node(n.spec.index).ephemeralStore,
        restarts: 0,
      })),
    };
    await writeBusState(layout, state);
    const bus = new LocalBus({
      name,
      layout,
      state,
      nodes,
      conditions,
      credentials: { user: secrets.username, pass: secrets.password },
      caPem: await readFile(layout.caFile, 'utf8'),
      logger,
      release,
      healthIntervalMs: opts.healthIntervalMs ?? 1000,
      stopTimeoutMs: opts.stopTimeoutMs ?? DEFAULT_STOP_TIMEOUT_MS,
    });
    for (const n of nodes) n.start();
    conditions.set('Deployed', 'True', 'Succeeded', 'JetStream is deployed');
    try {
      await bus.waitReady(opts.readyTimeoutMs ?? 30_000);
    } catch (err) {
      await bus.stop();
      throw new LocalBusError(
        `EventBus ${name}: ${(err as Error).message}`,
        'JetStreamStatefulSetFailed',
        [],
        { cause: err },
      );
    }
    bus.startHealthLoop();
    logger.info({ bus: name, replicas, version: version.version }, 'event bus ready');
    return bus;
  } catch (err) {
    await release();
    throw err;
  }
}

function invalid(issues: Issue[]): LocalBusError {
  return new LocalBusError(`invalid spec: ${issues.map(formatIssue).join('; ')}`, 'InvalidSpec', issues);
}

async function step<T>(reason: BusConditionReason, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof LocalBusError) throw err;
    throw new LocalBusError(`${reason}: ${(err as Error).message}`, reason, [], { cause: err });
  }
}
