/** Collecting runs per figure, and the Markdown table and JSON file made from them. */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spread, type CpuShare, type Spread } from './measure.js';

export interface Figure {
  key: string;
  unit: string;
  runs: number[];
  cpu: CpuShare[];
}

/** A target: `key` compared with `baseline` (ratio) or with an absolute `bound`. */
export interface Target {
  key: string;
  text: string;
  check: (value: number, base: number | undefined) => boolean;
  baseline?: string;
  /** Compare the figures' medians (default) or their Node CPU µs per event. */
  metric?: 'median' | 'cpuNode';
}

export class Results {
  readonly figures = new Map<string, Figure>();

  add(key: string, unit: string, value: number, cpu: CpuShare): void {
    const f = this.figures.get(key) ?? { key, unit, runs: [], cpu: [] };
    f.runs.push(Math.round(value * 100) / 100);
    f.cpu.push(cpu);
    this.figures.set(key, f);
  }

  median(key: string): number | undefined {
    const f = this.figures.get(key);
    return f ? spread(f.runs).median : undefined;
  }
}

/** Case → the load generator that ran it (cases driving an external tool note it here). */
const loadGenerators = new Map<string, string>();

/** Record which external load generator a case used, for the JSON and the Markdown report. */
export function noteLoadGenerator(caseName: string, description: string): void {
  loadGenerators.set(caseName, description);
}

/** os, cpus, node, nats-server version, and the load generators that ran. */
export function machine(natsVersion: string) {
  let nats = natsVersion;
  try {
    nats = execFileSync(process.env.NATS_SERVER_BIN ?? 'nats-server', ['--version'])
      .toString()
      .trim();
  } catch {
    // keep the version the supervisor reported
  }
  const cpus = os.cpus();
  return {
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    cpus: `${cpus.length} × ${cpus[0]?.model ?? '?'}`,
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    natsServer: nats,
    loadGenerators: Object.fromEntries(loadGenerators),
  };
}

const fmt = (x: number | undefined) =>
  x === undefined || Number.isNaN(x) ? '–' : x >= 100 ? String(Math.round(x)) : x.toFixed(2);
const mmm = (s: Spread) => `${fmt(s.min)} / ${fmt(s.median)} / ${fmt(s.max)}`;
const med = (xs: number[]) => spread(xs).median;

/** Units of figures that count events per second (the scale case's mixed unit is not one). */
const RATE_UNITS = new Set(['events/s', 'msgs/s', 'executions/s', 'firings/s', 'stored/s']);

/**
 * CPU µs per event of a rate figure (unit `…/s`), per repetition: the case's CPU share (% of one core
 * over the whole case, setup included) divided by its rate. Setup is a few ms of a multi-second case,
 * so this slightly overstates the cost; it is the same for a case and its baseline.
 */
export function cpuPerEvent(f: Figure): { node: number; servers: number } | undefined {
  if (!RATE_UNITS.has(f.unit)) return undefined;
  const per = (pct: (c: CpuShare) => number) =>
    med(f.runs.map((rate, i) => (rate > 0 ? (pct(f.cpu[i]!) / 100) * (1e6 / rate) : NaN)));
  return { node: per((c) => c.node), servers: per((c) => c.servers) };
}

/** The Markdown table: every figure, its baseline and ratio, then each target and whether it was met. */
export function markdown(r: Results, baselines: Record<string, string>, targets: Target[]): string {
  const lines = [
    '| figure | unit | min / median / max | baseline | baseline median | ratio | CPU node / servers % | CPU µs/event node / servers |',
    '|---|---|---|---|---|---|---|---|',
  ];
  for (const f of r.figures.values()) {
    const b = baselines[f.key];
    const bm = b ? r.median(b) : undefined;
    const m = spread(f.runs).median;
    const cpu = `${med(f.cpu.map((c) => c.node))} / ${med(f.cpu.map((c) => c.servers))}`;
    const ratio = bm ? `${(m / bm).toFixed(2)}x` : '';
    const pe = cpuPerEvent(f);
    const us = pe ? `${fmt(pe.node)} / ${fmt(pe.servers)}` : '';
    lines.push(
      `| ${f.key} | ${f.unit} | ${mmm(spread(f.runs))} | ${b ?? ''} | ${fmt(bm)} | ${ratio} | ${cpu} | ${us} |`,
    );
  }
  lines.push('', '| target | value | met |', '|---|---|---|');
  for (const t of targets) {
    const v = targetValue(r, t.key, t.metric);
    const b = t.baseline ? targetValue(r, t.baseline, t.metric) : undefined;
    const met = v === undefined ? 'not run' : t.check(v, b) ? 'yes' : '**NO**';
    lines.push(`| ${t.text} | ${fmt(v)}${b !== undefined ? ` (baseline ${fmt(b)})` : ''} | ${met} |`);
  }
  if (loadGenerators.size > 0) lines.push('');
  for (const [c, d] of loadGenerators) lines.push(`Load generator of \`${c}\`: ${d}.`);
  return lines.join('\n');
}

function targetValue(r: Results, key: string, metric: Target['metric']): number | undefined {
  if (metric !== 'cpuNode') return r.median(key);
  const f = r.figures.get(key);
  return f ? cpuPerEvent(f)?.node : undefined;
}

/** Write bench/results/<timestamp>.json; returns its path. */
export function writeJson(data: object): string {
  const dir = path.resolve(import.meta.dirname, '../results');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify(data, null, 2));
  return file;
}
