/**
 * Scale: 100 Sensors × 10 triggers (1,000 durable consumers) in one process on one connection, as
 * `jetflow run` hosts them: time until all consume, idle RSS, and executions/s spread over all of them.
 */
import type { RunningSensor } from '../../src/sensors/index.js';
import type { BenchBus } from '../lib/bus.js';
import { until } from '../lib/measure.js';
import { BenchSource, benchSensor, Counter, runSensor } from '../lib/sensor.js';

export interface ScaleResult {
  readyMs: number;
  idleRssMb: number;
  executionsPerSec: number;
}

/** Start `sensors` × `triggers`, measure, publish `events` spread over the sensors, stop everything. */
export async function scale(
  bus: BenchBus,
  sensors: number,
  triggers: number,
  events: number,
): Promise<ScaleResult> {
  const nc = await bus.connect('bench-scale');
  const srcNc = await bus.connect('bench-scale-source');
  const counter = new Counter();
  const running: RunningSensor[] = [];
  const t0 = performance.now();
  try {
    // a few at a time, like a process starting its sensors: the server serializes consumer creation anyway
    const queue = Array.from({ length: sensors }, (_, i) => i);
    const worker = async () => {
      for (let i = queue.shift(); i !== undefined; i = queue.shift())
        running.push(
          await runSensor(nc, benchSensor(`scale${i}`, [{ name: 'd', event: `s${i}` }], triggers), counter),
        );
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    const readyMs = performance.now() - t0;
    (globalThis as { gc?: () => void }).gc?.();
    await new Promise((r) => setTimeout(r, 2000)); // let startup garbage settle before reading idle RSS
    const idleRssMb = process.memoryUsage().rss / 2 ** 20;
    const src = new BenchSource(srcNc);
    const t1 = performance.now();
    await src.burst(
      events,
      Array.from({ length: sensors }, (_, i) => `s${i}`),
    );
    const want = events * triggers;
    await until(() => counter.executions >= want, 180_000, `${want} scale executions`);
    const executionsPerSec = (want / (performance.now() - t1)) * 1000;
    await src.close();
    return { readyMs, idleRssMb, executionsPerSec };
  } finally {
    await Promise.all(running.map((r) => r.stop(2000)));
    await nc.close();
    await srcNc.close();
  }
}
