/**
 * The redisStream source against this machine's Redis: group creation at `$`, payloads, XACK only
 * after the bus stored the event, pending entries delivered again after a failed dispatch and after a
 * restart, and a connection killed by the server while blocked in XREADGROUP.
 * @module
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { RedisStreamEventSource } from '../../api/index.js';
import { waitFor } from '../../../test/harness/index.js';
import { holdDispatch, testContext } from '../broker/testing.js';
import { adminClient, killClient, redisHostAddress } from '../redis/testing.js';
import { redisStreamDriver } from './driver.js';

void describe('redisStream source', { timeout: 60_000 }, () => {
  const admin = adminClient();
  const created: string[] = [];
  const unique = () => {
    const s = `jetflow-test-${randomUUID()}`;
    created.push(s);
    return s;
  };
  const config = (
    streams: string[],
    extra: Partial<RedisStreamEventSource> = {},
  ): RedisStreamEventSource => ({
    hostAddress: redisHostAddress(),
    streams,
    ...extra,
  });
  const pendingCount = async (stream: string, group = 'argo-events-cg') =>
    ((await admin.xpending(stream, group)) as [number])[0];
  before(() => admin.connect());
  after(async () => {
    if (created.length > 0) await admin.del(...created);
    await admin.quit();
  });

  it('creates the group at $, sends entries added later with sorted values, acks them', async () => {
    const [s1, s2] = [unique(), unique()];
    await admin.xadd(s1, '*', 'old', 'entry');
    const c = testContext('redisStream', config([s1, s2], { metadata: { m: 'x' } }));
    const l = await redisStreamDriver.start(c.ctx);
    try {
      const id1 = await admin.xadd(s1, '*', 'z', '26', 'a', '1', 'a', '2');
      const id2 = await admin.xadd(s2, '*', 'k', 'v');
      await waitFor(() => c.events.length === 2);
      const byStream = Object.fromEntries(c.events.map((e) => [e.stream, e]));
      assert.deepEqual(byStream[s1], {
        stream: s1,
        message_id: id1,
        values: { a: '2', z: '26' },
        metadata: { m: 'x' },
      });
      assert.deepEqual(Object.keys(byStream[s1].values), ['a', 'z']);
      assert.deepEqual(byStream[s2], {
        stream: s2,
        message_id: id2,
        values: { k: 'v' },
        metadata: { m: 'x' },
      });
      await waitFor(async () => (await pendingCount(s1)) === 0 && (await pendingCount(s2)) === 0);
      const groups = (await admin.xinfo('GROUPS', s1)) as unknown[][];
      assert.equal(groups[0]![1], 'argo-events-cg');
    } finally {
      await l.stop();
    }
    assert.ok(
      c.health.every((h) => h.ok),
      'a stop is no lost link',
    );
  });

  it('stopped between delivery and bus ack: the entry stays pending and comes first after a restart', async () => {
    const s = unique();
    const cfg = config([s], { consumerGroup: 'my-group', maxMsgCountPerRead: 5 });
    const c = testContext('redisStream', cfg);
    holdDispatch(c);
    const l = await redisStreamDriver.start(c.ctx);
    const id = await admin.xadd(s, '*', 'n', '1');
    await waitFor(() => c.attempts === 1);
    const stopped = l.stop();
    c.hold!.fail();
    await stopped;
    assert.equal(await pendingCount(s, 'my-group'), 1, 'not acked');
    // written while the source is down: delivered after the pending one
    const later = await admin.xadd(s, '*', 'n', '2');
    const c2 = testContext('redisStream', cfg);
    const l2 = await redisStreamDriver.start(c2.ctx);
    try {
      await waitFor(() => c2.events.length === 2);
      assert.deepEqual(
        c2.events.map((e) => e.message_id),
        [id, later],
      );
      await waitFor(async () => (await pendingCount(s, 'my-group')) === 0);
    } finally {
      await l2.stop();
    }
  });

  it('a failed dispatch is tried again from the pending list without a restart', async () => {
    const s = unique();
    const c = testContext('redisStream', config([s]));
    c.failNext = 1;
    const l = await redisStreamDriver.start(c.ctx);
    try {
      const id = await admin.xadd(s, '*', 'n', '1');
      await waitFor(() => c.events.length === 1, { timeout: 10_000 });
      assert.equal(c.attempts, 2);
      assert.equal(c.events[0].message_id, id);
      await waitFor(async () => (await pendingCount(s)) === 0);
    } finally {
      await l.stop();
    }
  });

  it('a connection killed while blocked in XREADGROUP is re-established', async () => {
    const s = unique();
    const c = testContext('redisStream', config([s]), {}, `jetflow-test-${randomUUID()}`);
    const l = await redisStreamDriver.start(c.ctx);
    try {
      await admin.xadd(s, '*', 'n', '1');
      await waitFor(() => c.events.length === 1);
      assert.equal(await killClient(admin, `jetflow:${c.ctx.eventSourceName}:example`), 1);
      await waitFor(() => c.health.some((h) => !h.ok));
      await waitFor(() => c.health.at(-1)?.ok === true, { timeout: 10_000 });
      await admin.xadd(s, '*', 'n', '2');
      await waitFor(() => c.events.length === 2, { timeout: 10_000 });
      assert.deepEqual(c.events[1].values, { n: '2' });
    } finally {
      await l.stop();
    }
  });
});
