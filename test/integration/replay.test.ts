/**
 * Replay (src/sensors/replay.ts) against a real nats-server and a recording HTTP peer: a time range and
 * a sequence range re-fire exactly their events, marked (replay header, suffixed Idempotency-Key); a
 * dry run fires nothing and reports filter verdicts; `a && b` pairs form inside the range; the live
 * sensor's durables and KV state are untouched; bad ranges, names and orders are refused clearly.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pino from 'pino';
import {
  IDEMPOTENCY_KEY_HEADER,
  REPLAY_HEADER,
  SecretStore,
  STREAM_NAME,
  durableName,
} from '../../src/api/index.js';
import { jetstreamManager, openKv } from '../../src/bus/index.js';
import { planReplay, runReplay, ReplayInputError, type ReplayEnv } from '../../src/sensors/index.js';
import { triggerDriver } from '../../src/triggers/index.js';
import { startHttpPeer, type Hit, type HttpPeer } from './triggers-e2e-helpers.js';
import { boundary, publishEvent, replaySensorYaml, SENSOR, type Published } from './replay-helpers.js';
import { runSensor, sensorFromYaml, startBus, waitFor, type Bus, type SensorRun } from './sensor-harness.js';

const replayed = (hits: Hit[], path: string) =>
  hits.filter((h) => h.path === path && h.headers['x-jetflow-replay']);
const bodyN = (h: Hit) => Number((JSON.parse(h.body) as { n: string }).n);

describe('replay', () => {
  let bus: Bus;
  let peer: HttpPeer;
  let live: SensorRun;
  let env: ReplayEnv;
  const events: Published[] = [];
  let t1: Date;
  let t2: Date;
  const sensor = () => sensorFromYaml(replaySensorYaml(peer.url));

  before(async () => {
    bus = await startBus();
    peer = await startHttpPeer();
    live = await runSensor(bus, sensor(), undefined, { drivers: triggerDriver });
    env = {
      nc: bus.nc,
      logger: pino({ level: 'silent' }),
      secrets: new SecretStore({ env: {} }),
      drivers: triggerDriver,
    };
    for (let n = 1; n <= 30; n++) {
      if (n === 11) t1 = await boundary();
      events.push(await publishEvent(bus.nc, 'a', n));
      if (n === 20) t2 = await boundary();
    }
    // x1 y1 x2 y2 x3 for the AND trigger
    for (const [e, n] of [
      ['x', 1],
      ['y', 1],
      ['x', 2],
      ['y', 2],
      ['x', 3],
    ] as const)
      await publishEvent(bus.nc, e, n);
    // the live sensor: 30 hook + 15 filtered + 2 pair executions
    await waitFor(() => peer.hits.length >= 47, { timeout: 20_000, message: 'live executions' }).catch(
      (err: Error) => {
        const logs = live.logs.lines.map((l) => l.msg as string).slice(0, 40);
        throw new Error(`${err.message}: ${peer.hits.length} ${JSON.stringify(logs)}`);
      },
    );
    assert.equal(peer.hits.length, 47);
  });
  after(async () => {
    await live?.running.stop(1000);
    await peer?.close();
    await bus?.close();
  });

  it('a time range re-fires exactly its events, marked as a replay', { timeout: 30_000 }, async () => {
    const s = await runReplay(
      { sensor: sensor(), trigger: 'hook', from: t1.toISOString(), to: t2.toISOString() },
      env,
      { replayId: 'r-time' },
    );
    assert.equal(s.failed, 0);
    assert.equal(s.fired, 10);
    assert.equal(s.matched, 10);
    const got = replayed(peer.hits, '/hook').filter((h) => h.headers['x-jetflow-replay'] === 'r-time');
    assert.deepEqual(
      got.map(bodyN).sort((a, b) => a - b),
      [11, 12, 13, 14, 15, 16, 17, 18, 19, 20],
    );
    for (const h of got) {
      assert.equal(h.headers[REPLAY_HEADER.toLowerCase()], 'r-time');
      assert.match(String(h.headers[IDEMPOTENCY_KEY_HEADER.toLowerCase()]), /^[0-9a-f]{64}:replay-r-time$/);
    }
    // the original execution of the same event had the key without the suffix
    const original = peer.hits.find(
      (h) => h.path === '/hook' && !h.headers['x-jetflow-replay'] && bodyN(h) === 11,
    )!;
    const replay11 = got.find((h) => bodyN(h) === 11)!;
    assert.equal(
      `${String(original.headers['idempotency-key'])}:replay-r-time`,
      replay11.headers['idempotency-key'],
    );
  });

  it('a sequence range re-fires exactly its events', { timeout: 30_000 }, async () => {
    const s = await runReplay(
      { sensor: sensor(), trigger: 'hook', from: String(events[4]!.seq), to: String(events[7]!.seq) },
      env,
      { replayId: 'r-seq' },
    );
    assert.equal(s.fired, 4);
    const got = peer.hits.filter((h) => h.headers['x-jetflow-replay'] === 'r-seq');
    assert.deepEqual(
      got.map(bodyN).sort((a, b) => a - b),
      [5, 6, 7, 8],
    );
    assert.ok(
      got.every((h) => h.path === '/hook'),
      'only the selected trigger fired',
    );
  });

  it('a dry run fires nothing and reports the filter verdicts', { timeout: 30_000 }, async () => {
    const before = peer.hits.length;
    const seen: { seq: number; passed: boolean; reason: string }[] = [];
    const s = await runReplay({ sensor: sensor(), trigger: 'filtered', from: '1' }, env, {
      dryRun: true,
      onEvent: (e) => seen.push({ seq: e.seq, ...e.dependencies[0]! }),
    });
    assert.equal(peer.hits.length, before, 'nothing was sent');
    assert.equal(s.scanned, 30);
    assert.equal(s.matched, 15);
    assert.equal(s.rejected, 15);
    assert.equal(s.fired, 15, 'would fire for each kept event');
    const odd = seen.find((e) => e.seq === events[0]!.seq)!;
    assert.equal(odd.passed, false);
    assert.match(odd.reason, /kind/);
    assert.equal(seen.find((e) => e.seq === events[1]!.seq)!.passed, true);
  });

  it('--dependency narrows the events and the triggers to that dependency', { timeout: 30_000 }, async () => {
    const s = await planReplay({ sensor: sensor(), dependency: 'f', from: '1' }, env);
    assert.deepEqual(s.triggers, ['filtered']);
    assert.equal(s.scanned, 30);
    assert.equal(s.matched, 15);
    // an AND trigger narrowed to one of its dependencies stores it and never fires
    const x = await planReplay({ sensor: sensor(), trigger: 'pair', dependency: 'x', from: '1' }, env);
    assert.equal(x.scanned, 3);
    assert.equal(x.fired, 0);
  });

  it('AND: pairs form inside the range only, from a fresh state', { timeout: 30_000 }, async () => {
    const s = await runReplay({ sensor: sensor(), trigger: 'pair', from: '1' }, env, { replayId: 'r-and' });
    assert.equal(s.fired, 2, 'x1+y1, x2+y2; x3 has no partner');
    const got = peer.hits.filter((h) => h.headers['x-jetflow-replay'] === 'r-and');
    assert.deepEqual(got.map(bodyN), [1, 2]);
    // from y1 on: x1 is outside the range, so y1 waits for x2 (latest wins: y2 replaces y1), then x3 pairs
    const later = await planReplay(
      { sensor: sensor(), trigger: 'pair', from: String(events[29]!.seq + 2) },
      env,
    );
    assert.equal(later.fired, 2);
  });

  it('the nats trigger marks a replay with a header and a suffixed msg id', { timeout: 30_000 }, async () => {
    const natsSensor = sensorFromYaml(`apiVersion: argoproj.io/v1alpha1
kind: Sensor
metadata: {name: replayed-nats}
spec:
  dependencies: [{name: a, eventSourceName: rsrc, eventName: a}]
  triggers:
    - template:
        name: out
        nats:
          url: ${bus.nats.url}
          subject: replay.out
          payload: [{src: {dependencyName: a, dataKey: n}, dest: n}]
`);
    const got: { replay?: string; msgId?: string }[] = [];
    const sub = bus.nc.subscribe('replay.out', {
      callback: (_e, m) => {
        got.push({ replay: m.headers?.get(REPLAY_HEADER), msgId: m.headers?.get('Nats-Msg-Id') });
      },
    });
    try {
      const seq = String(events[2]!.seq);
      const s = await runReplay({ sensor: natsSensor, from: seq, to: seq }, env, { replayId: 'r-nats' });
      assert.equal(s.fired, 1);
      await waitFor(() => got.length === 1);
      assert.equal(got[0]!.replay, 'r-nats');
      assert.match(got[0]!.msgId!, /^[0-9a-f]{64}:replay-r-nats$/);
    } finally {
      sub.unsubscribe();
    }
  });

  it('leaves the durables and the KV state as they were', { timeout: 30_000 }, async () => {
    const jsm = await jetstreamManager(bus.nc);
    const kv = await openKv(bus.nc, SENSOR);
    const durables = ['hook', 'filtered', 'pair'].flatMap((t) =>
      (t === 'pair' ? ['x', 'y'] : [t === 'hook' ? 'a' : 'f']).map((d) => durableName(SENSOR, t, d)),
    );
    const snapshot = async () => ({
      consumers: await Promise.all(
        durables.map(async (d) => {
          const ci = await jsm.consumers.info(STREAM_NAME, d);
          return {
            d,
            delivered: ci.delivered.stream_seq,
            ackFloor: ci.ack_floor.stream_seq,
            pending: ci.num_pending,
          };
        }),
      ),
      kv: (await kv.status()).values,
      partial: (await kv.get('pair/x'))?.revision,
    });
    const before = await snapshot();
    await runReplay({ sensor: sensor(), from: '1' }, env, { replayId: 'r-all' });
    assert.deepEqual(await snapshot(), before);
    const names = (await jsm.consumers.list(STREAM_NAME).next()).map((c) => c.name).sort();
    assert.deepEqual(names, [...durables].sort(), 'the ephemeral consumers are gone');
  });

  it('refuses bad input with what the stream holds or the valid names', { timeout: 30_000 }, async () => {
    const last = events[29]!.seq + 5;
    await assert.rejects(
      runReplay({ sensor: sensor(), from: String(last + 100) }, env),
      (e: Error) =>
        e instanceof ReplayInputError &&
        /outside the stream/.test(e.message) &&
        e.message.includes(`1 (`) &&
        e.message.includes(`to ${last} (`),
    );
    await assert.rejects(
      runReplay({ sensor: sensor(), from: new Date(Date.now() + 3600e3).toISOString() }, env),
      /outside the stream: the stream default holds sequences 1 \(/,
    );
    await assert.rejects(
      runReplay({ sensor: sensor(), from: '9', to: '3' }, env),
      /--from sequence 9 is after --to sequence 3/,
    );
    await assert.rejects(
      runReplay({ sensor: sensor(), trigger: 'nope', from: '1' }, env),
      /its triggers: hook, filtered, pair/,
    );
    await assert.rejects(
      runReplay({ sensor: sensor(), trigger: 'pair', dependency: 'a', from: '1' }, env),
      /its dependencies: x, y/,
    );
    await assert.rejects(
      runReplay({ sensor: sensor(), from: 'yesterday' }, env),
      /neither a stream sequence/,
    );
  });
});
