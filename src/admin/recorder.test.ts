import assert from 'node:assert/strict';
import { test } from 'node:test';
import { demoEnvelope, demoRuntime } from './demo.js';
import { Ring } from './ring.js';

const order = (amount: number, id?: string) => demoEnvelope('webhook', 'orders', { body: { amount } }, id);
const payment = (id?: string) => demoEnvelope('webhook', 'payments', { body: { paid: true } }, id);

test('ring keeps the newest items and reports evictions', () => {
  const evicted: number[] = [];
  const r = new Ring<number>(3, (n) => evicted.push(n));
  for (let i = 1; i <= 5; i++) r.push(i);
  assert.deepEqual(r.newest(), [5, 4, 3]);
  assert.deepEqual(r.newest(2), [5, 4]);
  assert.deepEqual(
    r.newest(10, (n) => n % 2 === 1),
    [5, 3],
  );
  assert.deepEqual(evicted, [1, 2]);
  assert.throws(() => new Ring(0), RangeError);
});

test('events are bounded per source, deduplicated by id, newest first', () => {
  const { recorder } = demoRuntime({ eventsPerSource: 3 });
  for (let i = 0; i < 5; i++) recorder.recordEvent(order(i, `o${i}`));
  assert.equal(recorder.recordEvent(order(9, 'o4')), undefined, 'same id twice is recorded once');
  recorder.recordEvent(demoEnvelope('calendar', 'nightly', {}, 'c1'));
  assert.deepEqual(
    recorder.events({ source: 'webhook' }).map((e) => e.id),
    ['o4', 'o3', 'o2'],
  );
  assert.deepEqual(
    recorder.events({ limit: 2 }).map((e) => e.id),
    ['c1', 'o4'],
  );
  assert.equal(recorder.event('o0'), undefined, 'evicted events are forgotten');
  assert.deepEqual(recorder.event('o3')?.data, { body: { amount: 3 } });
  assert.equal(recorder.recordEvent('not json'), undefined);
});

test('the trace explains why an event passed or was filtered out', async () => {
  const { recorder } = demoRuntime();
  recorder.recordEvent(order(40, 'small'));
  recorder.recordEvent(order(250, 'big'));
  await recorder.idle();
  const [small] = (await recorder.traces('small'))!;
  assert.equal(small!.sensor, 'orders');
  const dep = small!.dependencies.find((d) => d.dependency === 'big-order')!;
  assert.equal(dep.passed, false);
  assert.equal(dep.filters?.kinds[0]?.kind, 'data');
  assert.match(dep.reason, /data filter did not pass/);
  assert.match(dep.filters!.kinds[0]!.items![0]!.reason, /body\.amount = 40/);
  const [big] = (await recorder.traces('big'))!;
  assert.equal(big!.dependencies[0]!.passed, true);
  assert.equal(big!.triggers.find((t) => t.trigger === 'log-order')?.wouldFire, true);
  assert.deepEqual(await recorder.traces('calendar-unknown'), undefined);
});

test('an event no sensor depends on has an empty trace', async () => {
  const { recorder } = demoRuntime();
  recorder.recordEvent(demoEnvelope('webhook', 'nobody', {}, 'x'));
  assert.deepEqual(recorder.computedTraces('x'), []);
  assert.deepEqual(await recorder.traces('x'), []);
});

test('dependency state follows the engine: AND waits, then fires and clears', async () => {
  const { recorder } = demoRuntime();
  const ship = () => recorder.state.trigger('orders', 'ship');
  recorder.recordEvent(order(40, 'a'));
  await recorder.idle();
  assert.equal(ship().pending.size, 0, 'a filtered event satisfies nothing');
  recorder.recordEvent(order(300, 'b'));
  await recorder.idle();
  assert.deepEqual([...ship().pending.keys()], ['big-order']);
  assert.equal(ship().pending.get('big-order')?.eventId, 'b');
  recorder.recordEvent(payment('c'));
  await recorder.idle();
  assert.equal(ship().pending.size, 0);
  assert.deepEqual(ship().lastSatisfiedBy, { 'big-order': 'b', payment: 'c' });
  assert.equal(
    recorder.state.trigger('orders', 'log-order').pending.size,
    0,
    'a single dependency never waits',
  );
  assert.equal(recorder.state.dependency('orders', 'big-order').filtered, 1);
  assert.equal(recorder.state.dependency('orders', 'big-order').passed, 1);
});

test('executions are kept newest first, filtered, and counted', () => {
  const { recorder } = demoRuntime({ executions: 3 });
  recorder.recordExecution({
    sensor: 'orders',
    trigger: 'ship',
    outcome: 'failed',
    durationMs: 12.7,
    error: new Error('boom'),
  });
  recorder.recordExecution({ sensor: 'orders', trigger: 'log-order', outcome: 'succeeded', durationMs: 1 });
  recorder.recordExecution({
    sensor: 'ops',
    trigger: 'report',
    outcome: 'succeeded',
    durationMs: 2,
    startedAt: 0,
  });
  recorder.recordExecution({ sensor: 'orders', trigger: 'ship', outcome: 'succeeded', durationMs: 3 });
  const all = recorder.executions();
  assert.deepEqual(
    all.map((e) => e.trigger),
    ['ship', 'report', 'log-order'],
  );
  assert.equal(recorder.executions({ sensor: 'orders', trigger: 'ship' }).length, 1);
  assert.equal(recorder.executions({ limit: 1 }).length, 1);
  const report = all[1]!;
  assert.equal(report.startedAt, new Date(0).toISOString());
  assert.equal(report.finishedAt, new Date(2).toISOString());
  const ship = recorder.state.trigger('orders', 'ship');
  assert.equal(ship.failed, 1);
  assert.equal(ship.succeeded, 1);
  assert.equal(recorder.executions({ sensor: 'nope' }).length, 0);
});

test('a full trace queue makes tracing lazy, and large payloads are truncated', async () => {
  const { recorder } = demoRuntime({ maxPendingTraces: 0, maxPayloadBytes: 64 });
  recorder.recordEvent(order(500, 'lazy'));
  assert.equal(recorder.computedTraces('lazy'), undefined);
  const traces = await recorder.traces('lazy');
  assert.equal(traces?.[0]?.dependencies[0]?.passed, true, 'computed on demand');
  const big = recorder.recordEvent(
    demoEnvelope('webhook', 'orders', { body: { amount: 1, pad: 'x'.repeat(200) } }, 'big'),
  );
  assert.equal(big?.truncated, true);
  assert.equal(typeof big?.data, 'string');
  assert.ok((big!.data as string).length <= 64);
  assert.ok(big!.size > 200);
  const t = await recorder.traces('big');
  assert.match(t![0]!.error!, /too large/);
});

test('tracing is rate limited: beyond the budget traces are computed on request', async () => {
  const { recorder } = demoRuntime({ tracesPerSecond: 1 });
  recorder.recordEvent(order(500, 'first'));
  recorder.recordEvent(order(600, 'second'));
  await recorder.idle();
  assert.equal(recorder.computedTraces('first')?.length, 1);
  assert.equal(recorder.computedTraces('second'), undefined);
  assert.equal((await recorder.traces('second'))?.[0]?.dependencies[0]?.passed, true);
});

test('subscribers see events, traces, executions and status hints', async () => {
  const { recorder } = demoRuntime();
  const seen: string[] = [];
  const off = recorder.subscribe((m) => seen.push(m.type));
  recorder.recordEvent(order(200));
  await recorder.idle();
  recorder.recordExecution({ sensor: 'orders', trigger: 'ship', outcome: 'succeeded', durationMs: 1 });
  recorder.notifyStatus();
  off();
  recorder.notifyStatus();
  assert.deepEqual(seen, ['event', 'trace', 'execution', 'status-changed']);
});
