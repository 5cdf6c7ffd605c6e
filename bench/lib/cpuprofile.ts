/**
 * Summaries of a V8 `.cpuprofile` (what `node --cpu-prof` writes): self time per file or package and
 * per function, and who calls a function. The same file opens as a flame graph in Chrome DevTools
 * (Performance → Load profile) or https://www.speedscope.app; this gives the table the bench README
 * quotes, from the command line.
 * @module
 */

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

/** The parts of the `.cpuprofile` JSON used here. */
export interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface Share {
  name: string;
  /** Percent of all sampled time (idle and GC included). */
  percent: number;
}

export interface ProfileSummary {
  totalMs: number;
  byFile: Share[];
  byFunction: Share[];
}

/** `node_modules/@scope/pkg/…` → `@scope/pkg`, `file:///…/src/x.ts` → `src/x.ts`, built-ins as named by V8. */
export function location(url: string, cwd = process.cwd()): string {
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const parts = url.slice(nm + 13).split('/');
    return parts[0]!.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!;
  }
  const prefix = `file://${cwd}/`;
  return url.startsWith(prefix) ? url.slice(prefix.length) : url;
}

function selfTimes(p: CpuProfile): { self: Map<number, number>; total: number } {
  const self = new Map<number, number>();
  let total = 0;
  for (let i = 0; i < p.samples.length; i++) {
    const d = p.timeDeltas[i] ?? 0;
    total += d;
    self.set(p.samples[i]!, (self.get(p.samples[i]!) ?? 0) + d);
  }
  return { self, total };
}

function label(cf: CallFrame, cwd: string): string {
  const where = location(cf.url, cwd);
  if (!where) return cf.functionName;
  // line 0 is also what V8 reports for code loaded through a transform (tsx): no line then
  return `${cf.functionName || '(anonymous)'} ${where}${cf.lineNumber > 0 ? `:${cf.lineNumber + 1}` : ''}`;
}

function top(m: Map<string, number>, total: number, n: number): Share[] {
  return [...m]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([name, t]) => ({ name, percent: total ? (t / total) * 100 : 0 }));
}

/** Self time by file/package and by function, the `n` largest of each. */
export function summarize(p: CpuProfile, n = 25, cwd = process.cwd()): ProfileSummary {
  const byId = new Map(p.nodes.map((x) => [x.id, x]));
  const { self, total } = selfTimes(p);
  const files = new Map<string, number>();
  const fns = new Map<string, number>();
  for (const [id, t] of self) {
    const cf = byId.get(id)!.callFrame;
    const file = location(cf.url, cwd) || cf.functionName;
    files.set(file, (files.get(file) ?? 0) + t);
    const fn = label(cf, cwd);
    fns.set(fn, (fns.get(fn) ?? 0) + t);
  }
  return { totalMs: total / 1000, byFile: top(files, total, n), byFunction: top(fns, total, n) };
}

/** Self time of functions named like `pattern`, split by their chain of `depth` callers. */
export function callers(p: CpuProfile, pattern: RegExp, depth = 3, n = 15, cwd = process.cwd()): Share[] {
  const byId = new Map(p.nodes.map((x) => [x.id, x]));
  const parent = new Map<number, number>();
  for (const x of p.nodes) for (const c of x.children ?? []) parent.set(c, x.id);
  const { self, total } = selfTimes(p);
  const chains = new Map<string, number>();
  for (const [id, t] of self) {
    const node = byId.get(id)!;
    if (!pattern.test(node.callFrame.functionName)) continue;
    const chain = [label(node.callFrame, cwd)];
    for (let c = parent.get(id), k = 0; c !== undefined && k < depth; c = parent.get(c), k++)
      chain.push(label(byId.get(c)!.callFrame, cwd));
    const key = chain.join(' <- ');
    chains.set(key, (chains.get(key) ?? 0) + t);
  }
  return top(chains, total, n);
}
