/**
 * Measurement helpers: CPU of this process and of the nats-servers over a case, percentiles, summaries
 * over repetitions, and the paced sender used by the latency cases.
 */
import { readFileSync } from 'node:fs';

/** CPU time of the benchmark process and the servers over one case, in % of one core. */
export interface CpuShare {
  node: number;
  servers: number;
}

/** utime+stime of `pid` in seconds (0 when it is gone). Clock ticks are 100 Hz on Linux. */
function procCpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) / 100; // fields 14 and 15 of stat(5)
  } catch {
    return 0;
  }
}

/** Start measuring CPU; the returned function gives the share since the start. */
export function cpuMeter(pids: number[]): () => CpuShare {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const s0 = pids.map(procCpuSeconds);
  return () => {
    const wall = (performance.now() - t0) / 1000;
    const c = process.cpuUsage(c0);
    const servers = pids.map(procCpuSeconds).reduce((a, v, i) => a + v - s0[i]!, 0);
    const pct = (s: number) => Math.round((s / wall) * 100);
    return { node: pct((c.user + c.system) / 1e6), servers: pct(servers) };
  };
}

/** The p-th percentile (0..100) of sorted `xs`. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

/** min / median / max of repetitions. */
export interface Spread {
  min: number;
  median: number;
  max: number;
  runs: number[];
}

export function spread(runs: number[]): Spread {
  const s = [...runs].sort((a, b) => a - b);
  return { min: s[0] ?? NaN, median: percentile(s, 50), max: s[s.length - 1] ?? NaN, runs };
}

/**
 * Call `send(i)` at `rate` per second for `seconds`, catching up in bursts when the timer is late
 * (timers fire at ~1 ms granularity, so 5,000/s means ~5 per tick).
 */
export async function paced(rate: number, seconds: number, send: (i: number) => void): Promise<number> {
  const total = Math.round(rate * seconds);
  const t0 = performance.now();
  let sent = 0;
  while (sent < total) {
    const due = Math.min(total, Math.floor(((performance.now() - t0) / 1000) * rate) + 1);
    while (sent < due) send(sent++);
    await new Promise((r) => setTimeout(r, 1));
  }
  return total;
}

/** Resolve when `cond()` holds, polling every 5 ms; reject after `timeoutMs`. */
export async function until(cond: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Latency summary in ms from raw samples. */
export function latencySummary(samples: number[]): { p50: number; p99: number; p999: number } {
  const s = [...samples].sort((a, b) => a - b);
  const r = (x: number) => Math.round(x * 100) / 100;
  return { p50: r(percentile(s, 50)), p99: r(percentile(s, 99)), p999: r(percentile(s, 99.9)) };
}
