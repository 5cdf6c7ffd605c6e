/**
 * `jetflow eventsource NAME -f DIR` as a process: connects to the bus named by the files (a
 * `jetstreamExotic` EventBus) or by --bus-url, receives and stores events, serves /metrics, drains on
 * SIGINT and exits 0; exits 1 when no listener can run.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { eventSubject } from '../../../src/api/names.js';
import { freePort, projectRoot, startNats, waitFor } from '../../harness/index.js';
import { request, startBus, storedEvents, type BusFixture } from './helpers.js';

/** Every CLI process a test started: `after` kills those still running, so a failed test leaves none. */
const started = new Set<ChildProcess>();

function jetflow(
  args: string[],
  env: Record<string, string> = {},
): { proc: ChildProcess; out: () => string; exited: Promise<number | null> } {
  const proc = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(projectRoot, 'src/cli/main.ts'), ...args],
    {
      cwd: projectRoot,
      env: { ...process.env, ...env },
    },
  );
  started.add(proc);
  proc.once('exit', () => started.delete(proc));
  let out = '';
  proc.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((r) => proc.once('exit', (code) => r(code)));
  return { proc, out: () => out, exited };
}

describe('jetflow eventsource', { timeout: 90_000 }, () => {
  let bus: BusFixture;
  let dir: string;
  before(async () => {
    bus = await startBus();
    dir = await mkdtemp(path.join(os.tmpdir(), 'jetflow-es-cli-'));
  });
  after(async () => {
    for (const p of started) p.kill('SIGKILL');
    await rm(dir, { recursive: true, force: true });
    await bus?.stop();
  });

  it('runs the EventSource against the exotic bus in the files, serves metrics, drains on SIGINT', async () => {
    const port = await freePort();
    const metricsPort = await freePort();
    await writeFile(
      path.join(dir, 'resources.yaml'),
      [
        'apiVersion: argoproj.io/v1alpha1\nkind: EventBus\nmetadata: {name: default}',
        `spec:\n  jetstreamExotic:\n    url: ${bus.nats.url}\n    streamConfig: "maxAge: 1h"`,
        '---',
        'apiVersion: argoproj.io/v1alpha1\nkind: EventSource\nmetadata: {name: cli-hook}',
        `spec:\n  webhook:\n    example:\n      port: "${port}"\n      endpoint: /example\n      method: POST`,
      ].join('\n'),
    );
    const run = jetflow([
      'eventsource',
      'cli-hook',
      '-f',
      dir,
      '--metrics-port',
      String(metricsPort),
      '--log-level',
      'warn',
    ]);
    try {
      await waitFor(async () => (await request(`http://127.0.0.1:${port}/health`)).status === 200, {
        timeout: 20_000,
        message: run.out(),
      });
      const posts = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          request(`http://127.0.0.1:${port}/example`, { method: 'POST', body: JSON.stringify({ i }) }),
        ),
      );
      assert.deepEqual(new Set(posts.map((p) => p.status)), new Set([200]));
      assert.equal((await storedEvents(bus.nc, eventSubject('cli-hook', 'example'))).length, 20);
      const metrics = await request(`http://127.0.0.1:${metricsPort}/metrics`);
      assert.match(
        metrics.text,
        /argo_events_events_sent_total\{namespace="default",eventsource_name="cli-hook",event_name="example"\} 20/,
      );
      assert.match(metrics.text, /^build_info\{version="[^"]+",goversion="node[^"]+"/m);
      assert.match(metrics.text, /process_cpu_seconds_total/);
      // SIGINT in the middle of a burst: whatever was answered 200 is stored, the rest was refused
      let first!: () => void;
      const answered = new Promise<void>((r) => (first = r));
      const burst = Array.from({ length: 200 }, (_, i) =>
        request(`http://127.0.0.1:${port}/example`, {
          method: 'POST',
          body: JSON.stringify({ burst: i }),
        }).then(
          (r) => (first(), r.status),
          () => 0,
        ),
      );
      await answered;
      run.proc.kill('SIGINT');
      const statuses = await Promise.all(burst);
      assert.equal(await run.exited, 0, run.out());
      const stored = (await storedEvents(bus.nc, eventSubject('cli-hook', 'example'))).filter(
        (e) => 'burst' in (e.event.data as any).body,
      );
      assert.equal(stored.length, statuses.filter((s) => s === 200).length, `statuses ${statuses.join(',')}`);
    } finally {
      run.proc.kill('SIGINT');
    }
  });

  it('connects with --bus-url, --bus-user and $JETFLOW_BUS_PASSWORD to a password-protected bus', async () => {
    const secured = await startNats({ config: 'authorization { user: es, password: "pw-123" }' });
    try {
      const port = await freePort();
      const file = path.join(dir, 'auth.yaml');
      await writeFile(
        file,
        `apiVersion: argoproj.io/v1alpha1\nkind: EventSource\nmetadata: {name: authed}\nspec:\n  webhook:\n    ex:\n      port: "${port}"\n      endpoint: /ex\n      method: POST\n`,
      );
      const run = jetflow(
        [
          'eventsource',
          'authed',
          '-f',
          file,
          '--bus-url',
          secured.url,
          '--bus-user',
          'es',
          '--metrics-port',
          '0',
        ],
        {
          JETFLOW_BUS_PASSWORD: 'pw-123',
        },
      );
      try {
        await waitFor(async () => (await request(`http://127.0.0.1:${port}/health`)).status === 200, {
          timeout: 20_000,
          message: run.out(),
        });
        assert.equal(
          (await request(`http://127.0.0.1:${port}/ex`, { method: 'POST', body: '{}' })).status,
          200,
        );
      } catch (err) {
        throw new Error(`${(err as Error).message}\n${run.out()}`);
      } finally {
        run.proc.kill('SIGINT');
      }
      assert.equal(await run.exited, 0, run.out());
      assert.doesNotMatch(run.out(), /pw-123/, 'the password is never logged');
    } finally {
      await secured.stop();
    }
  });

  it('exits 1 when no listener can run', async () => {
    await writeFile(
      path.join(dir, 'broken.yaml'),
      'apiVersion: argoproj.io/v1alpha1\nkind: EventSource\nmetadata: {name: only-nsq}\nspec:\n  nsq:\n    k:\n      hostAddress: 127.0.0.1:1\n      topic: t\n      channel: c\n',
    );
    const run = jetflow([
      'eventsource',
      'only-nsq',
      '-f',
      path.join(dir, 'broken.yaml'),
      '--bus-url',
      bus.nats.url,
      '--metrics-port',
      '0',
    ]);
    assert.equal(await run.exited, 1, run.out());
    assert.match(run.out(), /not supported yet in jetflow/);
    assert.match(run.out(), /no active event server running/);
  });
});
