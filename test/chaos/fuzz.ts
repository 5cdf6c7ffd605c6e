/**
 * Fuzz driver: random and mutated inputs against the YAML loader, the expression, path, template and
 * source-filter engines, RE2 and the Lua sandbox. A "crash" is a thrown value that is not one of the
 * engines' own errors (TypeError, RangeError from a blown stack, a non-Error): those are bugs. A "hang"
 * is one synchronous call over {@link SLOW_MS}. Run: `node --import tsx test/chaos/fuzz.ts [--full]`.
 * @module
 */
import { loadText } from '../../src/api/index.js';
import { compileExpr, compileRe2 } from '../../src/sensors/expr/index.js';
import { getPath, setPath } from '../../src/sensors/path/index.js';
import { renderTemplate } from '../../src/sensors/template/index.js';
import { compileSourceFilter } from '../../src/sources/filter/index.js';
import { ScriptSandbox } from '../../src/sensors/transform/index.js';

/** One synchronous call slower than this counts as a hang. */
export const SLOW_MS = 1000;

export interface FuzzFinding {
  engine: string;
  input: string;
  error: string;
  ms: number;
}

export interface FuzzReport {
  iterations: number;
  perEngine: Record<string, number>;
  /** Up to 5 samples per engine. */
  crashes: FuzzFinding[];
  /** Crashes per engine (all of them). */
  crashCount: Record<string, number>;
  hangs: FuzzFinding[];
  luaRuns: number;
  ms: number;
}

const SEEDS: Record<string, string[]> = {
  yaml: [
    'apiVersion: argoproj.io/v1alpha1\nkind: Sensor\nmetadata: {name: s}\nspec:\n  dependencies: [{name: d, eventSourceName: e, eventName: x}]\n  triggers: [{template: {name: t, log: {}}}]\n',
    'apiVersion: argoproj.io/v1alpha1\nkind: EventSource\nmetadata: {name: w}\nspec:\n  webhook:\n    ex: {port: "12000", endpoint: /x, method: POST}\n',
    'a: &x [1, 2]\nb: *x\n---\nkind: EventBus\nspec: {jetstream: {version: latest}}\n',
  ],
  expr: ['a > 1 && b == "x"', '(a + 2) * 3 >= c || !d', 'a =~ "^x.*"', 'a ? b : c', 'a in (1, 2, 3)'],
  path: ['a.b.c', 'a.#.b', 'a|@reverse', 'friends.#(age>45)#.last', 'a\\.b', '..0', '@this'],
  template: [
    '{{ .Input.body.x }}',
    '{{ if eq .a 1 }}y{{ else }}n{{ end }}',
    '{{ range $i, $e := .list }}{{ $i }}{{ end }}',
    '{{ printf "%v-%d" .a 3 | upper }}',
    '{{ toJson . | b64enc }}',
  ],
  filter: [
    'body.a == 1',
    'body.x > 2 && header["X"][0] == "y"',
    'size(body.list) > 0',
    'body.s.matches("^a")',
  ],
  re2: ['^a+b$', '(a|b)*c', '[[:alpha:]]+', '(?i)x.*y', '\\d{2,5}'],
};
const ALPHABET = '{}[]()<>|&!=~?:.,"\'\\$#@*+-/%^ \n\t0123456789abcxyzTRUEnil.\u00e9\u{1F600}\u0000';
const DATA = { a: 1, b: 'x', c: [1, 2, 3], d: { e: null }, list: [1, 'two'], body: { x: 3 } };

/** Small deterministic PRNG (mulberry32) so a finding can be replayed from its seed. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function mutate(seed: string, rnd: () => number): string {
  const chars = Array.from(seed);
  const n = 1 + Math.floor(rnd() * 4);
  for (let i = 0; i < n; i++) {
    const at = Math.floor(rnd() * (chars.length + 1));
    const c = ALPHABET[Math.floor(rnd() * ALPHABET.length)]!;
    const op = rnd();
    if (op < 0.35) chars.splice(at, 0, c);
    else if (op < 0.6) chars.splice(at, 1);
    else if (op < 0.8) chars[at] = c;
    else chars.splice(at, 0, ...chars.slice(at, at + 1 + Math.floor(rnd() * 8)));
  }
  if (rnd() < 0.01) return chars.join('').repeat(1 + Math.floor(rnd() * 200));
  return chars.join('');
}

/** Errors that are the engine rejecting input (expected), not a bug. */
function isBug(e: unknown): boolean {
  if (!(e instanceof Error)) return true;
  return e instanceof TypeError || e instanceof RangeError || e instanceof ReferenceError;
}

const ENGINES: Record<string, (input: string) => void> = {
  yaml: (t) => void loadText(t, 'fuzz.yaml'),
  expr: (t) => void compileExpr(t).evaluate(DATA),
  path: (t) => {
    getPath(DATA, t);
    setPath(DATA, t, 1);
  },
  template: (t) => void renderTemplate(t, DATA),
  filter: (t) => void compileSourceFilter(t).matches({ body: DATA, header: { X: ['y'] } }),
  re2: (t) => void compileRe2(t).test('aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!'),
};

const LUA_SEEDS = [
  'return event.a == 1',
  'local t = {} for i = 1, 10 do t[i] = i end return #t > 2',
  'return string.find(event.b, "x") ~= nil',
];

/** Run `iterations` inputs (about 1 in 200 also through the Lua sandbox). */
export async function runFuzz(iterations: number, seed = 1): Promise<FuzzReport> {
  const rnd = prng(seed);
  const names = Object.keys(ENGINES);
  const report: FuzzReport = {
    iterations,
    perEngine: {},
    crashes: [],
    crashCount: {},
    hangs: [],
    luaRuns: 0,
    ms: 0,
  };
  const started = Date.now();
  const sandbox = new ScriptSandbox({ timeoutMs: 500, maxInstructions: 200_000 });
  try {
    for (let i = 0; i < iterations; i++) {
      const engine = names[i % names.length]!;
      const seeds = SEEDS[engine]!;
      const input = rnd() < 0.05 ? randomText(rnd) : mutate(seeds[Math.floor(rnd() * seeds.length)]!, rnd);
      report.perEngine[engine] = (report.perEngine[engine] ?? 0) + 1;
      const t0 = performance.now();
      try {
        ENGINES[engine]!(input);
      } catch (e) {
        if (isBug(e)) record(report, { engine, input, error: String(e), ms: performance.now() - t0 });
      }
      const ms = performance.now() - t0;
      if (ms > SLOW_MS && report.hangs.length < 50) report.hangs.push({ engine, input, error: 'slow', ms });
      if (i % 200 === 0) {
        const program = mutate(LUA_SEEDS[Math.floor(rnd() * LUA_SEEDS.length)]!, rnd);
        report.luaRuns++;
        await sandbox.run('lua-filter', program, DATA).catch((e: unknown) => {
          if (!(e instanceof Error) || e.name !== 'SandboxError')
            record(report, { engine: 'lua', input: program, error: String(e), ms: 0 });
        });
      }
    }
  } finally {
    await sandbox.close();
  }
  report.ms = Date.now() - started;
  return report;
}

function record(report: FuzzReport, f: FuzzFinding): void {
  const n = (report.crashCount[f.engine] = (report.crashCount[f.engine] ?? 0) + 1);
  if (n <= 5) report.crashes.push(f);
}

function randomText(rnd: () => number): string {
  const n = Math.floor(rnd() * 64);
  let s = '';
  for (let i = 0; i < n; i++) s += ALPHABET[Math.floor(rnd() * ALPHABET.length)];
  return s;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const full = process.argv.includes('--full');
  const report = await runFuzz(full ? 1_000_000 : 20_000, Number(process.env.FUZZ_SEED ?? 1));
  console.log(JSON.stringify(report, null, 2));
  process.exitCode = report.crashes.length || report.hangs.length ? 1 : 0;
}
