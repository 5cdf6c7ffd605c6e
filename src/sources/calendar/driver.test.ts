/**
 * The calendar driver against the real clock and, for persistence, a real JetStream KV bucket.
 * Intervals of 1 s keep it quick; no fixed sleeps (waitFor on the collected events).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { SourceError } from '../../api/index.js';
import { calendarBucket, calendarKey } from '../../api/index.js';
import type { CalendarEventSource } from '../../api/index.js';
import { connectBus, kvGet, kvPut, openKv, type NatsConnection } from '../../bus/index.js';
import { startNats, waitFor, type TestNats } from '../../../test/harness/index.js';
import { collectingContext } from '../file/testing.js';
import { createCalendarDriver } from './driver.js';
import { STORED_SCHEDULED_FIELD } from './loop.js';
import { CalendarStoreTakenError, kvCalendarStore } from './store.js';
import { formatGoTime, parseGoTime } from './go-time.js';

const second = (eventTime: string) => Math.floor(parseGoTime(eventTime)!.getTime() / 1000);

void test('interval: one event per tick, never drifting, with Go time text, metadata and userPayload', async () => {
  const c = collectingContext<CalendarEventSource>('calendar', {
    interval: '1s',
    metadata: { hello: 'world' },
    userPayload: { raw: [1, 'two'] },
  });
  const listener = await createCalendarDriver().start(c.ctx);
  await waitFor(() => c.events.length >= 3, { timeout: 6000 });
  await listener.stop();
  await listener.done;
  const [a, b, d] = c.events.slice(0, 3) as { eventTime: string }[];
  assert.deepEqual(Object.keys(a!), ['eventTime', 'userPayload', 'metadata']);
  assert.deepEqual(c.events[0], {
    eventTime: a!.eventTime,
    userPayload: { raw: [1, 'two'] },
    metadata: { hello: 'world' },
  });
  assert.match(a!.eventTime, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)? [+-]\d{4} \S+ m=\+\d+\.\d{9}$/);
  assert.equal(second(b!.eventTime) - second(a!.eventTime), 1);
  assert.equal(second(d!.eventTime) - second(b!.eventTime), 1);
  const count = c.events.length;
  assert.equal(c.attempts, count, 'no dispatch after stop');
});

void test('without persistence a failed dispatch is skipped, not retried', async () => {
  const c = collectingContext<CalendarEventSource>('calendar', { schedule: '* * * * * *' });
  c.failNext = 1;
  const listener = await createCalendarDriver().start(c.ctx);
  await waitFor(() => c.events.length >= 1, { timeout: 5000 });
  await listener.stop();
  assert.equal(c.attempts, 2);
  assert.match(c.events[0].eventTime, / m=\+/, 'the next tick, from its timer');
});

void test('aborting the context signal stops the loop', async () => {
  const c = collectingContext<CalendarEventSource>('calendar', { schedule: '@yearly' });
  const listener = await createCalendarDriver().start(c.ctx);
  c.abort();
  await listener.done;
  assert.equal(c.attempts, 0);
});

void test('persistence without a KV store is a start error naming the event', async () => {
  const c = collectingContext<CalendarEventSource>('calendar', {
    interval: '1s',
    persistence: { configMap: { name: 'cm' } },
  });
  await assert.rejects(createCalendarDriver().start(c.ctx), (e: unknown) => {
    assert.ok(e instanceof SourceError);
    assert.match(
      e.message,
      /^calendar event source test-calendar\/example: persistence needs the bus KV store/,
    );
    return true;
  });
});

describe('persistence in JetStream KV', () => {
  let nats: TestNats;
  let nc: NatsConnection;
  const open = (bucket: string) => openKv(nc, bucket);
  const key = calendarKey('test-calendar', 'example');
  const persistence = (catchup?: { enabled?: boolean; maxDuration?: string }) => ({
    catchup,
    configMap: { name: 'cm', createIfNotExist: true },
  });
  const storeEventTime = async (d: Date) => {
    const kv = await open(calendarBucket());
    await kvPut(kv, key, JSON.stringify({ eventTime: formatGoTime(d, 'UTC', 12.5) }));
  };
  const stored = async () => {
    const e = await kvGet(await open(calendarBucket()), key);
    if (!e) return undefined;
    const rec = JSON.parse(Buffer.from(e.value).toString()) as Record<string, unknown>;
    // the stored event data carries the tick's scheduled time too (a resume starts from it)
    assert.equal(typeof rec[STORED_SCHEDULED_FIELD], 'string');
    delete rec[STORED_SCHEDULED_FIELD];
    return rec;
  };

  before(async () => {
    nats = await startNats();
    nc = await connectBus({ servers: [nats.url] });
  });
  after(async () => {
    await nc?.close();
    await nats?.stop();
  });

  test('every dispatched event is stored under <eventSourceName>.<eventName>', async () => {
    const c = collectingContext<CalendarEventSource>('calendar', {
      schedule: '* * * * * *',
      persistence: persistence(),
    });
    const listener = await createCalendarDriver({ openKv: open }).start(c.ctx);
    await waitFor(() => c.events.length >= 1, { timeout: 5000 });
    await listener.stop();
    assert.deepEqual(await stored(), c.events.at(-1));
  });

  test('catch-up emits every missed fire at once, each with its scheduled time', async () => {
    const last = new Date(Math.floor(Date.now() / 1000) * 1000 - 4000);
    await storeEventTime(last);
    const c = collectingContext<CalendarEventSource>('calendar', {
      schedule: '* * * * * *',
      timezone: 'UTC',
      persistence: persistence({ enabled: true }),
    });
    const listener = await createCalendarDriver({ openKv: open }).start(c.ctx);
    await waitFor(() => c.events.some((e: { eventTime: string }) => e.eventTime.includes(' m=')), {
      timeout: 5000,
    });
    await listener.stop();
    const caught = c.events.filter((e: { eventTime: string }) => !e.eventTime.includes(' m='));
    assert.ok(caught.length >= 4, `caught up ${caught.length}`);
    caught.forEach((e: { eventTime: string }, i: number) => {
      assert.equal(parseGoTime(e.eventTime)!.getTime(), last.getTime() + (i + 1) * 1000);
      assert.match(e.eventTime, / \+0000 UTC$/);
    });
    assert.deepEqual(await stored(), c.events.at(-1));
  });

  test('catch-up resumes from the stored scheduled tick, not a late eventTime', async () => {
    const tick = Math.floor(Date.now() / 1000) * 1000 - 4000;
    // the timer of `tick` fired 1.5 s late: its eventTime lies past the next tick
    const late = JSON.stringify({
      eventTime: formatGoTime(new Date(tick + 1500), 'UTC', 12.5),
      [STORED_SCHEDULED_FIELD]: new Date(tick).toISOString(),
    });
    await kvPut(await open(calendarBucket()), key, late);
    const c = collectingContext<CalendarEventSource>('calendar', {
      schedule: '* * * * * *',
      timezone: 'UTC',
      persistence: persistence({ enabled: true }),
    });
    const listener = await createCalendarDriver({ openKv: open }).start(c.ctx);
    await waitFor(() => c.events.length >= 1, { timeout: 5000 });
    await listener.stop();
    assert.equal(parseGoTime((c.events[0] as { eventTime: string }).eventTime)!.getTime(), tick + 1000);
  });

  test('a store claimed by a newer process refuses the older one its next save', async () => {
    const older = await kvCalendarStore(open, 'fenced', 'e');
    await older.save('{"eventTime":"a"}');
    const newer = await kvCalendarStore(open, 'fenced', 'e');
    assert.equal(await newer.load(), '{"eventTime":"a"}');
    await assert.rejects(older.save('{"eventTime":"late"}'), CalendarStoreTakenError);
    await newer.save('{"eventTime":"b"}');
    const e = await kvGet(await open(calendarBucket()), calendarKey('fenced', 'e'));
    assert.equal(Buffer.from(e!.value).toString(), '{"eventTime":"b"}');
  });

  test('maxDuration bounds the look-back', async () => {
    await storeEventTime(new Date(Date.now() - 3_600_000));
    const c = collectingContext<CalendarEventSource>('calendar', {
      interval: '1s',
      persistence: persistence({ enabled: true, maxDuration: '3s' }),
    });
    const started = Date.now();
    const listener = await createCalendarDriver({ openKv: open }).start(c.ctx);
    await waitFor(() => c.events.some((e: { eventTime: string }) => e.eventTime.includes(' m=')), {
      timeout: 5000,
    });
    await listener.stop();
    const caught = c.events.filter((e: { eventTime: string }) => !e.eventTime.includes(' m='));
    assert.ok(caught.length >= 2 && caught.length <= 4, `caught up ${caught.length}`);
    assert.ok(parseGoTime(caught[0].eventTime)!.getTime() >= started - 4000);
  });

  test('with persistence a failed dispatch is retried for the same scheduled time', async () => {
    const c = collectingContext<CalendarEventSource>('calendar', {
      schedule: '* * * * * *',
      persistence: persistence(),
    });
    c.failNext = 2;
    const listener = await createCalendarDriver({ openKv: open }).start(c.ctx);
    await waitFor(() => c.events.length >= 1, { timeout: 5000 });
    await listener.stop();
    assert.equal(c.attempts, 3);
    const t = parseGoTime(c.events[0].eventTime)!;
    assert.equal(t.getMilliseconds(), 0, 'the scheduled whole second');
    assert.doesNotMatch(c.events[0].eventTime, / m=/);
  });

  test('an unreadable stored event is a start error', async () => {
    await kvPut(await open(calendarBucket()), key, '{"eventTime":"yesterday"}');
    const c = collectingContext<CalendarEventSource>('calendar', {
      interval: '1s',
      persistence: persistence({ enabled: true }),
    });
    await assert.rejects(
      createCalendarDriver({ openKv: open }).start(c.ctx),
      /failed to parse the persisted last event timestamp "yesterday"/,
    );
  });
});
