/**
 * Running one Sensor against a bus (spec/sensor.md §6.1): ensure the stream, open the KV bucket,
 * reconcile stored state with the spec, prepare every trigger's driver, start one worker per trigger.
 * Trigger drivers are looked up through `drivers` (the CLI passes src/triggers' registry), so the engine
 * does not depend on the trigger implementations.
 * @module
 */
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { ExecutionReport } from './action-runner.js';
import { LOG_FIELDS } from '../api/index.js';
import { sensorBucket, STREAM_NAME, type SecretStore, type TriggerType } from '../api/index.js';
import {
  DEFAULT_STREAM_SETTINGS,
  ensureStream,
  jetstream,
  jetstreamManager,
  openKv,
  type NatsConnection,
  type StreamSettings,
} from '../bus/index.js';
import type { PreparedTrigger, TriggerDriver } from './trigger-contract.js';
import { ActionRunner, triggerContext, type ActionTarget } from './action-runner.js';
import { SensorMetrics } from './metrics.js';
import { RateLimiter } from './rate-limit.js';
import { reconcileState, type ReconcileResult } from './reconcile.js';
import { triggerTypeOf, type Sensor, type Trigger } from './spec.js';
import { sharedSandbox, type ScriptSandbox } from './transform/index.js';
import { TriggerWorker } from './trigger-worker.js';

export interface StartSensorOptions {
  sensor: Sensor;
  nc: NatsConnection;
  logger: Logger;
  secrets: SecretStore;
  /** The driver of a trigger type (src/triggers `triggerDriver`). */
  drivers: (type: TriggerType) => TriggerDriver;
  /** Registry for the sensor metrics (default: prom-client's global registry). */
  metricsRegistry?: Registry;
  sandbox?: ScriptSandbox;
  /** Settings used if this process creates the stream (default: the controller defaults). */
  streamSettings?: StreamSettings;
  /** Messages per pull (default 64). */
  batch?: number;
  /** Parallel messages for triggers without AND (default 32). */
  concurrency?: number;
  /** Ack wait of durables created now (default 30 000 ms). */
  ackWaitMs?: number;
  /** Told about every finished trigger execution. */
  onExecution?: (report: ExecutionReport) => void;
}

export interface RunningSensor {
  readonly name: string;
  readonly workers: readonly TriggerWorker[];
  readonly reconciled: ReconcileResult;
  /** Stop consuming, finish (or, after `drainMs`, abandon for redelivery) what is in flight, close drivers. */
  stop(drainMs?: number): Promise<void>;
}

/** Start `sensor`; resolves once every trigger consumes (after logging `Sensor started.`). */
export async function startSensor(o: StartSensorOptions): Promise<RunningSensor> {
  const { sensor } = o;
  const name = sensor.metadata.name;
  const namespace = sensor.metadata.namespace ?? 'default';
  const logger = o.logger.child({
    ...sensor.spec.loggingFields,
    [LOG_FIELDS.sensorName]: name,
    [LOG_FIELDS.namespace]: namespace,
  });
  if ((sensor.spec.replicas ?? 1) > 1)
    logger.warn(
      { replicas: sensor.spec.replicas },
      'replicas > 1 is not honoured yet: run one jetflow sensor process per Sensor',
    );
  const jsm = await jetstreamManager(o.nc);
  const js = jetstream(o.nc);
  // create the stream when missing; an existing one is never modified by a sensor (spec/README.md §4)
  const exists = await jsm.streams.info(STREAM_NAME).then(
    () => true,
    () => false,
  );
  if (!exists) await ensureStream(jsm, o.streamSettings ?? DEFAULT_STREAM_SETTINGS, { logger });
  const kv = await openKv(js, sensorBucket(name));
  const reconciled = await reconcileState(kv, jsm, name, sensor.spec);
  if (reconciled.purged.length)
    logger.info(
      { ...reconciled },
      'the sensor spec changed: purged the state of changed dependencies and triggers',
    );
  const metrics = new SensorMetrics(namespace, name, o.metricsRegistry);
  metrics.init(sensor.spec.triggers.map((t) => t.template.name));
  const prepared: PreparedTrigger[] = [];
  const workers: TriggerWorker[] = [];
  const setup = new AbortController();
  const target = async (t: Trigger): Promise<ActionTarget> => {
    const type = triggerTypeOf(t.template);
    if (!type) throw new Error(`invalid trigger ${t.template.name}, could not find an implementation`);
    const ctx = triggerContext(
      { sensorName: name, namespace, secrets: o.secrets },
      t,
      logger.child({ [LOG_FIELDS.triggerName]: t.template.name }),
      setup.signal,
    );
    const p = await o.drivers(type).prepare(t.template[type], ctx);
    prepared.push(p);
    return { trigger: t, type, prepared: p };
  };
  try {
    for (const t of sensor.spec.triggers) {
      const main = await target(t);
      const dlq = t.dlqTrigger ? await target(t.dlqTrigger) : undefined;
      const runner = new ActionRunner({
        sensorName: name,
        namespace,
        logger,
        secrets: o.secrets,
        metrics,
        main,
        dlq,
        limiter: RateLimiter.from(t.rateLimit),
        onExecution: o.onExecution,
      });
      const w = new TriggerWorker({
        sensorName: name,
        trigger: t,
        dependencies: sensor.spec.dependencies,
        js,
        jsm,
        kv,
        runner,
        sandbox: o.sandbox ?? sharedSandbox(),
        logger,
        batch: o.batch,
        concurrency: o.concurrency,
        ackWaitMs: o.ackWaitMs,
        recreatePolicies: reconciled.recreate,
      });
      workers.push(w);
      await w.start();
    }
  } catch (err) {
    await Promise.allSettled(workers.map((w) => w.stop(0)));
    await Promise.allSettled(prepared.map((p) => p.close()));
    throw err;
  }
  logger.info('Sensor started.');
  let stopping: Promise<void> | undefined;
  return {
    name,
    workers,
    reconciled,
    stop(drainMs) {
      stopping ??= (async () => {
        logger.info('Shutting down...');
        await Promise.all(workers.map((w) => w.stop(drainMs)));
        setup.abort();
        await Promise.allSettled(prepared.map((p) => p.close()));
        await o.nc.flush().catch(() => undefined); // deliver the last acks
      })();
      return stopping;
    },
  };
}
