/** Retry schedule, rate limiter, dedup cache, semaphore and conditions-reset ticks (spec/sensor.md §5.1, §9). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InvalidBackoffError, retrySchedule } from './backoff.js';
import { RecentIds } from './dedup.js';
import { Semaphore } from './pool.js';
import { RateLimiter } from './rate-limit.js';
import { ResetSchedule } from './reset.js';

describe('retryStrategy', () => {
  it('absent → 1 attempt; present with steps 0/unset → 5', () => {
    assert.equal(retrySchedule(undefined).attempts, 1);
    assert.equal(retrySchedule({}).attempts, 5);
    assert.equal(retrySchedule({ steps: 0 }).attempts, 5);
    assert.equal(retrySchedule({ steps: 3 }).attempts, 3);
  });

  it('C8: duration × factor^k, jitter off', () => {
    const s = retrySchedule({ steps: 3, duration: '1s', factor: 2, jitter: 0 });
    assert.deepEqual(
      [0, 1].map((k) => s.delayMs(k)),
      [1000, 2000],
    );
  });

  it('defaults: 1 s, factor 1, jitter 1 (d × (1 + r))', () => {
    const s = retrySchedule({ steps: 2 }, () => 0.5);
    assert.equal(s.delayMs(0), 1500);
    assert.equal(s.delayMs(3), 1500);
  });

  it('factor 0 keeps the delay constant; integer durations are nanoseconds', () => {
    const s = retrySchedule({ duration: 250_000_000, factor: 0, jitter: 0 });
    assert.deepEqual(
      [0, 1, 2].map((k) => s.delayMs(k)),
      [250, 250, 250],
    );
  });

  it('upstream parsing quirks make the backoff invalid', () => {
    assert.throws(() => retrySchedule({ duration: '5' }), InvalidBackoffError);
    assert.throws(() => retrySchedule({ factor: '2.0' }), /must be a JSON number, found the string "2.0"/);
    assert.throws(() => retrySchedule({ jitter: '1' }), InvalidBackoffError);
  });
});

describe('rate limiter', () => {
  it('from(): none without a positive requestsPerUnit; units Second, Minute, Hour', () => {
    assert.equal(RateLimiter.from(undefined), undefined);
    assert.equal(RateLimiter.from({ requestsPerUnit: 0 }), undefined);
    assert.equal(RateLimiter.from({ requestsPerUnit: 2 })!.intervalMs, 500);
    assert.equal(RateLimiter.from({ unit: 'Minute', requestsPerUnit: 3 })!.intervalMs, 20_000);
    assert.equal(RateLimiter.from({ unit: 'Hour', requestsPerUnit: 1 })!.intervalMs, 3_600_000);
  });

  it('the first caller goes at once, the next ones are spaced evenly, in arrival order', async () => {
    const l = new RateLimiter(60);
    const t0 = performance.now();
    const order: number[] = [];
    const starts = await Promise.all(
      [0, 1, 2, 3].map((i) => l.take().then(() => (order.push(i), performance.now() - t0))),
    );
    assert.deepEqual(order, [0, 1, 2, 3]);
    assert.ok(starts[0]! < 30);
    for (let i = 1; i < 4; i++)
      assert.ok(starts[i]! - starts[i - 1]! >= 59, `gap ${starts[i]! - starts[i - 1]!}`);
  });

  it('an aborted waiter gives up its turn', async () => {
    const l = new RateLimiter(1000);
    await l.take();
    const ac = new AbortController();
    const waiting = l.take(ac.signal);
    ac.abort(new Error('stop'));
    await assert.rejects(waiting, /stop/);
  });
});

describe('recent ids', () => {
  it('remembers ids for the window, then forgets them', () => {
    const r = new RecentIds(1000);
    r.add('a', 0);
    r.add('b', 500);
    assert.equal(r.has('a', 999), true);
    assert.equal(r.has('a', 1000), false);
    assert.equal(r.has('b', 1000), true);
    r.delete('b');
    assert.equal(r.has('b', 1000), false);
  });

  it('expires in insertion order across many ids and re-adds', () => {
    const r = new RecentIds(1000);
    for (let i = 0; i < 100; i++) r.add(`x${i}`, i * 10); // x0 at 0 … x99 at 990
    r.add('x0', 995); // seen again: its window starts over
    assert.equal(r.has('x1', 1009), true);
    assert.equal(r.has('x1', 1010), false);
    assert.equal(r.has('x50', 1499), true);
    assert.equal(r.has('x50', 1500), false);
    assert.equal(r.has('x99', 1989), true);
    assert.equal(r.has('x99', 1990), false);
    assert.equal(r.has('x0', 1994), true);
    assert.equal(r.has('x0', 1995), false);
  });
});

describe('semaphore', () => {
  it('bounds concurrency and reports idle', async () => {
    const s = new Semaphore(2);
    const r1 = await s.acquire();
    const r2 = await s.acquire();
    let third = false;
    const p = s.acquire().then((r) => ((third = true), r));
    await Promise.resolve();
    assert.equal(third, false);
    r1();
    const r3 = await p;
    assert.equal(s.busy, 2);
    const idle = s.idle();
    r2();
    r3();
    r3(); // releasing twice is harmless
    await idle;
    assert.equal(s.busy, 0);
  });

  it('tryAcquire takes a free slot at once and never jumps the waiters', async () => {
    const s = new Semaphore(1);
    const r1 = s.tryAcquire();
    assert.ok(r1);
    assert.equal(s.tryAcquire(), undefined);
    const waiting = s.acquire();
    r1(); // handed straight to the waiter
    assert.equal(s.tryAcquire(), undefined);
    (await waiting)();
    assert.equal(s.busy, 0);
    assert.ok(s.tryAcquire());
  });
});

describe('conditions reset schedule', () => {
  it('the latest past tick over all entries, in the entry time zone', () => {
    const s = new ResetSchedule([
      { byTime: { cron: '59 23 * * *', timezone: 'UTC' } },
      { byTime: { cron: '0 12 * * *', timezone: 'UTC' } },
    ]);
    assert.equal(s.lastTick(new Date('2024-05-02T00:05:00Z'))?.toISOString(), '2024-05-01T23:59:00.000Z');
    assert.equal(s.lastTick(new Date('2024-05-02T13:00:00Z'))?.toISOString(), '2024-05-02T12:00:00.000Z');
    const ny = new ResetSchedule([{ byTime: { cron: '0 0 * * *', timezone: 'America/New_York' } }]);
    assert.equal(ny.lastTick(new Date('2024-05-02T03:00:00Z'))?.toISOString(), '2024-05-01T04:00:00.000Z');
    assert.equal(ny.lastTick(new Date('2024-05-02T05:00:00Z'))?.toISOString(), '2024-05-02T04:00:00.000Z');
  });

  it('yearly schedules, entries without byTime, invalid cron', () => {
    assert.equal(
      new ResetSchedule([{ byTime: { cron: '0 0 29 2 *', timezone: 'UTC' } }])
        .lastTick(new Date('2025-06-01T00:00:00Z'))
        ?.toISOString(),
      '2024-02-29T00:00:00.000Z',
    );
    assert.equal(new ResetSchedule([{}]).empty, true);
    assert.throws(() => new ResetSchedule([{ byTime: { cron: '* * * *' } }]), /invalid cron expression/);
  });
});
