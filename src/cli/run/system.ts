/**
 * `jetflow run`: the whole system in one process. Start order: bus → stream → event sources → sensors →
 * admin server. Stop order is the reverse, so that intake stops first, in-flight publishes drain, sensors
 * finish and ack what they started, and the bus goes last.
 * @module
 */
import type { Logger } from 'pino';
import { Registry } from 'prom-client';
import { eventSubject, type EventSource, type Sensor } from '../../api/index.js';
import {
  connectBus,
  ensureStream,
  jetstreamManager,
  openKv,
  Publisher,
  type NatsConnection,
} from '../../bus/index.js';
import { EventSourceHost, registerProcessMetrics, SOURCE_DRIVERS } from '../../sources/index.js';
import { runReplay, startSensor, type RunningSensor } from '../../sensors/index.js';
import { triggerDriver } from '../../triggers/index.js';
import {
  createAdminServer,
  createRecorder,
  type AdminServer,
  type Recorder,
  type SensorView,
} from '../../admin/index.js';
import { VERSION } from '../version.js';
import { startBus, type HostedBus } from './bus.js';
import { loadResourceSet, secretStoreFor, type ResourceSet } from './resources.js';

export interface SystemOptions {
  paths: string[];
  dataDir: string;
  adminHost: string;
  adminPort: number;
  adminToken?: string;
  configFile?: string;
  secretsDir?: string;
  logger: Logger;
  /** Drain time for sensors on stop. */
  drainMs?: number;
}

interface HostedSensor {
  resource: Sensor;
  running?: RunningSensor;
  state: SensorView['state'];
  message?: string;
}

export class System {
  private set!: ResourceSet;
  private bus?: HostedBus;
  private nc?: NatsConnection;
  private publisher?: Publisher;
  private readonly registry = new Registry();
  private readonly sources = new Map<string, { resource: EventSource; host: EventSourceHost }>();
  private readonly sensors = new Map<string, HostedSensor>();
  private recorder?: Recorder;
  private admin?: AdminServer;

  constructor(private readonly o: SystemOptions) {
    registerProcessMetrics(this.registry, VERSION);
  }

  /** The registry behind the admin `/metrics` (tracing registers its drop counter there). */
  get metricsRegistry(): Registry {
    return this.registry;
  }

  get adminUrl(): string | undefined {
    return this.admin?.url;
  }

  /** Load, validate and start everything; throws (and leaves nothing running) on failure. */
  async start(): Promise<void> {
    const log = this.o.logger;
    this.set = await loadResourceSet(this.o.paths);
    for (const w of this.set.warnings) log.warn(w);
    if (this.set.implicitBus)
      log.info('no EventBus in the files: using a local single-node JetStream bus named "default"');
    try {
      const secrets = secretStoreFor(this.set, this.o.secretsDir);
      this.bus = await startBus(this.set.eventBus, {
        dataDir: this.o.dataDir,
        configFile: this.o.configFile,
        secrets,
        logger: log,
      });
      this.nc = await connectBus({ ...this.bus.connect, name: 'jetflow-run', logger: log });
      await ensureStream(await jetstreamManager(this.nc), this.bus.streamSettings, {
        jetStreamServers: this.bus.servers,
        logger: log,
      });
      this.publisher = new Publisher(this.nc, { logger: log });
      this.recorder = createRecorder({ sensors: () => [...this.sensors.values()].map((s) => s.resource) });
      this.tapEvents();
      for (const es of this.set.eventSources) this.startSource(es);
      for (const s of this.set.sensors) await this.startSensor(s);
      this.admin = await createAdminServer({
        host: this.o.adminHost,
        port: this.o.adminPort,
        token: this.o.adminToken,
        registry: this.registry,
        logger: log,
        view: {
          recorder: this.recorder,
          bus: () => this.bus?.view(),
          eventSources: () =>
            [...this.sources.values()].map((s) => ({ resource: s.resource, listeners: s.host.listeners() })),
          sensors: () =>
            [...this.sensors.values()].map((s) => ({
              resource: s.resource,
              state: s.state,
              message: s.message,
            })),
          secretValues: () => this.bus?.secretValues() ?? [],
          replay: (request, options) =>
            runReplay(
              request,
              {
                nc: this.nc!,
                logger: log,
                secrets: secretStoreFor(this.set, this.o.secretsDir),
                drivers: triggerDriver,
              },
              { ...options, onExecution: (r) => this.recorder?.recordExecution(r) },
            ),
        },
      });
    } catch (err) {
      await this.stop();
      throw err;
    }
  }

  /** Every event stored on the bus, seen once by the recorder (for the dashboard and the API). */
  private tapEvents(): void {
    const sub = this.nc!.subscribe(eventSubject('*', '*'));
    void (async () => {
      for await (const m of sub) this.recorder?.recordEvent(m.data);
    })();
  }

  private startSource(es: EventSource): void {
    const key = keyOf(es);
    const host = new EventSourceHost({
      eventSource: es,
      publisher: this.publisher!,
      secrets: secretStoreFor(this.set, this.o.secretsDir),
      logger: this.o.logger,
      registry: this.registry,
      drivers: SOURCE_DRIVERS,
      openKv: (bucket) => openKv(this.nc!, bucket),
    });
    host.start();
    this.sources.set(key, { resource: es, host });
  }

  private async startSensor(s: Sensor): Promise<void> {
    const key = keyOf(s);
    const hosted: HostedSensor = { resource: s, state: 'starting' };
    this.sensors.set(key, hosted);
    try {
      hosted.running = await startSensor({
        sensor: s,
        nc: this.nc!,
        logger: this.o.logger,
        secrets: secretStoreFor(this.set, this.o.secretsDir),
        drivers: triggerDriver,
        metricsRegistry: this.registry,
        streamSettings: this.bus!.streamSettings,
        onExecution: (r) => this.recorder?.recordExecution(r),
      });
      hosted.state = 'running';
    } catch (err) {
      hosted.state = 'failed';
      hosted.message = err instanceof Error ? err.message : String(err);
      throw err;
    }
  }

  /** One line for the ready message. */
  summary(): string {
    const b = this.set.eventBus;
    const nodes = b.spec.jetstream ? `${b.spec.jetstream.replicas ?? 3} node(s)` : 'existing server';
    return `EventBus ${b.metadata.name} (${nodes}), ${this.sources.size} EventSource(s), ${this.sensors.size} Sensor(s)`;
  }

  /**
   * Apply a changed resource set: start what was added, stop what was removed, restart what changed
   * (a restarted sensor purges the state of changed dependencies and triggers, spec/sensor.md §6.5).
   * Invalid files change nothing. EventBus changes need a restart of the process.
   */
  async reload(): Promise<void> {
    const log = this.o.logger;
    let next: ResourceSet;
    try {
      next = await loadResourceSet(this.o.paths);
    } catch (err) {
      log.error({ err: err instanceof Error ? err.message : String(err) }, 'resource change not applied');
      return;
    }
    if (stable(next.eventBus) !== stable(this.set.eventBus))
      log.warn(
        'the EventBus changed: restart jetflow run to apply it (event sources and sensors are updated now)',
      );
    const secretsChanged =
      stable([next.secrets, next.configMaps]) !== stable([this.set.secrets, this.set.configMaps]);
    this.set = { ...next, eventBus: this.set.eventBus };
    await this.applySources(next.eventSources, secretsChanged);
    await this.applySensors(next.sensors, secretsChanged);
    log.info(this.summary());
  }

  private async applySources(wanted: EventSource[], restartAll: boolean): Promise<void> {
    const byKey = new Map(wanted.map((r) => [keyOf(r), r]));
    for (const [key, cur] of [...this.sources]) {
      const w = byKey.get(key);
      if (w && !restartAll && stable(w) === stable(cur.resource)) continue;
      this.o.logger.info(
        { eventSourceName: cur.resource.metadata.name },
        w ? 'EventSource changed: restarting it' : 'EventSource removed: stopping it',
      );
      await cur.host.stop();
      this.sources.delete(key);
    }
    for (const [key, r] of byKey) if (!this.sources.has(key)) this.startSource(r);
  }

  private async applySensors(wanted: Sensor[], restartAll: boolean): Promise<void> {
    const byKey = new Map(wanted.map((r) => [keyOf(r), r]));
    for (const [key, cur] of [...this.sensors]) {
      const w = byKey.get(key);
      if (w && !restartAll && stable(w) === stable(cur.resource)) continue;
      this.o.logger.info(
        { sensorName: cur.resource.metadata.name },
        w ? 'Sensor changed: restarting it' : 'Sensor removed: stopping it',
      );
      await cur.running?.stop(this.o.drainMs ?? 10_000);
      this.sensors.delete(key);
    }
    for (const [key, r] of byKey)
      if (!this.sensors.has(key))
        await this.startSensor(r).catch((err: Error) =>
          this.o.logger.error({ sensorName: r.metadata.name, err: err.message }, 'Sensor failed to start'),
        );
  }

  /** Wait until every EventSource listener has started (or failed). */
  async ready(): Promise<void> {
    await Promise.all([...this.sources.values()].map((s) => s.host.ready()));
  }

  /** Stop intake, drain publishes, finish sensors, close the admin server, stop the bus. Idempotent. */
  async stop(): Promise<void> {
    const log = this.o.logger;
    await Promise.allSettled([...this.sources.values()].map((s) => s.host.stop()));
    this.sources.clear();
    await this.publisher
      ?.drain()
      .catch((err: Error) => log.warn({ err: err.message }, 'publisher drain failed'));
    await Promise.allSettled(
      [...this.sensors.values()].map(async (s) => s.running?.stop(this.o.drainMs ?? 10_000)),
    );
    this.sensors.clear();
    await this.admin?.close();
    await this.nc?.drain().catch(() => undefined);
    await this.bus?.stop();
    this.admin = undefined;
    this.nc = undefined;
    this.bus = undefined;
  }
}

const keyOf = (r: { metadata: { name: string; namespace?: string } }) =>
  `${r.metadata.namespace ?? 'default'}/${r.metadata.name}`;

/** A comparable text of a resource (key order as loaded is stable for the same file content). */
const stable = (v: unknown) => JSON.stringify(v);
