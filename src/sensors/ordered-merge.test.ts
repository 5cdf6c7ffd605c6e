/** Merging the consumers of an AND trigger into stream order. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { JsMsg } from '../bus/index.js';
import { OrderedMerge } from './ordered-merge.js';

// Only `seq` and `info.pending` are read by the merge.
// Only `seq`, `info.pending` and `info.deliverySequence` are read by the merge; here a message's
// consumer sequence is its stream sequence (increasing per consumer, as on the server).
const msg = (seq: number, pending: number) =>
  ({ seq, info: { pending, deliverySequence: seq } }) as unknown as JsMsg;
const batch = (seqs: number[], pendingAfter: number) =>
  seqs.map((s, i) => msg(s, pendingAfter + seqs.length - 1 - i));

function collector() {
  const groups: number[][] = [];
  const handle = (msgs: JsMsg[]) => {
    groups.push(msgs.map((m) => m.seq));
    return Promise.resolve();
  };
  return { groups, handle, all: () => groups.flat() };
}

describe('OrderedMerge', () => {
  it('interleaves two consumers by stream sequence', async () => {
    const c = collector();
    const merge = new OrderedMerge(2, c.handle, { windowMs: 1000, maxGroup: 100, maxQueued: 100 });
    await merge.push(0, batch([1, 3, 5], 0));
    await merge.push(1, batch([2, 4, 6], 0));
    await merge.idle();
    assert.deepEqual(c.all(), [1, 2, 3, 4, 5, 6]);
  });

  it('waits for a consumer that has more pending before handing over later messages', async () => {
    const c = collector();
    const merge = new OrderedMerge(2, c.handle, { windowMs: 5000, maxGroup: 100, maxQueued: 100 });
    await merge.push(1, batch([2], 3)); // b says 3 more are pending
    await merge.push(0, batch([1, 3, 5, 7], 0));
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(c.all(), [1, 2]); // 3.. must wait: b may still deliver 4
    await merge.push(1, batch([4, 6, 8], 0));
    await merge.idle();
    assert.deepEqual(c.all(), [1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('asks a consumer that said "nothing more" before letting a later message overtake it', async () => {
    const c = collector();
    const asked: number[] = [];
    // consumer 1's server state: it has message 4 on the way (pending), later nothing
    let server = { pending: 1, deliveredConsumerSeq: 2 };
    const merge = new OrderedMerge(2, c.handle, {
      windowMs: 5000,
      maxGroup: 100,
      maxQueued: 100,
      confirm: (i) => {
        asked.push(i);
        return Promise.resolve(server);
      },
    });
    await merge.push(1, batch([2], 0)); // "nothing more" as of its delivery
    await merge.push(0, batch([1, 3, 5, 7], 0));
    await new Promise((r) => setImmediate(r));
    // 3 follows 2 directly, so nothing of consumer 1 can lie between; 5 could be overtaking 4
    assert.deepEqual(c.all(), [1, 2, 3]);
    assert.ok(asked.includes(1));
    server = { pending: 0, deliveredConsumerSeq: 4 };
    await merge.push(1, batch([4], 0));
    await merge.idle();
    assert.deepEqual(c.all(), [1, 2, 3, 4, 5, 7]);
  });

  it('hands over once the asked consumer confirms it holds nothing earlier', async () => {
    const c = collector();
    const merge = new OrderedMerge(2, c.handle, {
      windowMs: 5000,
      maxGroup: 100,
      maxQueued: 100,
      // its stream position may be far ahead (a filtered consumer skips others' messages): not asked
      confirm: () => Promise.resolve({ pending: 0, deliveredConsumerSeq: 2 }),
    });
    await merge.push(1, batch([2], 0));
    const t0 = performance.now();
    await merge.push(0, batch([1, 3, 9, 11], 0));
    await merge.idle();
    assert.deepEqual(c.all(), [1, 2, 3, 9, 11]);
    assert.ok(performance.now() - t0 < 1000, 'no window wait');
  });

  it('falls back to the window when the question fails', async () => {
    const c = collector();
    const merge = new OrderedMerge(2, c.handle, {
      windowMs: 30,
      maxGroup: 100,
      maxQueued: 100,
      confirm: () => Promise.reject(new Error('bus down')),
    });
    await merge.push(1, batch([2], 0));
    await merge.push(0, batch([1, 3, 9], 0));
    await merge.idle();
    assert.deepEqual(c.all(), [1, 2, 3, 9]);
  });

  it('goes on without a lagging consumer after the window', async () => {
    const c = collector();
    const merge = new OrderedMerge(2, c.handle, { windowMs: 30, maxGroup: 100, maxQueued: 100 });
    await merge.push(1, batch([2], 5));
    await merge.push(0, batch([1, 3], 0));
    const t0 = performance.now();
    await merge.idle();
    assert.deepEqual(c.all(), [1, 2, 3]);
    assert.ok(performance.now() - t0 >= 25, 'held back for about the window');
  });

  it('bounds a group and back-pressures a consumer until its queue has room', async () => {
    const c = collector();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const merge = new OrderedMerge(
      1,
      async (msgs) => {
        await gate;
        await c.handle(msgs);
      },
      { windowMs: 10, maxGroup: 2, maxQueued: 2 },
    );
    let roomy = false;
    void merge.push(0, batch([1, 2, 3, 4, 5], 0)).then(() => (roomy = true));
    await new Promise((r) => setImmediate(r));
    assert.equal(roomy, false);
    release();
    await merge.idle();
    assert.equal(roomy, true);
    assert.deepEqual(c.groups, [[1, 2], [3, 4], [5]]);
  });

  it('after a crash, waits for the redeliveries a consumer owes before going past them', async () => {
    const c = collector();
    const merge = new OrderedMerge(2, c.handle, { windowMs: 10, maxGroup: 100, maxQueued: 100 });
    merge.start(0, { pending: 3, ackPending: 0, ackFloor: 0, delivered: 0, ackWaitMs: 30_000 });
    merge.start(1, { pending: 0, ackPending: 3, ackFloor: 0, delivered: 6, ackWaitMs: 30_000 });
    await merge.push(0, batch([1, 3, 5], 0));
    await new Promise((r) => setTimeout(r, 50)); // well past the window: still waiting for 2, 4, 6
    assert.deepEqual(c.all(), []);
    await merge.push(1, batch([2, 4, 6], 0));
    await merge.idle();
    assert.deepEqual(c.all(), [1, 2, 3, 4, 5, 6]);
  });

  it('a consumer with nothing pending or owed at start is not waited for', async () => {
    const c = collector();
    const merge = new OrderedMerge(2, c.handle, { windowMs: 60_000, maxGroup: 100, maxQueued: 100 });
    merge.start(1, { pending: 0, ackPending: 0, ackFloor: 40, delivered: 40, ackWaitMs: 30_000 });
    await merge.push(0, batch([41, 43], 0));
    await merge.idle();
    assert.deepEqual(c.all(), [41, 43]);
  });

  it('close hands back what is still queued', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const merge = new OrderedMerge(1, () => gate, { windowMs: 10, maxGroup: 1, maxQueued: 10 });
    await merge.push(0, batch([1, 2, 3], 0));
    const closing = merge.close();
    release();
    assert.deepEqual(
      (await closing).map((m) => m.seq),
      [2, 3],
    );
  });
});
