import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { compareTable, loadSavedRun } from './compare.js';
import { cpuPerEvent, type Figure } from './report.js';

const fig = (key: string, unit: string, runs: number[], node = 50, servers = 25): Figure => ({
  key,
  unit,
  runs,
  cpu: runs.map(() => ({ node, servers })),
});

describe('bench compare', () => {
  it('CPU µs per event is the CPU share over the rate, for rate figures only', () => {
    // 50 % of a core at 10,000/s = 50 µs per event
    assert.deepEqual(cpuPerEvent(fig('R1 A publish', 'events/s', [10_000])), { node: 50, servers: 25 });
    assert.equal(cpuPerEvent(fig('R1 A latency@1000 p99', 'ms', [3])), undefined);
    assert.equal(cpuPerEvent(fig('R1 scale readyMs', 'ms | MB | exec/s', [3])), undefined);
  });

  it('prints new/old ratios and a verdict that knows latencies are better when lower', () => {
    const saved = {
      figures: [
        fig('R1 webhook', 'stored/s', [5000]),
        fig('R1 A latency@1000 p99', 'ms', [10]),
        fig('R1 gone', 'events/s', [1]),
      ],
    };
    const now = [fig('R1 webhook', 'stored/s', [7500], 60), fig('R1 A latency@1000 p99', 'ms', [20])];
    const table = compareTable(now, saved, 'old.json');
    const row = (k: string) => table.split('\n').find((l) => l.startsWith(`| ${k} |`))!;
    assert.match(row('R1 webhook'), /\| 5000 \| 7500 \| 1\.50x \| 100 → 80\.00 \| better \|/);
    assert.match(row('R1 A latency@1000 p99'), /\| 2\.00x \|.*\*\*worse\*\* \|/);
    assert.match(table, /Not run this time: R1 gone\./);
  });

  it('refuses a file that is not a bench result, naming it', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'jetflow-compare-'));
    const file = path.join(dir, 'x.json');
    await writeFile(file, '{"nope":1}');
    assert.throws(() => loadSavedRun(file), /x\.json: not a bench result/);
    assert.throws(() => loadSavedRun(path.join(dir, 'missing.json')), /missing\.json: cannot read/);
  });
});
