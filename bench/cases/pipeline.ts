/**
 * jetflow's pipeline: in-process source → Publisher → stream → Sensor (atLeastOnce) → no-op trigger.
 * Throughput is end to end (first publish to last trigger start); latency is per event.
 */
import type { BenchBus } from '../lib/bus.js';
import { latencySummary, paced, until } from '../lib/measure.js';
import { createRecorder } from '../../src/admin/index.js';
import { BenchSource, benchSensor, Counter, runSensor } from '../lib/sensor.js';
import { eventSubject } from '../lib/events.js';

let seq = 0;

async function withPipeline<T>(
  bus: BenchBus,
  deps: { name: string; event: string }[],
  body: (src: BenchSource, counter: Counter) => Promise<T>,
  opts: { recorder?: boolean } = {},
): Promise<T> {
  const srcNc = await bus.connect('bench-source');
  const sensorNc = await bus.connect('bench-sensor');
  const counter = new Counter();
  const sensor = benchSensor(`bench-p${seq++}`, deps);
  // What `jetflow run` adds for its dashboard and "why did it not fire" API (src/cli/run/system.ts):
  // every stored event tapped, recorded and explained; every execution recorded.
  const recorder = opts.recorder ? createRecorder({ sensors: () => [sensor] }) : undefined;
  const tap =
    recorder &&
    sensorNc.subscribe(eventSubject('*', '*'), { callback: (_e, m) => void recorder.recordEvent(m.data) });
  const running = await runSensor(
    sensorNc,
    sensor,
    counter,
    recorder && ((r) => recorder.recordExecution(r)),
  );
  const src = new BenchSource(srcNc);
  try {
    return await body(src, counter);
  } finally {
    await src.close();
    await running.stop(2000);
    tap?.unsubscribe();
    await srcNc.close();
    await sensorNc.close();
  }
}

/**
 * Trigger executions/s for `n` events of a single-dependency trigger. With `recorder`, what `jetflow run`
 * adds in the same process: the admin recorder, which taps every event on the bus, explains it against
 * the sensors and records every execution.
 */
export function pipelineSingle(bus: BenchBus, n: number, opts: { recorder?: boolean } = {}): Promise<number> {
  return withPipeline(
    bus,
    [{ name: 'a', event: 'a' }],
    async (src, counter) => {
      const t0 = performance.now();
      await src.burst(n, ['a']);
      await until(() => counter.executions >= n, 120_000, `${n} executions`);
      return (n / (performance.now() - t0)) * 1000;
    },
    opts,
  );
}

/** {@link pipelineSingle} with `jetflow run`'s recorder. */
export function pipelineRun(bus: BenchBus, n: number): Promise<number> {
  return pipelineSingle(bus, n, { recorder: true });
}

/** Firings/s of an `a && b` trigger for `n` events alternating a, b (so up to n/2 firings). */
export function pipelineAnd(bus: BenchBus, n: number): Promise<number> {
  const deps = [
    { name: 'a', event: 'a' },
    { name: 'b', event: 'b' },
  ];
  return withPipeline(bus, deps, async (src, counter) => {
    const t0 = performance.now();
    await src.burst(n, ['a', 'b']);
    // firings are fewer than n/2 when a and b arrive out of pairing; wait until they stop growing
    let last = -1;
    let lastAt = performance.now();
    await until(
      () => {
        if (counter.executions !== last) [last, lastAt] = [counter.executions, performance.now()];
        return counter.executions >= n / 2 || performance.now() - lastAt > 2000;
      },
      120_000,
      'a && b firings',
    );
    const end = counter.executions >= n / 2 ? performance.now() : lastAt;
    return (counter.executions / (end - t0)) * 1000;
  });
}

/** Publish→trigger-start latency (ms) at `rate`/s for `seconds`. */
export function pipelineLatency(bus: BenchBus, rate: number, seconds: number) {
  return withPipeline(bus, [{ name: 'a', event: 'a' }], async (src, counter) => {
    counter.recordLatency = true;
    const total = await paced(rate, seconds, () => src.send('a'));
    await until(() => counter.executions >= total, 30_000, 'pipeline latency executions');
    return latencySummary(counter.latencies);
  });
}
