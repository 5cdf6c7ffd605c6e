/**
 * `jetflow test SENSOR.yaml --event EVENT.json`: evaluate a sample event against a Sensor without a bus
 * and print, per dependency, each filter's verdict and reason, and per trigger whether it would fire and
 * its template after parameters. Exit 0 when some trigger would fire, 1 when none would (or on bad input).
 * @module
 */
import { readFile } from 'node:fs/promises';
import { Option } from 'commander';
import { formatIssue, loadResources, type Sensor } from '../../api/index.js';
import {
  dryRun,
  eventFromData,
  parseCloudEvent,
  sharedSandbox,
  SensorEvent,
  type DryRunReport,
} from '../../sensors/index.js';
import type { RegisterCommand } from './types.js';

export interface TestOpts {
  event: string;
  dependency?: string;
  sensor?: string;
  time?: string;
  output: 'text' | 'json';
}

export const registerTest: RegisterCommand = (program, setExitCode) => {
  program
    .command('test')
    .description('evaluate a sample event against a Sensor (no bus needed)')
    .argument('<sensor-file>', 'YAML/JSON file with the Sensor')
    .requiredOption('-e, --event <file>', 'a CloudEvent JSON, or just its data with --dependency')
    .option(
      '-d, --dependency <name>',
      'evaluate only this dependency (the event file may then be just the data)',
    )
    .option('-s, --sensor <name>', 'which Sensor, when the file holds several')
    .option('-t, --time <time>', 'event time: RFC 3339, or HH:MM[:SS] today in UTC')
    .addOption(new Option('-o, --output <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(async (file: string, opts: TestOpts) => setExitCode(await runTestCommand(file, opts)));
};

/** Where the command writes: stdout for the report, stderr for errors. */
export interface TestOutput {
  out(text: string): void;
  err(text: string): void;
}

const STDIO: TestOutput = {
  out: (t) => void process.stdout.write(t),
  err: (t) => void process.stderr.write(t),
};

/** The command itself (exported for tests): returns the exit code. */
export async function runTestCommand(file: string, opts: TestOpts, io: TestOutput = STDIO): Promise<number> {
  const fail = (message: string, details: string[] = []): number => {
    io.err(`error: ${message}\n`);
    for (const d of details) io.err(`  ${d}\n`);
    return 1;
  };
  const loaded = await loadResources([file]);
  const sensors = loaded.documents.filter(
    (d) => d.kind === 'Sensor' && (!opts.sensor || d.name === opts.sensor),
  );
  if (sensors.length !== 1) {
    const what = sensors.length
      ? `several Sensors (${sensors.map((d) => d.name).join(', ')}); choose one with --sensor`
      : 'no Sensor';
    return fail(`${file}: ${what}`, loaded.errors.map(formatIssue));
  }
  const doc = sensors[0]!;
  if (!doc.resource)
    return fail(
      `Sensor ${doc.name} is invalid`,
      doc.issues.filter((i) => i.severity === 'error').map(formatIssue),
    );
  const sensor = doc.resource as Sensor;
  let event: SensorEvent;
  try {
    event = await readEvent(sensor, opts);
  } catch (err) {
    return fail((err as Error).message);
  }
  const report = await dryRun(sensor, event, sharedSandbox(), opts.dependency);
  io.out(opts.output === 'json' ? `${JSON.stringify(report, null, 2)}\n` : printable(report));
  return report.wouldFire ? 0 : 1;
}

async function readEvent(sensor: Sensor, opts: TestOpts): Promise<SensorEvent> {
  const text = await readFile(opts.event, 'utf8');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new Error(`${opts.event}: not valid JSON: ${(err as Error).message}`);
  }
  const dep = opts.dependency ? sensor.spec.dependencies.find((d) => d.name === opts.dependency) : undefined;
  if (opts.dependency && !dep) throw new Error(`the Sensor has no dependency "${opts.dependency}"`);
  const isCloudEvent =
    value !== null &&
    typeof value === 'object' &&
    typeof (value as { specversion?: unknown }).specversion === 'string';
  let event: SensorEvent;
  if (isCloudEvent) event = parseCloudEvent(text);
  else if (dep) event = eventFromData(dep, value);
  else
    throw new Error(
      `${opts.event} is not a CloudEvent (no "specversion"); pass --dependency NAME to use it as that dependency's data`,
    );
  if (opts.time)
    event = new SensorEvent(
      { ...event.context, time: parseTime(opts.time) },
      event.dataText,
      event.extensions,
    );
  return event;
}

function parseTime(t: string): string {
  const clock = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(t);
  if (clock) {
    const d = new Date();
    d.setUTCHours(Number(clock[1]), Number(clock[2]), Number(clock[3] ?? 0), 0);
    return d.toISOString();
  }
  const ms = Date.parse(t);
  if (Number.isNaN(ms))
    throw new Error(`--time ${JSON.stringify(t)}: expected RFC 3339 (2024-05-01T23:30:00Z) or HH:MM[:SS]`);
  return new Date(ms).toISOString();
}

const mark = (pass: boolean) => (pass ? 'PASS' : 'FAIL');

function printable(r: DryRunReport): string {
  const out: string[] = [];
  const e = r.event;
  out.push(
    `event ${e.id}: source=${e.source} subject=${e.subject} type=${e.type || '-'} time=${e.time || '-'}`,
    '',
  );
  for (const d of r.dependencies) {
    out.push(
      `dependency ${d.dependency} (${d.eventSourceName}/${d.eventName}): ${d.matched ? mark(d.passed) : 'not this event'}`,
    );
    if (!d.matched) {
      out.push(`  ${d.reason}`);
      continue;
    }
    if (d.transform)
      out.push(
        `  transform: ${d.transform.error ? `error: ${d.transform.error}` : d.transform.applied ? `→ ${JSON.stringify(d.transform.data)}` : 'no data'}`,
      );
    out.push(`  filters: ${d.reason}${d.filters?.error ? ` (error: ${d.filters.error})` : ''}`);
    for (const k of d.filters?.kinds ?? []) {
      out.push(
        `    ${k.kind.padEnd(7)} ${mark(k.pass)}  ${k.reason}${k.error ? ` (error: ${k.error})` : ''}`,
      );
      for (const i of k.items ?? []) out.push(`      [${i.index}] ${mark(i.pass)}  ${i.reason}`);
    }
  }
  out.push('');
  for (const t of r.triggers) {
    out.push(
      `trigger ${t.trigger} (${t.type ?? 'no type'}): ${t.wouldFire ? 'WOULD FIRE' : 'would not fire'}`,
    );
    out.push(
      `  conditions: ${t.conditions}${t.stateful ? ' (needs stored partial events)' : ''}`,
      `  ${t.reason}`,
    );
    if (t.error) out.push(`  error: ${t.error}`);
    if (t.template !== undefined)
      out.push(
        '  template after parameters:',
        ...JSON.stringify(t.template, null, 2)
          .split('\n')
          .map((l) => `    ${l}`),
      );
    if (t.payload !== undefined) out.push(`  payload: ${t.payload}`);
    if (t.resource !== undefined)
      out.push(
        '  resource after parameters:',
        ...JSON.stringify(t.resource, null, 2)
          .split('\n')
          .map((l) => `    ${l}`),
      );
  }
  out.push('', r.wouldFire ? 'some trigger would fire' : 'no trigger would fire');
  return `${out.join('\n')}\n`;
}
