/**
 * `jetflow bus up|status|down` as a user runs them (separate processes): up in the foreground, status and
 * down from elsewhere, down after the supervisor was killed (servers stopped by their pids), bad input.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { readBusState, stopBusByState } from '../../src/bus/local/index.js';
import { projectRoot, waitFor } from '../harness/index.js';
import { assertAllDead, tempDataDir } from './bus-local-helpers.js';

const CLI = ['--import', 'tsx', path.join(projectRoot, 'src/cli/main.ts')];
let dir: string;
let busFile: string;
const started: ChildProcess[] = [];
const serverPids = new Set<number>();
/** Runs that need no bus, started early so their start-up overlaps the rest. */
let badRuns: Run[];

interface Run {
  proc: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exit: Promise<number | null>;
}

function cli(args: string[]): Run {
  const proc = spawn(process.execPath, [...CLI, ...args], {
    cwd: projectRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.push(proc);
  let out = '';
  let err = '';
  proc.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exit = new Promise<number | null>((r) => proc.once('close', (code) => r(code)));
  return { proc, stdout: () => out, stderr: () => err, exit };
}

async function upAndReady(): Promise<Run> {
  const up = cli(['bus', 'up', '-f', busFile, '--data-dir', dir]);
  await waitFor(() => up.stdout().includes('Stop with Ctrl-C') || up.proc.exitCode !== null, {
    timeout: 60_000,
    message: 'bus up',
  });
  assert.match(up.stdout(), /EventBus cli is ready: 1 node\(s\), nats-server \d/, up.stderr());
  for (const n of (await readBusState(dir, 'cli'))!.nodes) serverPids.add(n.pid!);
  return up;
}

before(
  async () => {
    dir = await tempDataDir();
    busFile = path.join(dir, 'bus.yaml');
    await writeFile(
      busFile,
      'apiVersion: argoproj.io/v1alpha1\nkind: EventBus\nmetadata:\n  name: cli\nspec:\n  jetstream:\n    version: latest\n    replicas: 1\n',
    );
    const bad = path.join(dir, 'bad.yaml');
    await writeFile(
      bad,
      'apiVersion: argoproj.io/v1alpha1\nkind: EventBus\nmetadata:\n  name: bad\nspec:\n  jetstream:\n    version: latest\n    replicas: 0\n',
    );
    badRuns = [
      cli(['bus', 'up', '-f', bad, '--data-dir', dir]),
      cli(['bus', 'down', '--data-dir', dir, '--name', 'nope']),
    ];
  },
  { timeout: 120_000 },
);

after(
  async () => {
    // Whatever a failed test left running: stop it the way `bus down` does, then make sure.
    await stopBusByState(dir, 'cli', { timeoutMs: 10_000 });
    for (const p of started) if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
    if (serverPids.size) await assertAllDead(serverPids);
    await rm(dir, { recursive: true, force: true });
  },
  { timeout: 120_000 },
);

describe('jetflow bus', { timeout: 120_000 }, () => {
  it('up prints where to connect; status tells the truth; down stops it cleanly', async () => {
    const up = await upAndReady();
    assert.match(up.stdout(), new RegExp(`credentials: +${dir}/bus/cli/auth/client-auth\\.yaml`));
    assert.match(up.stdout(), new RegExp(`CA: +${dir}/bus/cli/certs/ca-cert\\.pem`));
    assert.match(up.stdout(), /client URLs: +nats:\/\/127\.0\.0\.1:\d+/);

    const status = cli(['bus', 'status', '--data-dir', dir, '--output', 'json']);
    assert.equal(await status.exit, 0, status.stderr());
    const s = JSON.parse(status.stdout());
    assert.equal(s.ready, true);
    assert.equal(s.supervisorRunning, true);
    assert.equal(s.nodes[0].probe.healthy, true);

    const down = cli(['bus', 'down', '--data-dir', dir]);
    assert.equal(await down.exit, 0, down.stderr());
    assert.match(down.stdout(), /EventBus cli: supervisor stopped/);
    assert.equal(await up.exit, 0, up.stderr());
    assert.match(up.stdout(), /EventBus cli stopped/);
    await assertAllDead(serverPids);

    const state = (await readBusState(dir, 'cli'))!;
    assert.ok(state.stoppedAt, 'the state records the stop');
    assert.ok(state.nodes.every((n) => n.pid === null));
  });

  it('down stops the servers by pid when the supervisor died; up takes over a stale lock', async () => {
    const up = await upAndReady();
    up.proc.kill('SIGKILL');
    await up.exit;
    const status = cli(['bus', 'status', '--data-dir', dir]);
    assert.equal(await status.exit, 0, 'the servers still serve');
    assert.match(status.stdout(), /supervisor pid \d+: not running/);

    const down = cli(['bus', 'down', '--data-dir', dir]);
    assert.equal(await down.exit, 0, down.stderr());
    assert.match(down.stdout(), /stopped nats-server pids \d+/);
    await assertAllDead(serverPids);
  });

  it('bad input: a clear message and exit code 1', async () => {
    const [up, none] = badRuns;
    assert.equal(await up.exit, 1);
    assert.match(up.stderr(), /bad\.yaml:8:\d+: spec\.jetstream\.replicas: expected replicas >= 1, found 0/);
    assert.equal(await none.exit, 1);
    assert.match(none.stderr(), /no EventBus nope has run under/);
  });
});
