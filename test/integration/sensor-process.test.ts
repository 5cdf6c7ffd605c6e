/**
 * `jetflow sensor` as a child process: killed with SIGKILL and restarted it loses no partial state and
 * no event (at-least-once), SIGTERM drains and exits 0, and /metrics serves the sensor metrics.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { connectBus, jetstream, openKv } from '../../src/bus/index.js';
import { startLocalBus } from '../../src/bus/local/index.js';
import { eventSubject } from '../../src/api/index.js';
import { freePort, projectRoot, stopProcess } from '../harness/index.js';
import { startBus, twoDependencySensor, waitFor, type Bus } from './sensor-harness.js';

interface Child {
  proc: ChildProcess;
  lines: Record<string, any>[];
  /** Log lines of the log trigger: `eventContext.id` of every logged event. */
  loggedIds(): string[];
  processed(trigger: string): number;
}

function startChild(file: string, name: string, busUrl: string | undefined, extra: string[] = []): Child {
  const bus = busUrl ? ['--bus-url', busUrl] : [];
  const proc = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'src/cli/main.ts',
      'sensor',
      name,
      '-f',
      file,
      ...bus,
      '--metrics-port',
      '0',
      '--ack-wait',
      '2000',
      ...extra,
    ],
    { cwd: projectRoot, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const lines: Record<string, any>[] = [];
  let buf = '';
  proc.stdout!.on('data', (d: Buffer) => {
    buf += d.toString();
    const parts = buf.split('\n');
    buf = parts.pop()!;
    for (const p of parts) if (p.trim()) lines.push(JSON.parse(p) as Record<string, any>);
  });
  proc.stderr!.on('data', (d: Buffer) => process.stderr.write(d));
  return {
    proc,
    lines,
    loggedIds: () => lines.filter((l) => l.eventContext?.id).map((l) => l.eventContext.id as string),
    processed: (t) => lines.filter((l) => l.msg === `Successfully processed trigger '${t}'`).length,
  };
}

const started = (c: Child) =>
  waitFor(() => c.lines.some((l) => l.msg === 'Sensor started.'), {
    timeout: 30_000,
    message: 'Sensor started.',
  });

describe('jetflow sensor process', () => {
  let bus: Bus;
  let dir: string;
  before(async () => {
    bus = await startBus();
    dir = await mkdtemp(path.join(os.tmpdir(), 'jetflow-sensor-'));
  });
  after(async () => {
    await bus.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('SIGKILL and restart: the stored partial event survives', { timeout: 90_000 }, async () => {
    const file = path.join(dir, 'and.yaml');
    await writeFile(
      file,
      `apiVersion: argoproj.io/v1alpha1
kind: Sensor
metadata: {name: kill-and}
spec:
  dependencies:
    - {name: a, eventSourceName: kill, eventName: a}
    - {name: b, eventSourceName: kill, eventName: b}
  triggers:
    - template: {name: t, conditions: "a && b", log: {}}
`,
    );
    const first = startChild(file, 'kill-and', bus.nats.url);
    await started(first);
    const a = await bus.publish('kill', 'a', { a: 1 });
    const kv = await openKv(bus.nc, 'kill-and');
    await waitFor(async () => (await kv.get('t/a'))?.operation === 'PUT');
    await stopProcess(first.proc, 'SIGKILL');
    const second = startChild(file, 'kill-and', bus.nats.url);
    try {
      await started(second);
      const b = await bus.publish('kill', 'b', { b: 1 });
      await waitFor(() => second.processed('t') === 1, { timeout: 15_000 });
      assert.deepEqual(second.loggedIds().sort(), [a, b].sort());
    } finally {
      await stopProcess(second.proc);
    }
  });

  it(
    'SIGKILL mid-stream with atLeastOnce: every event is processed after the restart',
    { timeout: 120_000 },
    async () => {
      const file = path.join(dir, 'stream.yaml');
      await writeFile(
        file,
        `apiVersion: argoproj.io/v1alpha1
kind: Sensor
metadata: {name: kill-stream}
spec:
  dependencies: [{name: d, eventSourceName: kill, eventName: stream}]
  triggers:
    - template: {name: t, log: {}}
      atLeastOnce: true
      rateLimit: {unit: Second, requestsPerUnit: 100}
`,
      );
      const ids = await Promise.all(
        Array.from({ length: 200 }, (_, i) => bus.publish('kill', 'stream', { i })),
      );
      const first = startChild(file, 'kill-stream', bus.nats.url);
      await started(first);
      await waitFor(() => first.processed('t') >= 30, { timeout: 20_000 });
      await stopProcess(first.proc, 'SIGKILL');
      const before = new Set(first.loggedIds());
      assert.ok(before.size < ids.length, 'killed before the end');
      const second = startChild(file, 'kill-stream', bus.nats.url);
      try {
        await waitFor(() => ids.every((id) => before.has(id) || second.loggedIds().includes(id)), {
          timeout: 60_000,
          interval: 200,
        });
      } finally {
        await stopProcess(second.proc);
      }
    },
  );

  it(
    'SIGKILL mid-stream with a && b: every pair fires after the restart, never with another pair',
    { timeout: 120_000 },
    async () => {
      const file = path.join(dir, 'pairs.yaml');
      await writeFile(
        file,
        twoDependencySensor('kill-pairs', 'pairs', 'a && b', [
          'atLeastOnce: true',
          'rateLimit: {unit: Second, requestsPerUnit: 50}',
        ]),
      );
      const n = 100;
      for (let i = 0; i < n; i++) {
        await bus.publish('pairs', 'a', { i });
        await bus.publish('pairs', 'b', { i });
      }
      // the log trigger writes one line per event of a firing, a's then b's
      const firings = (c: Child) => {
        const lines = c.lines.filter((l) => l.eventContext?.source === 'pairs');
        const out: [number, number][] = [];
        for (let k = 0; k + 1 < lines.length; k += 2) {
          const [x, y] = [lines[k]!, lines[k + 1]!];
          assert.deepEqual([x.dependencyName, y.dependencyName], ['a', 'b']);
          out.push([(JSON.parse(x.msg) as { i: number }).i, (JSON.parse(y.msg) as { i: number }).i]);
        }
        return out;
      };
      const first = startChild(file, 'kill-pairs', bus.nats.url);
      await started(first);
      await waitFor(() => first.processed('t') >= 20, { timeout: 20_000 });
      await stopProcess(first.proc, 'SIGKILL');
      const before = firings(first);
      assert.ok(before.length < n, 'killed before the end');
      const second = startChild(file, 'kill-pairs', bus.nats.url);
      try {
        const fired = () => new Set([...before, ...firings(second)].map(([a]) => a));
        await waitFor(() => fired().size === n, { timeout: 60_000, interval: 200 });
        for (const [a, b] of [...before, ...firings(second)]) assert.equal(a, b, `a${a} fired with b${b}`);
      } finally {
        await stopProcess(second.proc);
      }
    },
  );

  it('SIGTERM drains and exits 0; /metrics serves the sensor metrics', { timeout: 60_000 }, async () => {
    const file = path.join(dir, 'metrics.yaml');
    await writeFile(
      file,
      `apiVersion: argoproj.io/v1alpha1
kind: Sensor
metadata: {name: e2e-log-metrics, namespace: argo-events}
spec:
  dependencies: [{name: test-dep, eventSourceName: metrics, eventName: example}]
  triggers: [{template: {name: log-trigger, log: {}}}]
`,
    );
    const port = await freePort();
    const child = startChild(file, 'e2e-log-metrics', bus.nats.url, ['--metrics-port', String(port)]);
    await started(child);
    await bus.publish('metrics', 'example', {});
    await waitFor(() => child.processed('log-trigger') === 1);
    const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    assert.match(
      text,
      /argo_events_action_triggered_total\{namespace="argo-events",sensor_name="e2e-log-metrics",trigger_name="log-trigger"\} 1/,
    );
    assert.match(text, /argo_events_action_duration_milliseconds_count/);
    assert.match(text, /argo_events_action_failed_total/);
    assert.match(text, /build_info\{/);
    const exited = new Promise<number | null>((r) => child.proc.once('exit', (code) => r(code)));
    child.proc.kill('SIGTERM');
    assert.equal(await exited, 0);
    assert.ok(child.lines.some((l) => l.msg === 'Sensor stopped.'));
  });

  it(
    'finds a local jetstream EventBus from its state under --data-dir (TLS, generated credentials)',
    { timeout: 90_000 },
    async () => {
      const dataDir = path.join(dir, 'data');
      const local = await startLocalBus({
        name: 'default',
        dataDir,
        spec: { version: 'latest', replicas: 1 },
      });
      const file = path.join(dir, 'local.yaml');
      await writeFile(
        file,
        `apiVersion: argoproj.io/v1alpha1
kind: EventBus
metadata: {name: default}
spec: {jetstream: {version: latest}}
---
apiVersion: argoproj.io/v1alpha1
kind: Sensor
metadata: {name: local-bus}
spec:
  dependencies: [{name: d, eventSourceName: local, eventName: ev}]
  triggers: [{template: {name: log-trigger, log: {}}}]
`,
      );
      const child = startChild(file, 'local-bus', undefined, ['--data-dir', dataDir]);
      const nc = await connectBus(local.connectOptions());
      try {
        await started(child);
        const env = {
          specversion: '1.0',
          id: 'local-1',
          source: 'local',
          type: 'webhook',
          subject: 'ev',
          time: new Date().toISOString(),
          datacontenttype: 'application/json',
          data: { x: 1 },
        };
        await jetstream(nc).publish(eventSubject('local', 'ev'), JSON.stringify(env), { msgID: env.id });
        await waitFor(() => child.processed('log-trigger') === 1, { timeout: 15_000 });
        assert.deepEqual(child.loggedIds(), ['local-1']);
      } finally {
        await stopProcess(child.proc);
        await nc.close();
        await local.stop();
      }
    },
  );
});
