/**
 * The chaos suite: `node --import tsx test/chaos/run.ts [--full] [--only NAME,…]`. Prints a table and
 * writes test-artifacts/chaos-<short|full>.json; exits 1 when an accepted event was lost, a repeat
 * changed its event id or idempotency key, or a scenario failed.
 * @module
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { projectRoot } from '../harness/index.js';
import { killBusNodes, killProcesses, purgeWhenFull, sinkDown } from './faults.js';
import { brokerKill } from './broker-kill.js';
import { STAND_INS } from './brokers.js';
import { runKill } from './run-kill.js';
import { runScenario, type ScenarioReport, type ScenarioSpec } from './scenario.js';

/** The scenarios of a short (`npm test`) or full run. */
export function scenarios(full: boolean): ScenarioSpec[] {
  const n = (short: number, long: number) => (full ? long : short);
  const base = { replicas: 3, concurrency: 8, retrySteps: 8 };
  return [
    { ...base, name: 'bus-node-kill', events: n(300, 5000), fault: killBusNodes(n(2, 10), n(800, 2000)) },
    { ...base, name: 'process-kill', events: n(300, 5000), fault: killProcesses(n(1, 5), n(800, 2000)) },
    // the same fault for the broker sources (issue 19): only the source is killed, the broker lives on
    ...Object.keys(STAND_INS).map((broker) => ({
      ...base,
      name: `process-kill/${broker}`,
      events: n(300, 5000),
      fault: async () => undefined, // the runner kills the source itself
      runner: brokerKill(broker, n(3, 8)),
    })),
    {
      ...base,
      name: 'stream-full',
      events: n(150, 2000),
      streamConfig: `replicas: 3\nmaxMsgs: ${n(40, 200)}\ndiscard: 1`,
      fault: purgeWhenFull,
    },
    { ...base, name: 'trigger-down', events: n(200, 3000), retrySteps: 3, fault: sinkDown(n(3000, 15_000)) },
    {
      ...base,
      name: 'run-kill',
      replicas: 1,
      events: n(300, 5000),
      fault: async () => undefined, // the runner kills the whole process itself
      runner: runKill(n(1, 3)),
    },
  ];
}

/**
 * The one scenario of `npm test` (test/integration/chaos-short.test.ts, < 60 s): one R3 bus, two bus
 * node kills, then one sensor and one source kill; meanwhile the trigger endpoint is down for 3 s.
 */
export function combinedScenario(): ScenarioSpec {
  return {
    name: 'combined-short',
    events: 300,
    concurrency: 4,
    replicas: 3,
    retrySteps: 3,
    fault: async (ctx) => {
      const kills = async () => {
        await killBusNodes(2, 300)(ctx);
        await killProcesses(1, 300)(ctx);
      };
      await Promise.all([kills(), sinkDown(3000)(ctx)]);
    },
  };
}

/** A report failed when it lost an accepted event, changed an id on a repeat, or errored. */
export function failed(r: ScenarioReport): boolean {
  return r.lost > 0 || r.idMismatches > 0 || r.error !== undefined || r.accepted === 0;
}

/** `--only process-kill` selects `process-kill` and its broker variants `process-kill/<broker>`. */
export function selected(name: string, only: string[]): boolean {
  return only.includes(name) || only.includes(name.split('/')[0]!);
}

/** Run the selected scenarios one after the other and write the JSON report. */
export async function runChaos(full: boolean, only?: string[]): Promise<ScenarioReport[]> {
  const reports: ScenarioReport[] = [];
  for (const spec of scenarios(full)) {
    if (only && !selected(spec.name, only)) continue;
    const r = await (spec.runner ?? runScenario)(spec);
    reports.push(r);
    process.stderr.write(`chaos: ${spec.name} done in ${r.ms} ms${r.error ? ` (error: ${r.error})` : ''}\n`);
  }
  const dir = path.join(projectRoot, 'test-artifacts');
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, `chaos-${full ? 'full' : 'short'}.json`), JSON.stringify(reports, null, 2));
  return reports;
}

/** The report table, one row per scenario. */
export function table(reports: ScenarioReport[]): string {
  const head = [
    'scenario',
    'sent',
    'accepted',
    'delivered',
    'dlq',
    'lost',
    'dups',
    'dup%',
    'idMismatch',
    'refused',
  ];
  const rows = reports.map((r) => [
    r.name,
    r.sent,
    r.accepted,
    r.delivered,
    r.toDlq,
    r.lost,
    r.duplicates,
    (r.duplicateShare * 100).toFixed(2),
    r.idMismatches,
    r.refusals,
  ]);
  const lines = [head, ...rows].map((cols) => cols.map((c, i) => String(c).padEnd(i ? 10 : 31)).join(' '));
  for (const r of reports) {
    for (const [k, v] of Object.entries(r.recoveryMs))
      lines.push(`  ${r.name} recovery ${k}: n=${v.count} max=${v.max} ms mean=${v.mean} ms`);
    for (const [k, v] of Object.entries(r.figures ?? {})) lines.push(`  ${r.name} ${k}: ${v}`);
  }
  return lines.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const full = process.argv.includes('--full');
  const i = process.argv.indexOf('--only');
  const only = i > 0 ? process.argv[i + 1]?.split(',') : undefined;
  const reports = await runChaos(full, only);
  console.log(table(reports));
  process.exitCode = reports.some(failed) ? 1 : 0;
}
