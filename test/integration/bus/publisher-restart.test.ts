import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { jetstreamManager } from '@nats-io/jetstream';
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
import { enc, recordingLogger } from './helpers.js';

void describe('Publisher across a server crash and restart', { timeout: 90_000 }, () => {
  let nats: TestNats;
  let nc: NatsConnection;
  const log = recordingLogger();
  before(async () => {
    nats = await startNats();
    nc = await connectBus({ servers: [nats.url], reconnectBaseMs: 50, reconnectMaxMs: 200, logger: log });
    const jsm = await jetstreamManager(nc);
    await ensureStream(jsm, mergeStreamConfig(ZERO_STREAM_SETTINGS, 'duplicates: 5m').settings, {
      jetStreamServers: 1,
    });
  });
  after(async () => {
    await nc?.close();
    await nats?.stop();
  });

  void it('settles every publish: acked ones are stored exactly once, the others reject with PublishError', async () => {
    const pub = new Publisher(nc, { window: 128, ackTimeoutMs: 1000, deadlineMs: 20_000 });
    const n = 6000;
    const outcome: (PubAck | PublishError | undefined)[] = new Array(n);
    let settled = 0;
    let killed: Promise<void> | undefined;
    for (let i = 0; i < n; i++) {
      if (pub.full) await pub.waitForSlot();
      pub.publishCb('default.crash.ev', enc(`m${i}`), `crash-${i}`, (err, ack) => {
        assert.equal(outcome[i], undefined, 'one outcome per publish');
        outcome[i] = err ?? ack;
        settled++;
      });
      if (i === 2000) killed = nats.kill().then(() => nats.restart());
    }
    await killed;
    await waitFor(() => settled === n, { timeout: 30_000, message: `settled ${settled}/${n}` });
    const st = pub.stats();
    assert.equal(st.acked + st.failed, n);
    assert.ok(st.retries > 0, 'something was re-sent after the restart');
    for (const o of outcome)
      assert.ok(o !== undefined && (o instanceof PublishError || typeof o.seq === 'number'));
    // after the restart the stream holds each acked id once, at the seq its ack named
    const jsm = await jetstreamManager(nc);
    const ids = new Map<string, number>();
    const info = await jsm.streams.info(STREAM_NAME);
    for (let seq = info.state.first_seq; seq <= info.state.last_seq; seq++) {
      const m = await jsm.streams.getMessage(STREAM_NAME, { seq });
      const id = m!.header.get(MSG_ID_HEADER);
      assert.equal(ids.has(id), false, `${id} stored twice`);
      ids.set(id, seq);
    }
    outcome.forEach((o, i) => {
      if (o instanceof PublishError) return;
      assert.equal(ids.get(`crash-${i}`), o!.seq, `crash-${i} stored at its acked seq`);
    });
    assert.ok(st.acked > 0);
    assert.ok(log.lines.some((l) => l.msg === 'bus reconnected'));
    await pub.drain();
  });

  void it('rejects at the deadline while the server stays down, and works again after it is back', async () => {
    const pub = new Publisher(nc, { window: 16, deadlineMs: 1500 });
    await pub.publish('default.down.ev', enc('before'), 'down-0');
    log.lines.length = 0;
    await nats.kill();
    const t0 = Date.now();
    const rs = await Promise.allSettled(
      Array.from({ length: 40 }, (_, i) => pub.publish('default.down.ev', enc('x'), `down-${i + 1}`)),
    );
    assert.ok(Date.now() - t0 >= 1400);
    for (const r of rs) {
      assert.equal(r.status, 'rejected');
      assert.ok(r.reason instanceof PublishError);
      assert.equal(r.reason.reason, 'deadline');
      assert.match(r.reason.message, /within 1500 ms/);
    }
    // dozens of reconnect attempts happened meanwhile; the log got a line or two, not one per attempt
    const noisy = log.lines.filter((l) => l.level === 'warn' || l.level === 'error');
    assert.ok(noisy.length >= 1 && noisy.length <= 3, JSON.stringify(noisy));
    await nats.restart();
    const ack = await pub.publish('default.down.ev', enc('after'), 'down-after');
    assert.equal(ack.duplicate, false);
    await pub.drain();
  });
});
