import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { WorkQueue } from './queue.js';

describe('controller work queue', () => {
  it('a key is queued once however often it is added', async () => {
    const q = new WorkQueue();
    q.add('a');
    q.add('a');
    q.add('b');
    assert.equal(await q.next(), 'a');
    assert.equal(await q.next(), 'b');
    q.done('a', false);
    q.done('b', false);
    q.close();
    assert.equal(await q.next(), undefined);
  });

  it('a key added while it runs is reconciled again after', async () => {
    const q = new WorkQueue();
    q.add('a');
    assert.equal(await q.next(), 'a');
    q.add('a');
    q.done('a', false);
    assert.equal(await q.next(), 'a');
    q.close();
  });

  it('failures come back with a growing, bounded backoff; success resets it', async () => {
    const q = new WorkQueue({ baseDelayMs: 10, maxDelayMs: 40 });
    q.add('a');
    const delays: number[] = [];
    for (let i = 0; i < 4; i++) {
      assert.equal(await q.next(), 'a');
      delays.push(q.done('a', true)!);
    }
    assert.ok(delays[0] >= 5 && delays[0] <= 10, `first ${delays[0]}`);
    assert.ok(delays[3] >= 20 && delays[3] <= 40, `bounded ${delays[3]}`);
    assert.equal(await q.next(), 'a');
    assert.equal(q.done('a', false), undefined);
    q.add('a');
    assert.equal(await q.next(), 'a');
    assert.ok(q.done('a', true)! <= 10, 'reset after success');
    q.close();
  });
});
