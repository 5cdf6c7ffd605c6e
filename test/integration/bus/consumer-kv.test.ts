import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream';
import { startNats, waitFor, type TestNats } from '../../harness/index.js';
import {
  connectBus,
  consume,
  deleteDurable,
  ensureDurable,
  ensureStream,
  keepWorking,
  kvCreate,
  kvDelete,
  kvGet,
  kvGetJson,
  KvConflictError,
  kvPut,
  kvUpdate,
  mergeStreamConfig,
  openKv,
  Publisher,
  ZERO_STREAM_SETTINGS,
  ackSequences,
  type JsMsg,
  type NatsConnection,
} from '../../../src/bus/index.js';
import { durableName } from '../../../src/api/names.js';
import { enc, recordingLogger } from './helpers.js';

const dec = (m: JsMsg) => new TextDecoder().decode(m.data);

void describe('durable consumers and KV', { timeout: 90_000 }, () => {
  let nats: TestNats;
  let nc: NatsConnection;
  let jsm: JetStreamManager;
  let js: JetStreamClient;
  let pub: Publisher;
  before(async () => {
    nats = await startNats();
    nc = await connectBus({ servers: [nats.url] });
    jsm = await jetstreamManager(nc);
    js = jetstream(nc);
    await ensureStream(jsm, mergeStreamConfig(ZERO_STREAM_SETTINGS, '').settings, { jetStreamServers: 1 });
    pub = new Publisher(nc);
    // published before any consumer exists, per test subject, with another subject interleaved
    for (const ev of ['all', 'last', 'new', 'resume']) {
      for (const [i, ev2] of [ev, 'other', ev, ev].entries()) {
        await pub.publish(`default.es.${ev2}`, enc(`old${i}`), `${ev}-old${i}-${ev2}`);
      }
    }
  });
  after(async () => {
    await pub?.drain();
    await nc?.close();
    await nats?.stop();
  });

  /** Start consuming `name`, collect bodies, stop when `until` holds. */
  async function collect(
    name: string,
    until: (got: string[]) => boolean,
    batches?: number[],
  ): Promise<string[]> {
    const got: string[] = [];
    const h = await consume(js, name, (msgs) => {
      batches?.push(msgs.length);
      for (const m of msgs) {
        got.push(dec(m));
        m.ack();
      }
    });
    await waitFor(() => until(got), { message: `${name}: ${got.join()}` });
    await h.stop();
    return got;
  }

  for (const [policy, want] of [
    ['all', ['old0', 'old2', 'old3', 'new']],
    ['last', ['old3', 'new']],
    ['new', ['new']],
  ] as const) {
    void it(`deliver policy ${policy} against messages published before the consumer existed`, async () => {
      const name = durableName('s', `t-${policy}`, 'a');
      const info = await ensureDurable(jsm, {
        name,
        filterSubject: `default.es.${policy}`,
        deliverPolicy: policy,
      });
      assert.equal(info.config.deliver_policy, policy);
      assert.equal(info.config.ack_policy, 'explicit');
      await pub.publish(`default.es.${policy}`, enc('new'), `new-${policy}`);
      // the newest message is always the last; anything else must come strictly before it
      const got = await collect(name, (g) => g.includes('new'));
      assert.deepEqual(got, want);
      assert.equal(await deleteDurable(jsm, name), true);
    });
  }

  void it('reuses an existing durable as is (warning when settings differ) and resumes where it stopped', async () => {
    const name = durableName('s', 'resume', 'a');
    await ensureDurable(jsm, { name, filterSubject: 'default.es.resume', deliverPolicy: 'all' });
    assert.deepEqual(await collect(name, (g) => g.length === 3), ['old0', 'old2', 'old3']);
    const log = recordingLogger();
    const again = await ensureDurable(
      jsm,
      { name, filterSubject: 'default.es.resume', deliverPolicy: 'new' },
      { logger: log },
    );
    assert.equal(again.config.deliver_policy, 'all');
    assert.ok(log.lines.some((l) => l.level === 'warn'));
    await pub.publish('default.es.resume', enc('after-resume'), 'after-resume');
    assert.deepEqual(await collect(name, (g) => g.length >= 1), ['after-resume']);
    assert.equal(await deleteDurable(jsm, name), true);
    assert.equal(await deleteDurable(jsm, name), false, 'absence is fine');
  });

  void it('hands over batches in order, and redelivers what the handler nak-ed by throwing', async () => {
    await pub.flush();
    const name = durableName('s', 'batch', 'b');
    await ensureDurable(jsm, { name, filterSubject: 'default.es.b', deliverPolicy: 'new', ackWaitMs: 2000 });
    for (let i = 0; i < 300; i++) pub.publishCb('default.es.b', enc(`b${i}`), `b${i}`, () => {});
    await pub.flush();
    const batches: number[] = [];
    const got = await collect(name, (g) => g.length === 300, batches);
    assert.deepEqual(
      got,
      Array.from({ length: 300 }, (_, i) => `b${i}`),
    );
    assert.ok(batches.every((n) => n <= 64));
    assert.ok(
      batches.some((n) => n > 1),
      `batched: ${batches.join()}`,
    );

    await pub.publish('default.es.b', enc('boom'), 'boom');
    let calls = 0;
    const seen: string[] = [];
    const h = await consume(js, name, (msgs) => {
      calls++;
      const stop = keepWorking(msgs, 100);
      stop();
      if (calls === 1) throw new Error('handler failed');
      for (const m of msgs) {
        seen.push(`${dec(m)}#${m.info.deliveryCount}`);
        m.ack();
      }
    });
    await waitFor(() => seen.length === 1);
    await h.stop();
    assert.deepEqual(seen, ['boom#2']);
  });

  void it("reads the sequences of a delivered message's ack subject as the library's info does", async () => {
    const name = durableName('s', 'seqs', 'a');
    await ensureDurable(jsm, { name, filterSubject: 'default.es.all', deliverPolicy: 'all' });
    const seen: [unknown, unknown][] = [];
    const h = await consume(js, name, (msgs) => {
      for (const m of msgs) {
        const reply = (m as unknown as { reply: string }).reply;
        seen.push([
          ackSequences(reply),
          { streamSeq: m.info.streamSequence, deliverySeq: m.info.deliverySequence },
        ]);
        m.ack();
      }
    });
    await waitFor(() => seen.length >= 3);
    await h.stop();
    for (const [mine, theirs] of seen) assert.deepEqual(mine, theirs);
    assert.equal(await deleteDurable(jsm, name), true);
  });

  void it('KV: opens or creates, CAS conflicts are detected, deletes', async () => {
    const kv = await openKv(nc, 'sensor-a');
    const kv2 = await openKv(nc, 'sensor-a'); // a second process opening the same bucket
    assert.equal(await kvGet(kv, 'Triggers'), null);
    const r1 = await kvCreate(kv, 'Triggers', '["t1"]');
    await assert.rejects(kvCreate(kv2, 'Triggers', '["t2"]'), KvConflictError);
    const r2 = await kvUpdate(kv, 'Triggers', '["t1","t2"]', r1);
    await assert.rejects(kvUpdate(kv2, 'Triggers', '["x"]', r1), (e: unknown) => {
      assert.ok(e instanceof KvConflictError);
      assert.match(e.message, /sensor-a\/Triggers: changed since revision/);
      return true;
    });
    assert.deepEqual(await kvGetJson(kv2, 'Triggers'), { value: ['t1', 't2'], revision: r2 });
    await assert.rejects(kvDelete(kv2, 'Triggers', r1), KvConflictError);
    await kvDelete(kv2, 'Triggers', r2);
    assert.equal(await kvGet(kv, 'Triggers'), null);
    await kvCreate(kv, 'Triggers', '[]'); // create after delete is allowed
    await kvPut(kv, 't1/a', enc('{}'));
    assert.equal((await jsm.streams.info('KV_sensor-a')).config.max_msgs_per_subject, 1);
    await assert.rejects(openKv(nc, 'bad.name'), /invalid KV bucket name 'bad.name'/);
  });
});
