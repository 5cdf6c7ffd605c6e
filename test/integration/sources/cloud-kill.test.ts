/**
 * `jetflow eventsource` with an sqs event, kill -9'd mid-stream and restarted: every message ends up
 * stored on the bus (at least once) and deleted from the queue; none is lost. The queue is
 * test/harness/aws/sqs-server.ts, a local server speaking SQS's JSON protocol to the real SDK client
 * with SigV4 checked (no AWS emulator installs here); messages the killed process had received but not
 * deleted come back after their visibility timeout.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { eventSubject, STREAM_NAME } from '../../../src/api/names.js';
import { jetstreamManager } from '../../../src/bus/index.js';
import { startSqsServer, type SqsServer } from '../../harness/aws/sqs-server.js';
import { projectRoot, waitFor } from '../../harness/index.js';
import { startBus, storedEvents, type BusFixture } from './helpers.js';

const KEY = { accessKeyId: 'AKIDKILLTEST', secretAccessKey: 'kill-test-secret-access-key' };
const N = 300;

function eventsource(dir: string): { proc: ChildProcess; out: () => string; exited: Promise<unknown> } {
  const proc = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      path.join(projectRoot, 'src/cli/main.ts'),
      'eventsource',
      'cloud-sqs',
      '-f',
      dir,
      '--log-level',
      'warn',
    ],
    {
      cwd: projectRoot,
      env: {
        ...process.env,
        JETFLOW_SECRET_AWS_SECRET_ACCESSKEY: KEY.accessKeyId,
        JETFLOW_SECRET_AWS_SECRET_SECRETKEY: KEY.secretAccessKey,
      },
    },
  );
  let out = '';
  proc.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  return { proc, out: () => out, exited: new Promise((r) => proc.once('exit', r)) };
}

describe('sqs source process kill', { timeout: 180_000 }, () => {
  let bus: BusFixture;
  let sqs: SqsServer;
  let dir: string;
  before(async () => {
    bus = await startBus();
    sqs = await startSqsServer(KEY);
    dir = await mkdtemp(path.join(os.tmpdir(), 'jetflow-sqs-kill-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
    await sqs?.stop();
    await bus?.stop();
  });

  it('kill -9 mid-stream, restart: all messages stored, all deleted', async () => {
    sqs.createQueue('orders', { visibilityMs: 3000 });
    await writeFile(
      path.join(dir, 'resources.yaml'),
      [
        'apiVersion: argoproj.io/v1alpha1\nkind: EventBus\nmetadata: {name: default}',
        `spec:\n  jetstreamExotic:\n    url: ${bus.nats.url}`,
        '---',
        'apiVersion: argoproj.io/v1alpha1\nkind: EventSource\nmetadata: {name: cloud-sqs}',
        'spec:\n  sqs:\n    example:',
        `      endpoint: ${sqs.endpoint}\n      region: us-east-1\n      queue: orders\n      waitTimeSeconds: 1\n      jsonBody: true`,
        '      accessKey: {name: aws-secret, key: accesskey}\n      secretKey: {name: aws-secret, key: secretkey}',
      ].join('\n'),
    );
    const jsm = await jetstreamManager(bus.nc);
    const stored = async () => (await jsm.streams.info(STREAM_NAME)).state.messages;
    for (let i = 0; i < N; i++) sqs.send('orders', JSON.stringify({ i }));
    let run = eventsource(dir);
    try {
      await waitFor(async () => (await stored()) >= 30, { timeout: 60_000, message: run.out() });
      run.proc.kill('SIGKILL');
      await run.exited;
      const atKill = await stored();
      run = eventsource(dir);
      await waitFor(() => sqs.remaining('orders') === 0, {
        timeout: 90_000,
        message: `remaining ${sqs.remaining('orders')}: ${run.out()}`,
      });
      const events = await storedEvents(bus.nc, eventSubject('cloud-sqs', 'example'));
      const seen = new Set(events.map((e) => (e.event.data as { body: { i: number } }).body.i));
      assert.equal(seen.size, N, `all ${N} stored (killed at ${atKill}); ${events.length - N} repeats`);
      assert.ok(atKill < N, 'the kill happened mid-stream');
    } finally {
      run.proc.kill('SIGINT');
      await run.exited;
    }
    assert.deepEqual(sqs.refused, []);
  });
});
