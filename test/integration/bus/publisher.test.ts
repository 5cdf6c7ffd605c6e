import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { jetstream, jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { startNats, waitFor, type TestNats } from '../../harness/index.js';
import {
  connectBus,
  ensureStream,
  mergeStreamConfig,
  PublishError,
  Publisher,
  ZERO_STREAM_SETTINGS,
  type NatsConnection,
  type PubAck,
} from '../../../src/bus/index.js';
import { MSG_ID_HEADER, STREAM_NAME } from '../../../src/api/names.js';
import { enc } from './helpers.js';

/** Read every message of the stream: seq -> msg id. */
async function storedIds(nc: NatsConnection): Promise<Map<number, string>> {
  const js = jetstream(nc);
  const c = await js.consumers.get(STREAM_NAME); // ordered consumer
  const info = await (await jetstreamManager(nc)).streams.info(STREAM_NAME);
  const out = new Map<number, string>();
  if (info.state.messages === 0) return out;
  const it = await c.consume();
  for await (const m of it) {
    out.set(m.seq, m.headers?.get(MSG_ID_HEADER) ?? '');
    if (m.seq >= info.state.last_seq) break;
  }
  return out;
}

async function resetStream(jsm: JetStreamManager, text: string): Promise<void> {
  await jsm.streams.delete(STREAM_NAME).catch(() => false);
  await ensureStream(jsm, mergeStreamConfig(ZERO_STREAM_SETTINGS, text).settings, { jetStreamServers: 1 });
}

void describe('Publisher', { timeout: 90_000 }, () => {
  let nats: TestNats;
  let nc: NatsConnection;
  let jsm: JetStreamManager;
  before(async () => {
    nats = await startNats();
    nc = await connectBus({ servers: [nats.url] });
    jsm = await jetstreamManager(nc);
  });
  after(async () => {
    await nc?.close();
    await nats?.stop();
  });
  beforeEach(() => resetStream(jsm, 'duplicates: 5m'));

  void it('pipelines 20,000 publishes through a window of 256: each acked once, seqs 1..n, all stored', async () => {
    const pub = new Publisher(nc, { window: 256 });
    const n = 20_000;
    const acks: (PubAck | undefined)[] = new Array(n);
    let calls = 0;
    let overWindow = 0;
    for (let i = 0; i < n; i++) {
      if (pub.full) await pub.waitForSlot();
      pub.publishCb(`default.src${i % 3}.ev`, enc(`m${i}`), `id-${i}`, (err, ack) => {
        calls++;
        assert.equal(err, undefined);
        assert.equal(acks[i], undefined, 'callback called once');
        acks[i] = ack;
      });
      if (pub.stats().inflight > 256) overWindow++;
    }
    await pub.flush();
    const st = pub.stats();
    assert.equal(calls, n);
    assert.equal(overWindow, 0);
    assert.equal(st.maxInflight, 256, 'the window was actually filled');
    assert.deepEqual([st.acked, st.failed, st.duplicates, st.inflight, st.queued], [n, 0, 0, 0, 0]);
    const seqs = new Set(acks.map((a) => a!.seq));
    assert.equal(seqs.size, n);
    assert.equal(Math.min(...seqs), 1);
    assert.equal(Math.max(...seqs), n);
    assert.ok(acks.every((a) => a!.stream === STREAM_NAME && !a!.duplicate));
    const stored = await storedIds(nc);
    assert.equal(stored.size, n);
    for (let i = 0; i < n; i++) assert.equal(stored.get(acks[i]!.seq), `id-${i}`);
    await pub.drain();
  });

  void it('stores a message published twice with the same id once', async () => {
    const pub = new Publisher(nc);
    const [a, b, c] = await Promise.all([
      pub.publish('default.s.e', enc('x'), 'same'),
      pub.publish('default.s.e', enc('x'), 'same'),
      pub.publish('default.s.e', enc('y'), 'other'),
    ]);
    assert.equal(a.duplicate, false);
    assert.equal(b.duplicate, true);
    assert.equal(b.seq, a.seq, 'a duplicate reports the original seq');
    assert.equal(c.seq, a.seq + 1);
    assert.equal((await jsm.streams.info(STREAM_NAME)).state.messages, 2);
    assert.equal(pub.stats().duplicates, 1);
    // the stored message carries the id as its Nats-Msg-Id header
    const stored = await jsm.streams.getMessage(STREAM_NAME, { seq: c.seq });
    assert.equal(stored?.header.get('Nats-Msg-Id'), 'other');
    assert.throws(
      () => pub.publishCb('default.s.e', enc('z'), 'bad\r\nX-Injected: 1', () => {}),
      /line break|\\r/,
    );
    await pub.drain();
  });

  void it('rejects with a PublishError when the stream is full with discard new', async () => {
    await resetStream(jsm, 'maxMsgs: 5\ndiscard: 1');
    const pub = new Publisher(nc, { window: 4 });
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, (_, i) => pub.publish('default.s.e', enc(`${i}`), `f${i}`)),
    );
    const ok = results.filter((r) => r.status === 'fulfilled');
    const bad = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    assert.equal(ok.length, 5);
    assert.equal(bad.length, 3);
    for (const r of bad) {
      assert.ok(r.reason instanceof PublishError);
      assert.equal(r.reason.reason, 'stream');
      assert.equal(r.reason.context.errCode, 10077);
      assert.match(r.reason.message, /maximum messages exceeded/);
      assert.match(r.reason.message, /default\.s\.e \(event id f\d\)/);
    }
    assert.equal(pub.stats().failed, 3);
    assert.equal(pub.stats().retries, 0, 'stream errors are not retried');
    await pub.drain();
  });

  void it('applies back-pressure: in-flight never exceeds the window, the rest waits in order', async () => {
    const pub = new Publisher(nc, { window: 8 });
    const ps: Promise<PubAck>[] = [];
    let maxSeen = 0;
    // unref: a failed assertion below must not keep the test process alive
    const sampler = setInterval(() => (maxSeen = Math.max(maxSeen, pub.stats().inflight)), 1).unref();
    for (let i = 0; i < 500; i++) {
      ps.push(pub.publish('default.s.e', enc(`${i}`), `bp${i}`));
      maxSeen = Math.max(maxSeen, pub.stats().inflight);
    }
    assert.equal(pub.stats().inflight, 8);
    assert.equal(pub.stats().queued, 492);
    assert.equal(pub.full, true);
    let slotAt = -1;
    const slot = pub.waitForSlot().then(() => (slotAt = pub.stats().queued + pub.stats().inflight));
    const acks = await Promise.all(ps);
    await slot;
    clearInterval(sampler);
    assert.ok(slotAt >= 0 && slotAt < 8, `waitForSlot resolved once there was room (${slotAt})`);
    assert.ok(maxSeen <= 8, `max in flight ${maxSeen}`);
    assert.equal(pub.stats().maxInflight, 8);
    assert.deepEqual(
      acks.map((a) => a.seq),
      acks.map((_, i) => i + 1),
      'queued publishes go out in order',
    );
    await pub.drain();
  });

  void it('bounds the bytes in flight too; a publish larger than the bound still goes out alone', async () => {
    const pub = new Publisher(nc, { window: 1000, maxInflightBytes: 10_000 });
    const ps: Promise<PubAck>[] = [];
    for (let i = 0; i < 50; i++) ps.push(pub.publish('default.s.e', new Uint8Array(4000), `by${i}`));
    // 0, 4000 and 8000 bytes in flight each leave room: three go out, the rest wait
    assert.equal(pub.stats().inflight, 3);
    assert.equal(pub.full, true);
    const big = pub.publish('default.s.e', new Uint8Array(50_000), 'by-big');
    const acks = await Promise.all([...ps, big]);
    assert.equal(pub.stats().maxInflight, 3);
    assert.deepEqual(
      acks.map((a) => a.seq),
      acks.map((_, i) => i + 1),
    );
    await pub.drain();
  });

  void it('retries while the stream is missing, then rejects at the deadline', async () => {
    await jsm.streams.delete(STREAM_NAME);
    const pub = new Publisher(nc, { deadlineMs: 600, retryBaseMs: 20, retryMaxMs: 50 });
    const t0 = Date.now();
    await assert.rejects(pub.publish('default.s.e', enc('x'), 'nostream'), (err: unknown) => {
      assert.ok(err instanceof PublishError);
      assert.equal(err.reason, 'deadline');
      assert.match(err.message, /no responders/);
      return true;
    });
    assert.ok(Date.now() - t0 >= 550);
    assert.ok(pub.stats().retries >= 3, `retries ${pub.stats().retries}`);
    await pub.drain();
    // and a stream that appears during the retries is used
    const pub2 = new Publisher(nc, { deadlineMs: 20_000, retryBaseMs: 20, retryMaxMs: 50 });
    const p = pub2.publish('default.s.e', enc('x'), 'late-stream');
    await waitFor(() => pub2.stats().retries >= 3);
    await resetStream(jsm, '');
    assert.equal((await p).seq, 1);
    await pub2.drain();
  });

  void it('rejects publishes after drain and everything pending on close', async () => {
    const pub = new Publisher(nc);
    await pub.drain();
    await assert.rejects(pub.publish('default.s.e', enc('x'), 'late'), /publisher is closed/);
    const pub2 = new Publisher(nc, { window: 1 });
    const ps = [pub2.publish('default.s.e', enc('a'), 'c1'), pub2.publish('default.s.e', enc('b'), 'c2')];
    pub2.close('shutting down');
    const rs = await Promise.allSettled(ps);
    assert.ok(rs.every((r) => r.status === 'rejected' && /shutting down/.test(String(r.reason))));
  });
});
