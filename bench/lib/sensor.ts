/**
 * jetflow's own pipeline pieces for the cases: a Sensor built from YAML, started in-process with a no-op
 * `log` driver that counts executions and records publish→trigger-start latency, and a source that
 * publishes through jetflow's Publisher.
 */
import pino from 'pino';
import { Registry } from 'prom-client';
import { loadText, SecretStore, type Sensor } from '../../src/api/index.js';
import { Publisher, type NatsConnection } from '../../src/bus/index.js';
import { startSensor, type RunningSensor, type StartSensorOptions } from '../../src/sensors/index.js';
import type { TriggerDriver, TriggerEvent } from '../../src/triggers/index.js';
import { encodeEvent, eventSubject, nextId } from './events.js';

/** Counts trigger starts; `latencies` are ms from the (latest) event's publish to the trigger start. */
export class Counter {
  executions = 0;
  latencies: number[] = [];
  recordLatency = false;

  driver(): TriggerDriver {
    return {
      type: 'log',
      prepare: () =>
        Promise.resolve({
          execute: (_r: unknown, events: Record<string, TriggerEvent>) => {
            this.executions++;
            if (this.recordLatency) {
              const ts = Object.values(events).map((e) => (e.data as { t: number }).t);
              this.latencies.push(performance.now() - Math.max(...ts));
            }
            return Promise.resolve({});
          },
          close: () => Promise.resolve(),
        }),
    };
  }
}

/** A Sensor named `name` whose `triggers` triggers each fire on `deps` (AND of all, `atLeastOnce`). */
export function benchSensor(name: string, deps: { name: string; event: string }[], triggers = 1): Sensor {
  const d = deps.map(
    (x) => `    - name: ${x.name}\n      eventSourceName: bench\n      eventName: ${x.event}`,
  );
  const cond = deps.length > 1 ? `\n        conditions: "${deps.map((x) => x.name).join(' && ')}"` : '';
  const t = Array.from(
    { length: triggers },
    (_, i) => `    - atLeastOnce: true\n      template:\n        name: t${i}${cond}\n        log: {}`,
  );
  const yaml = `apiVersion: argoproj.io/v1alpha1\nkind: Sensor\nmetadata:\n  name: ${name}\nspec:\n  dependencies:\n${d.join('\n')}\n  triggers:\n${t.join('\n')}\n`;
  const [doc] = loadText(yaml, `${name}.yaml`);
  if (!doc?.resource) throw new Error(`invalid bench sensor: ${JSON.stringify(doc?.issues)}`);
  return doc.resource as Sensor;
}

const silent = pino({ level: 'silent' });

/** Start `sensor` on `nc` with the counting driver for every `log` trigger. */
export function runSensor(
  nc: NatsConnection,
  sensor: Sensor,
  counter: Counter,
  onExecution?: StartSensorOptions['onExecution'],
): Promise<RunningSensor> {
  const driver = counter.driver();
  return startSensor({
    sensor,
    nc,
    logger: silent,
    secrets: new SecretStore({ env: {} }),
    drivers: () => driver,
    metricsRegistry: new Registry(),
    ...(onExecution && { onExecution }),
  });
}

/**
 * An in-process event source publishing through jetflow's Publisher as sources use it (default window,
 * callback form, back-pressured).
 */
export class BenchSource {
  readonly pub: Publisher;
  failed = 0;
  private readonly cb = (err: unknown) => {
    if (err) this.failed++;
  };

  constructor(nc: NatsConnection) {
    this.pub = new Publisher(nc);
  }

  /** Publish event `name` now (no back-pressure: for paced sends). */
  send(name: string): void {
    const id = nextId();
    this.pub.publishCb(
      eventSubject('bench', name),
      encodeEvent(id, 'bench', name, performance.now()),
      id,
      this.cb,
    );
  }

  /** Publish `n` events, cycling over `names`, as fast as the window allows. */
  async burst(n: number, names: string[]): Promise<void> {
    for (let i = 0; i < n; i++) {
      if (this.pub.full) await this.pub.waitForSlot();
      this.send(names[i % names.length]!);
    }
    await this.pub.flush();
  }

  close(): Promise<void> {
    return this.pub.drain();
  }
}
