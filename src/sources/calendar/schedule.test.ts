import assert from 'node:assert/strict';
import { test } from 'node:test';
import { resolveSchedule } from './schedule.js';

const runs = (cfg: Parameters<typeof resolveSchedule>[0], from: string, n: number): string[] => {
  const s = resolveSchedule(cfg);
  const out: string[] = [];
  let t: Date | undefined = new Date(from);
  for (let i = 0; i < n && t; i++) {
    t = s.next(t);
    if (t) out.push(t.toISOString());
  }
  return out;
};

void test('interval: previous fire without its sub-second part, plus the interval', () => {
  assert.deepEqual(runs({ interval: '10s' }, '2024-01-01T00:00:00.700Z', 3), [
    '2024-01-01T00:00:10.000Z',
    '2024-01-01T00:00:20.000Z',
    '2024-01-01T00:00:30.000Z',
  ]);
  // Upstream quirk kept: 1.5s fires at .5 and then drops it again (ConstantDelaySchedule).
  assert.deepEqual(runs({ interval: '1.5s' }, '2024-01-01T00:00:00Z', 3), [
    '2024-01-01T00:00:01.500Z',
    '2024-01-01T00:00:02.500Z',
    '2024-01-01T00:00:03.500Z',
  ]);
});

void test('schedule wins over interval; 5 and 6 fields, descriptors and @every', () => {
  assert.deepEqual(runs({ schedule: '30 * * * *', interval: '1s' }, '2024-01-01T00:31:00Z', 2), [
    '2024-01-01T01:30:00.000Z',
    '2024-01-01T02:30:00.000Z',
  ]);
  assert.deepEqual(runs({ schedule: '*/20 * * * * *', timezone: 'UTC' }, '2024-01-01T00:00:00.100Z', 2), [
    '2024-01-01T00:00:20.000Z',
    '2024-01-01T00:00:40.000Z',
  ]);
  assert.deepEqual(runs({ schedule: '@daily', timezone: 'UTC' }, '2024-01-01T10:00:00Z', 1), [
    '2024-01-02T00:00:00.000Z',
  ]);
  assert.deepEqual(runs({ schedule: '@every 90s' }, '2024-01-01T00:00:00.900Z', 2), [
    '2024-01-01T00:01:30.000Z',
    '2024-01-01T00:03:00.000Z',
  ]);
});

void test('the cron runs in timezone, or in the TZ= prefix zone which overrides it', () => {
  assert.deepEqual(runs({ schedule: '0 9 * * *', timezone: 'America/New_York' }, '2024-01-01T00:00:00Z', 1), [
    '2024-01-01T14:00:00.000Z',
  ]);
  assert.deepEqual(
    runs(
      { schedule: 'CRON_TZ=Asia/Tokyo 0 9 * * *', timezone: 'America/New_York' },
      '2024-01-01T00:00:00Z',
      1,
    ),
    ['2024-01-02T00:00:00.000Z'],
  );
});

void test('fire times on excluded calendar dates (in the schedule zone) are skipped', () => {
  assert.deepEqual(
    runs(
      {
        schedule: '0 12 * * *',
        timezone: 'UTC',
        exclusionDates: ['EXDATE:20240102T000000Z,20240103T235959Z', '20240105T000000Z'],
      },
      '2024-01-01T13:00:00Z',
      2,
    ),
    ['2024-01-04T12:00:00.000Z', '2024-01-05T12:00:00.000Z'],
  );
  // 23:00 New York on Jan 1 is Jan 2 in UTC: the date is compared in the event's zone, so it fires.
  assert.deepEqual(
    runs(
      { schedule: '0 23 * * *', timezone: 'America/New_York', exclusionDates: ['EXDATE:20240102T000000Z'] },
      '2024-01-01T12:00:00Z',
      2,
    ),
    ['2024-01-02T04:00:00.000Z', '2024-01-04T04:00:00.000Z'],
  );
});

void test('bad configs fail with upstream messages', () => {
  assert.throws(
    () => resolveSchedule({ schedule: '61 * * * *' }),
    /failed to parse schedule 61 \* \* \* \* from calendar event/,
  );
  assert.throws(() => resolveSchedule({ interval: 'soon' }), /failed to parse interval soon/);
  assert.throws(() => resolveSchedule({}), /must contain either a schedule or interval/);
  assert.throws(
    () => resolveSchedule({ interval: '1s', exclusionDates: ['EXDATE:2024-01-02'] }),
    /failed to parse exclusion date/,
  );
});

void test('an impossible cron has no next fire', () => {
  assert.equal(resolveSchedule({ schedule: '0 0 30 2 *' }).next(new Date()), undefined);
});
