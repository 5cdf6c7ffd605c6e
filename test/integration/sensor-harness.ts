/**
 * Helpers for the sensor integration tests: a private JetStream server, CloudEvents published straight
 * to `default.<es>.<ev>` with `Nats-Msg-Id`, sensors started in-process with captured JSON logs, and a
 * recording trigger driver whose failures the test controls.
 */
import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { Registry } from 'prom-client';
import { eventSubject, loadText, SecretStore, type Sensor, type TriggerType } from '../../src/api/index.js';
import {
  connectBus,
  ensureStream,
  DEFAULT_STREAM_SETTINGS,
  jetstream,
  jetstreamManager,
  type NatsConnection,
} from '../../src/bus/index.js';
import { startSensor, type RunningSensor, type StartSensorOptions } from '../../src/sensors/index.js';
import { triggerDriver, type TriggerDriver, type TriggerEvent } from '../../src/triggers/index.js';
import { startNats, waitFor, type TestNats } from '../harness/index.js';

export interface Bus {
  nats: TestNats;
  nc: NatsConnection;
  /** Publish a CloudEvent for `es`/`ev`; returns its id. */
  publish(
    es: string,
    ev: string,
    data: unknown,
    opts?: { id?: string; type?: string; time?: string },
  ): Promise<string>;
  close(): Promise<void>;
}

export async function startBus(): Promise<Bus> {
  const nats = await startNats();
  const nc = await connectBus({ servers: [nats.url] });
  await ensureStream(await jetstreamManager(nc), DEFAULT_STREAM_SETTINGS);
  const js = jetstream(nc);
  return {
    nats,
    nc,
    async publish(es, ev, data, opts = {}) {
      const id = opts.id ?? randomUUID().replace(/-/g, '');
      const envelope = {
        specversion: '1.0',
        id,
        source: es,
        type: opts.type ?? 'webhook',
        subject: ev,
        time: opts.time ?? new Date().toISOString(),
        datacontenttype: 'application/json',
        data,
      };
      await js.publish(eventSubject(es, ev), JSON.stringify(envelope), { msgID: id });
      return id;
    },
    async close() {
      await nc.close();
      await nats.stop();
    },
  };
}

/**
 * YAML of Sensor `name` with dependencies `a` and `b` (events `a`, `b` of source `source`) and one `log`
 * trigger `t` on `conditions`; `triggerExtra` is added to the trigger (YAML lines indented by 6).
 */
export function twoDependencySensor(
  name: string,
  source: string,
  conditions: string,
  triggerExtra: string[] = [],
): string {
  return `apiVersion: argoproj.io/v1alpha1
kind: Sensor
metadata: {name: ${name}}
spec:
  dependencies:
    - {name: a, eventSourceName: ${source}, eventName: a}
    - {name: b, eventSourceName: ${source}, eventName: b}
  triggers:
    - template: {name: t, conditions: "${conditions}", log: {}}
${triggerExtra.map((l) => `      ${l}\n`).join('')}`;
}

/** Parse a Sensor YAML (validated, defaults applied); throws with the issues when invalid. */
export function sensorFromYaml(yaml: string): Sensor {
  const [doc] = loadText(yaml, 'sensor.yaml');
  if (!doc?.resource) throw new Error(`invalid sensor: ${JSON.stringify(doc?.issues)}`);
  return doc.resource as Sensor;
}

/** Log lines of a sensor (parsed JSON), with helpers to count markers. */
export class LogCapture {
  readonly lines: Record<string, any>[] = [];
  readonly logger = pino(
    { level: 'debug' },
    { write: (line: string) => void this.lines.push(JSON.parse(line) as Record<string, any>) },
  );

  count(msg: string): number {
    return this.lines.filter((l) => typeof l.msg === 'string' && l.msg.includes(msg)).length;
  }

  processed(trigger: string): number {
    return this.count(`Successfully processed trigger '${trigger}'`);
  }
}

/** One execution seen by a {@link RecordingDriver}. */
export interface Execution {
  trigger: string;
  events: Record<string, TriggerEvent>;
  resolved: unknown;
  at: number;
}

/**
 * A trigger driver (registered as type `log`, so any `log: {}` trigger uses it) that records every
 * execution. `failures(trigger)` decides how many of the next executions of that trigger throw.
 */
export class RecordingDriver {
  readonly executions: Execution[] = [];
  private readonly failing = new Map<string, number>();
  /** Executions block until this resolves (for "crash during execution" tests). */
  gate: Promise<void> | undefined;

  failNext(trigger: string, times = Infinity): void {
    this.failing.set(trigger, times);
  }

  of(trigger: string): Execution[] {
    return this.executions.filter((e) => e.trigger === trigger);
  }

  driver(): TriggerDriver {
    return {
      type: 'log',
      prepare: async () => ({
        execute: async (resolved, events, ctx) => {
          if (this.gate) await this.gate;
          const left = this.failing.get(ctx.triggerName) ?? 0;
          this.executions.push({ trigger: ctx.triggerName, events, resolved, at: Date.now() });
          if (left > 0) {
            this.failing.set(ctx.triggerName, left - 1);
            throw new Error(`test failure of ${ctx.triggerName}`);
          }
          return { summary: 'recorded' };
        },
        close: async () => {},
      }),
    };
  }
}

export interface SensorRun {
  running: RunningSensor;
  logs: LogCapture;
  metrics: Registry;
}

/** Start `sensor` in-process; `recorder` (if given) replaces the `log` driver. */
export async function runSensor(
  bus: Bus,
  sensor: Sensor,
  recorder?: RecordingDriver,
  extra: Partial<StartSensorOptions> = {},
): Promise<SensorRun> {
  const logs = new LogCapture();
  const metrics = new Registry();
  const drivers = (t: TriggerType) => (t === 'log' && recorder ? recorder.driver() : triggerDriver(t));
  const running = await startSensor({
    sensor,
    nc: bus.nc,
    logger: logs.logger,
    secrets: new SecretStore({ env: {} }),
    drivers,
    metricsRegistry: metrics,
    ...extra,
  });
  return { running, logs, metrics };
}

/** Value of a sensor metric series for `trigger`. */
export async function metricValue(registry: Registry, name: string, trigger: string): Promise<number> {
  const m = await registry.getSingleMetric(name)?.get();
  return m?.values.find((v) => v.labels.trigger_name === trigger)?.value ?? 0;
}

export { waitFor };
