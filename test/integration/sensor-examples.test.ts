/**
 * Every upstream Sensor example loads and `jetflow test` runs on it with a sample event; a few known
 * outcomes are checked, and the real binary is run once per exit code.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadResources, type Sensor } from '../../src/api/index.js';
import { runTestCommand, type TestOpts } from '../../src/cli/commands/test.js';
import type { DryRunReport } from '../../src/sensors/index.js';
import { projectRoot, upstreamExamples } from '../harness/index.js';

const SENSORS = path.join(upstreamExamples, 'sensors');

async function runJson(
  file: string,
  opts: Partial<TestOpts> & { event: string },
): Promise<{ code: number; report?: DryRunReport; err: string }> {
  let out = '';
  let err = '';
  const code = await runTestCommand(
    file,
    { output: 'json', ...opts },
    { out: (t) => (out += t), err: (t) => (err += t) },
  );
  return { code, report: out ? (JSON.parse(out) as DryRunReport) : undefined, err };
}

describe('jetflow test on the upstream examples', () => {
  let dir: string;
  let sample: string;
  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'jetflow-test-cmd-'));
    sample = path.join(dir, 'data.json');
    await writeFile(
      sample,
      JSON.stringify({
        header: { 'Content-Type': ['application/json'] },
        body: { message: 'hello', name: 'foo bar', value: 51 },
      }),
    );
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('every example sensor loads and every dependency can be evaluated', async () => {
    const files = (await readdir(SENSORS)).filter((f) => /\.ya?ml$/.test(f)).sort();
    assert.ok(files.length >= 60, `found ${files.length} examples`);
    let evaluated = 0;
    for (const f of files) {
      const file = path.join(SENSORS, f);
      const docs = (await loadResources([file])).documents.filter((d) => d.kind === 'Sensor');
      assert.ok(docs.length > 0, `${f} has a Sensor`);
      for (const doc of docs) {
        assert.ok(doc.resource, `${f}: ${JSON.stringify(doc.issues)}`);
        const sensor = doc.resource as Sensor;
        for (const dep of sensor.spec.dependencies) {
          const r = await runJson(file, {
            event: sample,
            dependency: dep.name,
            sensor: sensor.metadata.name,
          });
          assert.ok(r.code === 0 || r.code === 1, `${f}/${dep.name}: exit ${r.code} ${r.err}`);
          assert.ok(r.report, `${f}/${dep.name}: no report (${r.err})`);
          assert.equal(r.report.dependencies.length, 1);
          assert.equal(r.report.triggers.length, sensor.spec.triggers.length);
          // a parameter the sample data cannot satisfy is a reported outcome, not a crash
          for (const t of r.report.triggers) if (t.error) assert.match(t.error, /^parameters: /);
          evaluated++;
        }
      }
    }
    assert.ok(evaluated >= files.length);
  });

  it('known outcomes: data filter, time filter, multi-dependency conditions, parameters', async () => {
    const data1 = await runJson(path.join(SENSORS, 'filter-with-data-simple-1.yaml'), {
      event: sample,
      dependency: 'test-dep',
    });
    assert.equal(data1.code, 0);
    const t = data1.report!.triggers[0]!.template as { k8s: { parameters: unknown[] } };
    assert.ok(t.k8s);
    const resource = data1.report!.triggers[0]!.resource as {
      spec: { arguments: { parameters: { value: string }[] } };
    };
    assert.equal(
      resource.spec.arguments.parameters[0]!.value,
      'hello',
      'k8s.parameters applied to the inline resource',
    );
    const other = path.join(dir, 'other.json');
    await writeFile(other, JSON.stringify({ body: { message: 'this is my first webhook' } }));
    const data2 = await runJson(path.join(SENSORS, 'filter-with-data-simple-1.yaml'), {
      event: other,
      dependency: 'test-dep',
    });
    assert.equal(data2.code, 1);
    assert.match(
      data2.report!.dependencies[0]!.filters!.kinds[0]!.items![0]!.reason,
      /matches none of "hello", "hey"/,
    );
    const multi = await runJson(path.join(SENSORS, 'multi-dependencies.yaml'), {
      event: sample,
      dependency: 'test-dependency-webhook',
    });
    assert.ok(multi.report!.triggers.some((tr) => tr.stateful));
  });

  it('the binary: exit 0 when a trigger would fire, 1 when none would', () => {
    const run = (args: string[]) =>
      spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'test', ...args], {
        cwd: projectRoot,
        encoding: 'utf8',
      });
    const ok = run([
      path.join(SENSORS, 'filter-with-data-simple-1.yaml'),
      '--event',
      sample,
      '--dependency',
      'test-dep',
    ]);
    assert.equal(ok.status, 0, ok.stderr);
    assert.match(ok.stdout, /WOULD FIRE/);
    assert.match(ok.stdout, /\[0\] PASS {2}body\.message = "hello" \(string\) matches \/hello\//);
    const time = run([
      path.join(SENSORS, 'filter-with-time.yaml'),
      '--event',
      sample,
      '--dependency',
      'test-dep',
      '--time',
      '05:00',
    ]);
    assert.equal(time.status, 1, time.stderr);
    assert.match(time.stdout, /time +FAIL/);
  });
});
