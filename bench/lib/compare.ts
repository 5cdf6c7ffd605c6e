/**
 * `npm run bench -- --compare FILE.json`: every figure of this run next to the same figure of a saved
 * run (its `bench/results/*.json`), as the ratio new/old of the medians, so a regression shows at a
 * glance. Rates are better when higher, latencies (unit `ms`) when lower: the verdict column says which.
 */
import { readFileSync } from 'node:fs';
import { spread } from './measure.js';
import { cpuPerEvent, type Figure } from './report.js';

/** Below this change a figure is called unchanged: repetitions on a shared 2-core machine vary ~5–10 %. */
const NOISE = 0.1;

interface SavedRun {
  figures: Figure[];
  machine?: { cpus?: string; node?: string };
}

export function loadSavedRun(file: string): SavedRun {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`--compare ${file}: cannot read a bench result: ${(err as Error).message}`);
  }
  if (!data || !Array.isArray((data as SavedRun).figures))
    throw new Error(`--compare ${file}: not a bench result (no "figures" array)`);
  return data as SavedRun;
}

const fmt = (x: number | undefined) =>
  x === undefined || Number.isNaN(x) ? '–' : x >= 100 ? String(Math.round(x)) : x.toFixed(2);

function verdict(unit: string, ratio: number): string {
  if (!Number.isFinite(ratio) || Math.abs(ratio - 1) < NOISE) return '';
  const better = unit === 'ms' ? ratio < 1 : ratio > 1;
  return better ? 'better' : '**worse**';
}

/** The Markdown table of `now` against `saved`, figure by figure (figures of only one run are listed too). */
export function compareTable(now: Figure[], saved: SavedRun, savedName: string): string {
  const old = new Map(saved.figures.map((f) => [f.key, f]));
  const lines = [
    `Compared with ${savedName}${saved.machine?.cpus ? ` (${saved.machine.cpus}, node ${saved.machine.node})` : ''}:`,
    '',
    '| figure | unit | saved median | this run | ratio | CPU µs/event node saved → now | verdict |',
    '|---|---|---|---|---|---|---|',
  ];
  for (const f of now) {
    const o = old.get(f.key);
    const m = spread(f.runs).median;
    const om = o ? spread(o.runs).median : undefined;
    const ratio = om ? m / om : NaN;
    const pn = cpuPerEvent(f)?.node;
    const po = o ? cpuPerEvent(o)?.node : undefined;
    const cpu = pn === undefined ? '' : `${fmt(po)} → ${fmt(pn)}`;
    const r = Number.isFinite(ratio) ? `${ratio.toFixed(2)}x` : '';
    lines.push(
      `| ${f.key} | ${f.unit} | ${fmt(om)} | ${fmt(m)} | ${r} | ${cpu} | ${verdict(f.unit, ratio)} |`,
    );
  }
  const missing = saved.figures.filter((f) => !now.some((n) => n.key === f.key)).map((f) => f.key);
  if (missing.length > 0) lines.push('', `Not run this time: ${missing.join(', ')}.`);
  return lines.join('\n');
}
