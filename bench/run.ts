/**
 * `npm run bench [-- --quick] [-- --only=<substring>]`: jetflow against raw-JetStream baselines measured in
 * the same run, on R1 and R3 local buses. Prints a Markdown table, writes bench/results/<timestamp>.json.
 * See bench/README.md. Never part of `npm test`.
 */
import * as A from './cases/baseline.js';
import { pipelineAnd, pipelineLatency, pipelineRun, pipelineSingle } from './cases/pipeline.js';
import { scale } from './cases/scale.js';
import { webhookIngest, webhookLatency } from './cases/webhook.js';
import { kafkaIngest } from './cases/kafka.js';
import { startBenchBus, type BenchBus } from './lib/bus.js';
import { compareTable, loadSavedRun } from './lib/compare.js';
import { cpuMeter } from './lib/measure.js';
import { machine, markdown, Results, writeJson, type Target } from './lib/report.js';
import { startTracing, tracingConfig } from '../src/bus/index.js';

const quick = process.argv.includes('--quick');
const only = process.argv.find((a) => a.startsWith('--only='))?.slice(7);
const compareWith = argValue('--compare');
// read it before the run: a wrong path fails at once, not after minutes of benchmarking
const saved = compareWith === undefined ? undefined : loadSavedRun(compareWith);

/** `--name VALUE` or `--name=VALUE`. */
function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  if (i >= 0) return process.argv[i + 1];
  return process.argv.find((a) => a.startsWith(`${name}=`))?.slice(name.length + 1);
}
const reps = quick ? 1 : 3;
const N = quick
  ? { a: 5000, b: 400, pipe: 5000, latSec: 2, hookSec: 3, scaleEvents: 500, kafka: 5000 }
  : { a: 20_000, b: 1500, pipe: 20_000, latSec: 5, hookSec: 8, scaleEvents: 2000, kafka: 20_000 };
const results = new Results();
const started = Date.now();

/** Run one case on a fresh stream, recording its value(s) and the CPU it took. */
async function run(
  bus: BenchBus,
  key: string,
  unit: string,
  fn: () => Promise<number | Record<string, number>>,
) {
  if (only && !`${bus.kind} ${key}`.includes(only)) return;
  await bus.reset();
  const cpu = cpuMeter(bus.pids());
  const v = await fn();
  const share = cpu();
  if (typeof v === 'number') results.add(`${bus.kind} ${key}`, unit, v, share);
  else for (const [k, x] of Object.entries(v)) results.add(`${bus.kind} ${key} ${k}`, unit, x, share);
  process.stderr.write(`  ${bus.kind} ${key}: ${JSON.stringify(v)} cpu ${JSON.stringify(share)}\n`);
}

async function throughput(bus: BenchBus) {
  await run(bus, 'A publish', 'events/s', () => A.baselineAPublish(bus, N.a));
  await run(bus, 'A consume', 'msgs/s', async () => {
    await A.baselineAPublish(bus, N.a);
    return A.baselineAConsume(bus, N.a);
  });
  await run(bus, 'B publish', 'events/s', () => A.baselineBPublish(bus, N.b));
  await run(bus, 'B consume', 'msgs/s', async () => {
    await A.baselineAPublish(bus, N.b);
    return A.baselineBConsume(bus, N.b);
  });
  await run(bus, 'B pipeline', 'events/s', () => A.baselineBPipeline(bus, N.b));
  await run(bus, 'pipeline single', 'executions/s', () => pipelineSingle(bus, N.pipe));
  await run(bus, 'pipeline run', 'executions/s', () => pipelineRun(bus, N.pipe));
  await run(bus, 'pipeline a&&b', 'firings/s', () => pipelineAnd(bus, N.pipe));
}

/**
 * Every throughput path once, small and unrecorded, before the first measurement: the first run of a
 * code path in a process pays for JIT compilation, which would count against whichever case runs first.
 */
async function warmUp(bus: BenchBus) {
  process.stderr.write('warm-up (not recorded)\n');
  const n = quick ? 2000 : 5000;
  await bus.reset();
  await A.baselineAPublish(bus, n);
  await A.baselineAConsume(bus, n);
  await bus.reset();
  await A.baselineBPublish(bus, 200);
  await A.baselineBConsume(bus, 200);
  await bus.reset();
  await A.baselineBPipeline(bus, 200);
  await bus.reset();
  await pipelineSingle(bus, n);
  await bus.reset();
  await pipelineRun(bus, n);
  await bus.reset();
  await pipelineAnd(bus, n);
}

async function latency(bus: BenchBus) {
  for (const rate of [1000, 5000]) {
    await run(bus, `A latency@${rate}`, 'ms', () => A.baselineALatency(bus, rate, N.latSec));
    await run(bus, `pipeline latency@${rate}`, 'ms', () => pipelineLatency(bus, rate, N.latSec));
  }
}

const baselines: Record<string, string> = {};
for (const k of ['R1', 'R3']) {
  baselines[`${k} pipeline single`] = `${k} A publish`;
  baselines[`${k} pipeline run`] = `${k} pipeline single`;
  baselines[`${k} B publish`] = `${k} A publish`;
  baselines[`${k} B consume`] = `${k} A consume`;
  baselines[`${k} B pipeline`] = `${k} A publish`;
  baselines[`${k} webhook`] = `${k} A publish`;
  baselines[`${k} webhook no-keepalive`] = `${k} webhook`;
  for (const p of ['p50', 'p99', 'p999'])
    baselines[`${k} webhook latency@1000 ${p}`] = `${k} A latency@1000 ${p}`;
  baselines[`${k} kafka source`] = `${k} A publish`;
  for (const r of [1000, 5000])
    for (const p of ['p50', 'p99', 'p999'])
      baselines[`${k} pipeline latency@${r} ${p}`] = `${k} A latency@${r} ${p}`;
}
const ge = (x: number) => (v: number, b?: number) => b !== undefined && v >= x * b;
const targets: Target[] = [
  {
    key: 'R1 pipeline single',
    baseline: 'R1 A publish',
    text: 'R1 pipeline >= 1.0x A publish',
    check: ge(1),
  },
  {
    key: 'R3 pipeline single',
    baseline: 'R3 A publish',
    text: 'R3 pipeline >= 1.0x A publish',
    check: ge(1),
  },
  {
    key: 'R1 pipeline single',
    baseline: 'R1 B pipeline',
    text: 'R1 pipeline >= 10x B pipeline (end to end)',
    check: ge(10),
  },
  {
    key: 'R3 pipeline single',
    baseline: 'R3 B pipeline',
    text: 'R3 pipeline >= 10x B pipeline (end to end)',
    check: ge(10),
  },
  {
    key: 'R1 pipeline single',
    baseline: 'R1 B consume',
    text: 'R1 pipeline >= 10x B consume alone (stricter)',
    check: ge(10),
  },
  {
    key: 'R3 pipeline single',
    baseline: 'R3 B consume',
    text: 'R3 pipeline >= 10x B consume alone (stricter)',
    check: ge(10),
  },
  { key: 'R1 webhook', text: 'R1 webhook >= 10,000 stored/s', check: (v) => v >= 10_000 },
  // issue 18
  { key: 'R1 webhook', baseline: 'R1 A publish', text: 'R1 webhook >= 1.0x A publish', check: ge(1) },
  {
    key: 'R3 pipeline single',
    baseline: 'R3 A publish',
    text: 'R3 pipeline >= 1.2x A publish',
    check: ge(1.2),
  },
  {
    key: 'R1 pipeline single',
    baseline: 'R1 A publish',
    text: 'R1 pipeline >= 1.4x A publish',
    check: ge(1.4),
  },
  {
    key: 'R1 pipeline run',
    baseline: 'R1 pipeline single',
    text: 'R1 pipeline run >= 0.95x pipeline single',
    check: ge(0.95),
  },
  {
    key: 'R3 pipeline run',
    baseline: 'R3 pipeline single',
    text: 'R3 pipeline run >= 0.95x pipeline single',
    check: ge(0.95),
  },
  {
    key: 'R1 webhook',
    baseline: 'R1 A publish',
    metric: 'cpuNode',
    text: 'R1 webhook Node CPU µs/event <= 2x A publish',
    check: (v, b) => b !== undefined && v <= 2 * b,
  },
  {
    key: 'R1 webhook latency@1000 p99',
    baseline: 'R1 A latency@1000 p99',
    text: 'R1 webhook p99 @1000/s <= A p99 + 5 ms',
    check: (v, b) => b !== undefined && v <= b + 5,
  },
  {
    key: 'R1 pipeline latency@1000 p99',
    baseline: 'R1 A latency@1000 p99',
    text: 'R1 p99 @1000/s <= A p99 + 5 ms',
    check: (v, b) => b !== undefined && v <= b + 5,
  },
  { key: 'R1 pipeline a&&b', text: 'R1 a&&b >= 2,000 firings/s', check: (v) => v >= 2000 },
  { key: 'R1 scale idleRssMb', text: '1,000 triggers idle RSS <= 300 MB', check: (v) => v <= 300 },
  { key: 'R1 scale readyMs', text: '1,000 triggers ready <= 30 s', check: (v) => v <= 30_000 },
];

// OTEL_EXPORTER_OTLP_ENDPOINT (and the sampler variables) measure the pipeline with tracing on
const tracing = tracingConfig(process.env);
if (tracing) {
  await startTracing(tracing);
  process.stderr.write(`tracing on: ${tracing.tracesUrl}, ${tracing.sampler} ${tracing.ratio}\n`);
}

const buses: BenchBus[] = [];
try {
  process.stderr.write(`jetflow bench (${quick ? 'quick' : 'full'}, ${reps} repetition(s))\n`);
  const r1 = await startBenchBus(1);
  buses.push(r1);
  const r3 = await startBenchBus(3);
  buses.push(r3);
  await warmUp(r1);
  for (let i = 0; i < reps; i++) {
    process.stderr.write(`repetition ${i + 1}\n`);
    await throughput(r1);
    await throughput(r3);
    await latency(r1);
    await run(r1, 'webhook', 'stored/s', async () => (await webhookIngest(r1, N.hookSec)).rate);
    await run(r1, 'webhook no-keepalive', 'stored/s', async () => {
      return (await webhookIngest(r1, N.hookSec, false)).rate;
    });
    await run(r1, 'webhook latency@1000', 'ms', () => webhookLatency(r1, 1000, N.latSec));
    await run(r1, 'kafka source', 'events/s', () => kafkaIngest(r1, N.kafka));
  }
  // one repetition: it is the slowest case and its figures are sizes, not rates
  await run(r1, 'scale', 'ms | MB | exec/s', async () => ({ ...(await scale(r1, 100, 10, N.scaleEvents)) }));
  const table = markdown(results, baselines, targets);
  const env = machine(r1.version);
  const file = writeJson({
    quick,
    reps,
    sizes: N,
    machine: env,
    seconds: (Date.now() - started) / 1000,
    figures: [...results.figures.values()],
    baselines,
    table,
  });
  console.log(
    `# jetflow bench ${quick ? '(quick)' : ''}\n\n${JSON.stringify(env)}\n\n${table}\n\nJSON: ${file}`,
  );
  if (saved) console.log(`\n${compareTable([...results.figures.values()], saved, compareWith!)}`);
} finally {
  for (const b of buses) await b.stop();
}
