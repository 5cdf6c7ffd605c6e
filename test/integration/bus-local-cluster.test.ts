/**
 * A 3-node local bus: R3 stream, kill -9 of the stream leader while publishing with acks (publishing
 * resumes, the node is restarted and catches up, nothing acknowledged is lost), status from the state file.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { jetstream, jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { eventSubject, STREAM_NAME, STREAM_SUBJECTS } from '../../src/api/index.js';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { probeBusState, readBusState, type BusEvent, type LocalBus } from '../../src/bus/local/index.js';
import { waitFor } from '../harness/index.js';
import { startTrackedBus, type TrackedBus } from './bus-local-helpers.js';

let tracked: TrackedBus;
let dir: string;
let bus: LocalBus;
let nc: NatsConnection;
let jsm: JetStreamManager;
const events: BusEvent[] = [];

before(
  async () => {
    tracked = await startTrackedBus({
      name: 'trio',
      spec: { version: 'latest', replicas: 3 },
      healthIntervalMs: 200,
    });
    ({ bus, dir } = tracked);
    bus.on('event', (e: BusEvent) => events.push(e));
    nc = await connect({ ...bus.connectOptions(), maxReconnectAttempts: -1, reconnectTimeWait: 100 });
    jsm = await jetstreamManager(nc);
  },
  { timeout: 60_000 },
);

after(
  async () => {
    await nc?.close();
    await tracked?.stop();
  },
  { timeout: 60_000 },
);

/** Last sequence of stream `default` as node `monitorUrl` holds it. */
async function nodeLastSeq(monitorUrl: string): Promise<number | undefined> {
  const r = await fetch(`${monitorUrl}/jsz?accounts=true&streams=true`);
  const jsz = (await r.json()) as any;
  const s = jsz.account_details
    ?.flatMap((a: any) => a.stream_detail ?? [])
    .find((d: any) => d.name === STREAM_NAME);
  return s?.state?.last_seq;
}

describe('local bus, 3 nodes', { timeout: 60_000 }, () => {
  it('has a meta leader and takes an R3 stream', async () => {
    assert.ok(bus.status().ready);
    const si = await jsm.streams.add({ name: STREAM_NAME, subjects: STREAM_SUBJECTS, num_replicas: 3 });
    assert.equal(si.config.num_replicas, 3);
    await waitFor(async () => (await jsm.streams.info(STREAM_NAME)).cluster?.replicas?.length === 2, {
      message: 'two followers',
    });
  });

  it('survives kill -9 of the stream leader while publishing: resumes, restarts it, loses no acked message', async (t) => {
    const js = jetstream(nc);
    const acked = new Map<number, number>(); // message index → stream sequence
    let stop = false;
    let errors = 0;
    const ackTimes: number[] = [];
    const publisher = (async () => {
      for (let i = 0; !stop;) {
        try {
          // Same msgID on retry: the stream's dedup window stores a retried message once.
          const ack = await js.publish(eventSubject('src', 'ev'), `m-${i}`, {
            msgID: `m-${i}`,
            timeout: 1000,
          });
          acked.set(i++, ack.seq);
          ackTimes.push(Date.now());
        } catch {
          errors++;
          await new Promise((r) => setTimeout(r, 50));
        }
      }
    })();
    try {
      await waitFor(() => acked.size >= 100, { message: '100 acks before the kill' });
      const leader = (await jsm.streams.info(STREAM_NAME)).cluster!.leader!;
      const victim = bus.status().nodes.find((n) => n.serverName === leader)!;
      const before = acked.size;
      const killedAt = Date.now();
      process.kill(victim.pid!, 'SIGKILL');

      await waitFor(() => acked.size > before + 20, { timeout: 20_000, message: 'publishing resumes' });
      // The outage: the longest wait between two acks from just before the kill on.
      const around = ackTimes.filter((t) => t >= killedAt - 1000);
      const outage = Math.max(...around.slice(1).map((t, k) => t - around[k]!));
      t.diagnostic(
        `kill -9 of the stream leader: publishing paused ${outage} ms (${errors} failed attempts, retried)`,
      );

      await waitFor(
        () => {
          const n = bus.status().nodes[victim.index]!;
          return n.restarts === 1 && n.healthy && n.pid !== victim.pid;
        },
        { timeout: 20_000, message: 'supervisor restarts the node' },
      );
      const restarted = bus.status().nodes[victim.index]!;
      assert.match(restarted.lastError ?? '', /SIGKILL/);
      assert.ok(
        events.some((e) => e.type === 'node-exited' && e.node === victim.index && e.signal === 'SIGKILL'),
      );
      assert.ok(
        events.some((e) => e.type === 'node-restarting' && e.node === victim.index && e.inMs === 200),
      );

      const target = acked.size + 30;
      await waitFor(() => acked.size >= target, { timeout: 10_000, message: 'publishing after the restart' });
    } finally {
      stop = true;
      await publisher;
    }

    const info = await jsm.streams.info(STREAM_NAME);
    const lastSeq = info.state.last_seq;
    await waitFor(
      async () =>
        (await Promise.all(bus.status().nodes.map((n) => nodeLastSeq(n.monitorUrl)))).every(
          (s) => s === lastSeq,
        ),
      {
        timeout: 15_000,
        message: 'every node (the restarted one too) catches up',
      },
    );
    assert.equal(info.state.messages, acked.size, 'each acked message is stored once');
    for (const [i, seq] of acked)
      assert.equal((await jsm.streams.getMessage(STREAM_NAME, { seq }))?.string(), `m-${i}`);
    t.diagnostic(`${acked.size} acked messages, all present`);
  });

  it('status from the state file matches the live bus', async () => {
    const state = (await readBusState(dir, 'trio'))!;
    await waitFor(async () =>
      (await readBusState(dir, 'trio'))!.nodes.every((n, i) => n.pid === bus.status().nodes[i]!.pid),
    );
    const probe = await probeBusState((await readBusState(dir, 'trio'))!);
    assert.equal(state.supervisorPid, process.pid);
    assert.ok(probe.supervisorRunning);
    assert.ok(probe.ready);
    assert.ok(probe.metaLeader?.startsWith('eventbus-trio-js-'));
    assert.equal(probe.streams, 1);
    assert.ok(probe.nodes.every((n) => n.alive && n.probe.healthy && n.probe.routes === 2));
  });
});
