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
import { startAzuriteQueue } from '../../harness/azurite.js';
import { QueueServiceClient } from '@azure/storage-queue';
import { projectRoot, waitFor } from '../../harness/index.js';
import { startBus, storedEvents, type BusFixture } from './helpers.js';

const KEY = { accessKeyId: 'AKIDKILLTEST', secretAccessKey: 'kill-test-secret-access-key' };
const N = 300;

const AWS_ENV = {
  JETFLOW_SECRET_AWS_SECRET_ACCESSKEY: KEY.accessKeyId,
  JETFLOW_SECRET_AWS_SECRET_SECRETKEY: KEY.secretAccessKey,
};

function eventsource(
  dir: string,
  name = 'cloud-sqs',
  env: Record<string, string> = AWS_ENV,
): { proc: ChildProcess; out: () => string; exited: Promise<unknown> } {
  const cli = path.join(projectRoot, 'src/cli/main.ts');
  const proc = spawn(
    process.execPath,
    ['--import', 'tsx', cli, 'eventsource', name, '-f', dir, '--log-level', 'warn'],
    { cwd: projectRoot, env: { ...process.env, ...env } },
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

  it('kill -9 mid-stream, restart: all messages stored, all deleted', async (t) => {
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
      t.diagnostic(
        `sqs: ${N} messages, killed with ${atKill} stored, ${events.length - N} repeats after the restart`,
      );
    } finally {
      run.proc.kill('SIGINT');
      await run.exited;
    }
    assert.deepEqual(sqs.refused, []);
  });

  it('azureQueueStorage (azurite): kill -9 mid-stream, restart: all stored, all deleted', async (t) => {
    const az = await startAzuriteQueue();
    const adir = await mkdtemp(path.join(os.tmpdir(), 'jetflow-azq-kill-'));
    const q = QueueServiceClient.fromConnectionString(az.connectionString).getQueueClient('orders');
    let run: ReturnType<typeof eventsource> | undefined;
    try {
      await q.create();
      await writeFile(
        path.join(adir, 'resources.yaml'),
        [
          'apiVersion: argoproj.io/v1alpha1\nkind: EventBus\nmetadata: {name: default}',
          `spec:\n  jetstreamExotic:\n    url: ${bus.nats.url}`,
          '---',
          'apiVersion: argoproj.io/v1alpha1\nkind: EventSource\nmetadata: {name: cloud-azq}',
          'spec:\n  azureQueueStorage:\n    example:',
          '      queueName: orders\n      jsonBody: true\n      waitTimeInSeconds: 1',
          '      connectionString: {name: azure-secret, key: connectionstring}',
        ].join('\n'),
      );
      const env = { JETFLOW_SECRET_AZURE_SECRET_CONNECTIONSTRING: az.connectionString };
      const M = 150;
      for (let i = 0; i < M; i++) await q.sendMessage(JSON.stringify({ i }));
      const subject = eventSubject('cloud-azq', 'example');
      const jsm = await jetstreamManager(bus.nc);
      const count = async () =>
        (await jsm.streams.info(STREAM_NAME, { subjects_filter: subject })).state.subjects?.[subject] ?? 0;
      run = eventsource(adir, 'cloud-azq', env);
      await waitFor(async () => (await count()) >= 20, { timeout: 60_000, message: run.out() });
      run.proc.kill('SIGKILL');
      await run.exited;
      const atKill = await count();
      run = eventsource(adir, 'cloud-azq', env);
      // what the killed process held comes back after Azure's default 30 s visibility timeout
      await waitFor(async () => (await q.getProperties()).approximateMessagesCount === 0, {
        timeout: 120_000,
        interval: 500,
        message: run.out(),
      });
      const events = await storedEvents(bus.nc, subject);
      const seen = new Set(events.map((e) => (e.event.data as { body: { i: number } }).body.i));
      assert.equal(seen.size, M, `all ${M} stored (killed at ${atKill})`);
      t.diagnostic(
        `azureQueueStorage: ${M} messages, killed with ${atKill} stored, ${events.length - M} repeats`,
      );
    } finally {
      if (run) {
        run.proc.kill('SIGINT');
        await run.exited;
      }
      await az.stop();
      await rm(adir, { recursive: true, force: true });
    }
  });
});
