/**
 * The kafka source in a consumer group across two `jetflow eventsource` processes (the built CLI),
 * against librdkafka's mock cluster (kcat `-X test.mock.num.brokers=3`: the real Kafka protocol) and
 * a bus of nats-servers from the project's supervisor. Both processes get partitions; one is kill -9'd
 * mid-stream and a new one started (the group rebalances twice). Every produced record must be stored
 * exactly once: offsets are committed only after JetStream stored the events, so the records the
 * killed process had fetched but not committed are read again by the others (at-least-once), and the
 * deterministic event id (`<es>:<event>:<broker>:<topic>:<partition>:<offset>`) lets the stream's
 * duplicate window drop those re-reads.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Kafka, logLevel, type Producer } from 'kafkajs';
import { eventSubject, STREAM_NAME } from '../../src/api/index.js';
import { connectBus, jetstreamManager, type NatsConnection } from '../../src/bus/index.js';
import { projectRoot, startKafka, waitFor, type TestKafka } from '../harness/index.js';
import { startTrackedBus, type TrackedBus } from './bus-local-helpers.js';

const ES = 'orders';
const EVENT = 'order';
const TOTAL = 3000;

interface Proc {
  proc: ChildProcess;
  lines: Record<string, any>[];
  exited: Promise<void>;
}

function startProcess(dir: string, busDir: string): Proc {
  const proc = spawn(
    process.execPath,
    [
      path.join(projectRoot, 'bin/jetflow.js'),
      'eventsource',
      ES,
      '-f',
      dir,
      '--data-dir',
      busDir,
      '--metrics-port',
      '0',
    ],
    { cwd: projectRoot, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const lines: Record<string, any>[] = [];
  let buf = '';
  proc.stdout!.on('data', (d: Buffer) => {
    buf += d.toString();
    const parts = buf.split('\n');
    buf = parts.pop()!;
    for (const p of parts) if (p.startsWith('{')) lines.push(JSON.parse(p));
  });
  proc.stderr!.on('data', (d: Buffer) => process.stderr.write(d));
  const exited = new Promise<void>((r) => proc.once('exit', () => r()));
  return { proc, lines, exited };
}

const joins = (p: Proc) => p.lines.filter((l) => l.msg === 'joined the kafka consumer group');
const owns = (p: Proc) => (joins(p).at(-1)?.partitions as number[] | undefined) ?? [];

describe('kafka consumer group across jetflow eventsource processes', { timeout: 300_000 }, () => {
  let cluster: TestKafka;
  let tracked: TrackedBus;
  let nc: NatsConnection;
  let producer: Producer;
  let dir: string;
  const topic = `orders-${Date.now()}`;
  const procs: Proc[] = [];
  before(
    async () => {
      cluster = await startKafka();
      producer = new Kafka({ brokers: cluster.brokers.split(','), logLevel: logLevel.NOTHING }).producer();
      await producer.connect();
      // the topic exists (4 partitions) before the group joins, so the group starts with its partitions
      await producer.send({ topic, messages: [0, 1, 2, 3].map((p) => ({ partition: p, value: 'null' })) });
      tracked = await startTrackedBus({ name: 'kbus', spec: { version: 'latest', replicas: 3 } });
      nc = await connectBus({ ...tracked.bus.connectOptions(), name: 'kafka-group-test' });
      dir = await mkdtemp(path.join(os.tmpdir(), 'jetflow-kafka-group-'));
      await writeFile(
        path.join(dir, 'resources.yaml'),
        [
          'apiVersion: argoproj.io/v1alpha1\nkind: EventBus\nmetadata: {name: kbus}',
          'spec:\n  jetstream:\n    version: latest\n    replicas: 3',
          '---',
          `apiVersion: argoproj.io/v1alpha1\nkind: EventSource\nmetadata: {name: ${ES}}`,
          'spec:\n  eventBusName: kbus\n  replicas: 2\n  kafka:',
          `    ${EVENT}:\n      url: "${cluster.brokers}"\n      topic: ${topic}\n      jsonBody: true`,
          '      consumerGroup: {groupName: jetflow-orders, oldest: true}',
        ].join('\n'),
      );
    },
    { timeout: 120_000 },
  );
  after(
    async () => {
      for (const p of procs)
        if (p.proc.exitCode === null && p.proc.signalCode === null) p.proc.kill('SIGKILL');
      await Promise.all(procs.map((p) => p.exited));
      await producer?.disconnect();
      await nc?.close();
      await tracked?.stop();
      await cluster?.stop();
      if (dir) await rm(dir, { recursive: true, force: true });
    },
    { timeout: 60_000 },
  );

  async function count(): Promise<number> {
    const jsm = await jetstreamManager(nc);
    const info = await jsm.streams.info(STREAM_NAME, { subjects_filter: eventSubject(ES, EVENT) });
    return info.state.subjects?.[eventSubject(ES, EVENT)] ?? 0;
  }

  async function produce(from: number, to: number) {
    for (let i = from; i < to; i += 100) {
      const n = Math.min(100, to - i);
      await producer.send({
        topic,
        messages: Array.from({ length: n }, (_, k) => ({
          key: `k${i + k}`,
          value: JSON.stringify({ n: i + k }),
        })),
      });
    }
  }

  it('partitions rebalance, a kill -9 mid-stream loses nothing, the stream holds each record once', async (t) => {
    procs.push(startProcess(dir, tracked.dir), startProcess(dir, tracked.dir));
    await waitFor(() => procs.every((p) => owns(p).length > 0), {
      timeout: 90_000,
      message: `both processes own partitions; logs: ${JSON.stringify(procs.map((p) => p.lines.slice(-3)))}`,
    });
    const split = procs.map((p) => owns(p));
    await produce(0, TOTAL / 2);
    await waitFor(async () => (await count()) >= 4 + TOTAL / 6, { timeout: 60_000 });
    const victim = procs[0]!;
    victim.proc.kill('SIGKILL');
    await victim.exited;
    const atKill = await count();
    await produce(TOTAL / 2, (TOTAL * 3) / 4);
    procs.push(startProcess(dir, tracked.dir));
    await produce((TOTAL * 3) / 4, TOTAL);
    await waitFor(async () => (await count()) >= TOTAL + 4, { timeout: 120_000, interval: 250 });
    // no more arrive (a duplicate beyond the dedup window would show up here as a count above TOTAL)
    await waitFor(() => procs.slice(1).every((p) => owns(p).length > 0), { timeout: 60_000 });
    const stored = await count();
    assert.equal(stored, TOTAL + 4, 'every record stored once (4 warm-up records + TOTAL)');
    for (const p of procs.slice(1)) p.proc.kill('SIGTERM');
    await Promise.all(procs.map((p) => p.exited));
    t.diagnostic(
      `partitions at start: ${JSON.stringify(split)}; after kill+restart: ${JSON.stringify(procs.slice(1).map(owns))}; stored ${stored} (${atKill} when killed), joins: ${procs.map((p) => joins(p).length).join(',')}`,
    );
  });
});
