/**
 * `jetflow replay` as the built CLI (`node bin/jetflow.js`, needs `npm run build`): a sequence range
 * fires, a dry run prints verdicts and fires nothing (text and JSON), a relative `--from` works, a range
 * outside the stream and a failing execution exit 1 with a clear message.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { projectRoot } from '../harness/index.js';
import { publishEvent, replaySensorYaml, SENSOR, type Published } from './replay-helpers.js';
import { startBus, type Bus } from './sensor-harness.js';
import { startHttpPeer, type HttpPeer } from './triggers-e2e-helpers.js';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function jetflow(args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['bin/jetflow.js', 'replay', ...args],
      { cwd: projectRoot, timeout: 60_000 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

describe('jetflow replay (built CLI)', () => {
  let bus: Bus;
  let peer: HttpPeer;
  let failing: HttpPeer;
  let dir: string;
  let file: string;
  let failingFile: string;
  const events: Published[] = [];
  const base = () => [SENSOR, '-f', file, '--bus-url', bus.nats.url];

  before(async () => {
    assert.ok(
      existsSync(path.join(projectRoot, 'dist/cli/commands/replay.js')),
      'run `npm run build` first: this test runs bin/jetflow.js',
    );
    bus = await startBus();
    peer = await startHttpPeer();
    failing = await startHttpPeer(500);
    dir = await mkdtemp(path.join(os.tmpdir(), 'jetflow-replay-'));
    file = path.join(dir, 'sensor.yaml');
    await writeFile(file, replaySensorYaml(peer.url));
    failingFile = path.join(dir, 'failing.yaml');
    await writeFile(
      failingFile,
      `apiVersion: argoproj.io/v1alpha1
kind: Sensor
metadata: {name: failing}
spec:
  dependencies: [{name: a, eventSourceName: rsrc, eventName: a}]
  triggers:
    - template: {name: down, http: {url: "${failing.url}/down", method: POST}}
      retryStrategy: {steps: 1}
      policy: {status: {allow: [200]}}
`,
    );
    for (let n = 1; n <= 30; n++) events.push(await publishEvent(bus.nc, 'a', n));
  });
  after(async () => {
    await peer?.close();
    await failing?.close();
    await bus?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('fires a sequence range, marked as a replay', { timeout: 60_000 }, async () => {
    const from = String(events[4]!.seq);
    const to = String(events[7]!.seq);
    const r = await jetflow([...base(), '--trigger', 'hook', '--from', from, '--to', to]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /scanned 4, matched 4, rejected 0, fired 4, failed 0/);
    const ns = peer.hits.map((h) => Number((JSON.parse(h.body) as { n: string }).n)).sort((a, b) => a - b);
    assert.deepEqual(ns, [5, 6, 7, 8]);
    assert.ok(
      peer.hits.every(
        (h) => h.headers['x-jetflow-replay'] && /:replay-/.test(String(h.headers['idempotency-key'])),
      ),
    );
  });

  it('--dry-run prints the verdicts and fires nothing', { timeout: 60_000 }, async () => {
    const before = peer.hits.length;
    const r = await jetflow([...base(), '--trigger', 'filtered', '--from', '1', '--dry-run']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(peer.hits.length, before);
    const first = r.stdout.split('\n#')[0]!;
    assert.match(first, new RegExp(`^#${events[0]!.seq} \\S+ default\\.rsrc\\.a id=${events[0]!.id}`));
    assert.match(first, /f: rejected \(.*kind.*\)/);
    assert.match(first, /→ no trigger fires/);
    assert.match(r.stdout, /f: passed .*\n {4}→ filtered would fire \(f\)/);
    assert.match(r.stdout, /\(dry run\)/);
    assert.match(r.stdout, /scanned 30, matched 15, rejected 15, would fire 15/);
    assert.match(r.stderr, /replay: 30\/30\n/, 'progress on stderr');

    const j = await jetflow([...base(), '--trigger', 'filtered', '--from', '-1h', '--dry-run', '-o', 'json']);
    assert.equal(j.code, 0, j.stderr);
    const out = JSON.parse(j.stdout) as {
      matched: number;
      fired: number;
      events: { dependencies: { passed: boolean }[] }[];
    };
    assert.equal(out.matched, 15);
    assert.equal(out.events.length, 30);
    assert.equal(out.events.filter((e) => e.dependencies[0]!.passed).length, 15);
    assert.equal(peer.hits.length, before);
  });

  it('a range outside the stream says what the stream holds', { timeout: 60_000 }, async () => {
    const r = await jetflow([...base(), '--from', '100000']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /outside the stream: the stream default holds sequences 1 \(\S+\) to \d+ \(\S+\)/);
    const unknown = await jetflow([...base(), '--trigger', 'nope', '--from', '1']);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /its triggers: hook, filtered, pair/);
  });

  it('exits 1 when an execution failed', { timeout: 60_000 }, async () => {
    const r = await jetflow([
      'failing',
      '-f',
      failingFile,
      '--bus-url',
      bus.nats.url,
      '--from',
      String(events[0]!.seq),
      '--to',
      String(events[1]!.seq),
    ]);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stdout, /fired 0, failed 2/);
    assert.equal(failing.hits.length, 2);
  });
});
