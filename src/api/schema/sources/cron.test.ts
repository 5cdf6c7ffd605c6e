import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Cron } from 'croner';
import { parseCronSchedule, timeZoneError } from './cron.js';
import { parseExclusionDate } from './calendar.js';

/** [schedule, normalized expression, zone from the prefix]: upstream's 5-field grammar and jetflow's extensions. */
const ACCEPTED: [string, string, string?][] = [
  ['*/5 * * * *', '*/5 * * * *'],
  ['5/15 * * * *', '5-59/15 * * * *'],
  ['0 9 * * mon-fri', '0 9 * * 1-5'],
  ['0 0 1 JAN,jul *', '0 0 1 1,7 *'],
  ['? * * * ?', '* * * * *'],
  ['0 0 1,,15 * *', '0 0 1,15 * *'],
  ['*-5 * * * *', '* * * * *'],
  ['  30  2   *  *  *  ', '30 2 * * *'],
  ['TZ=Europe/Berlin 0 9 * * *', '0 9 * * *', 'Europe/Berlin'],
  ['CRON_TZ=UTC 0 9 * * *', '0 9 * * *', 'UTC'],
  ['*/15 0 9 * * mon', '*/15 0 9 * * 1'],
  ['? 30 2 * * *', '* 30 2 * * *'],
  ['CRON_TZ=Asia/Tokyo 0 0 9 * * *', '0 0 9 * * *', 'Asia/Tokyo'],
  ['@yearly', '0 0 1 1 *'],
  ['@annually', '0 0 1 1 *'],
  ['@monthly', '0 0 1 * *'],
  ['@weekly', '0 0 * * 0'],
  ['@daily', '0 0 * * *'],
  ['@midnight', '0 0 * * *'],
  ['@hourly', '0 * * * *'],
  ['TZ=Europe/Berlin @daily', '0 0 * * *', 'Europe/Berlin'],
];

for (const [spec, expression, timezone] of ACCEPTED) {
  void test(`cron ${JSON.stringify(spec)} is accepted and normalized`, () => {
    const r = parseCronSchedule(spec);
    assert.ok('schedule' in r, JSON.stringify(r));
    assert.deepEqual(r.schedule, timezone ? { timezone, expression } : { expression });
    const s = r.schedule;
    assert.ok('expression' in s);
    assert.doesNotThrow(() => new Cron(s.expression, { paused: true }).stop());
  });
}

/** [schedule, constant delay in ms]: robfig's `Every` drops sub-seconds and fires at most once a second. */
const EVERY: [string, number, string?][] = [
  ['@every 1h', 3_600_000],
  ['@every 1m30s', 90_000],
  ['@every 2.5s', 2000],
  ['@every 100ms', 1000],
  ['TZ=UTC @every 10s', 10_000, 'UTC'],
];

for (const [spec, everyMs, timezone] of EVERY) {
  void test(`cron ${JSON.stringify(spec)} is a constant delay`, () => {
    assert.deepEqual(parseCronSchedule(spec), { schedule: timezone ? { timezone, everyMs } : { everyMs } });
  });
}

const REJECTED: [string, string][] = [
  ['', 'empty spec string'],
  ['@every', 'unrecognized descriptor: @every'],
  ['@every 1 hour', 'failed to parse duration @every 1 hour: expected a duration such as "30s" or "1h30m"'],
  ['@fortnightly', 'unrecognized descriptor: @fortnightly'],
  ['@Daily', 'unrecognized descriptor: @Daily'],
  ['* * * *', 'expected 5 or 6 fields, found 4: [* * * *]'],
  ['0 0 0 * * * *', 'expected 5 or 6 fields, found 7: [0 0 0 * * * *]'],
  ['60 * * * * *', 'end of range (60) above maximum (59): 60'],
  ['0 24 * * *', 'end of range (24) above maximum (23): 24'],
  ['0 0 0 * *', 'beginning of range (0) below minimum (1): 0'],
  ['10-5 * * * *', 'beginning of range (10) beyond end of range (5): 10-5'],
  ['*/0 * * * *', 'step of range should be a positive number: */0'],
  ['1-2-3 * * * *', 'too many hyphens: 1-2-3'],
  ['1/2/3 * * * *', 'too many slashes: 1/2/3'],
  ['L * * * *', 'failed to parse int from L: invalid syntax'],
  ['0 0 * * mon#2', 'failed to parse int from mon#2: invalid syntax'],
  ['TZ=UTC', 'expected fields after the time zone prefix "TZ=UTC"'],
];

for (const [spec, error] of REJECTED) {
  void test(`cron ${JSON.stringify(spec)} is rejected like upstream`, () => {
    assert.deepEqual(parseCronSchedule(spec), { error });
  });
}

void test('croner fires the normalized "N/step" form at robfig times', () => {
  const r = parseCronSchedule('5/20 * * * *');
  assert.ok('schedule' in r && 'expression' in r.schedule);
  const runs = new Cron(r.schedule.expression, { timezone: 'UTC', paused: true }).nextRuns(
    3,
    new Date('2024-01-01T10:00:30Z'),
  );
  assert.deepEqual(
    runs.map((d) => d.toISOString()),
    ['2024-01-01T10:05:00.000Z', '2024-01-01T10:25:00.000Z', '2024-01-01T10:45:00.000Z'],
  );
});

void test('croner fires a 6-field expression at its seconds', () => {
  const r = parseCronSchedule('*/20 * * * * *');
  assert.ok('schedule' in r && 'expression' in r.schedule);
  const runs = new Cron(r.schedule.expression, { timezone: 'UTC', paused: true }).nextRuns(
    3,
    new Date('2024-01-01T10:00:30.500Z'),
  );
  assert.deepEqual(
    runs.map((d) => d.toISOString()),
    ['2024-01-01T10:00:40.000Z', '2024-01-01T10:01:00.000Z', '2024-01-01T10:01:20.000Z'],
  );
});

void test('time zones follow Go LoadLocation names', () => {
  assert.equal(timeZoneError('America/New_York'), undefined);
  assert.equal(timeZoneError('Local'), undefined);
  assert.match(timeZoneError('Nowhere/City') ?? '', /unknown time zone/);
  assert.match(timeZoneError('america/new_york') ?? '', /case-sensitive/);
});

void test('exclusion dates parse as Go layout 20060102T150405Z', () => {
  assert.equal(parseExclusionDate('20240102T030405Z')?.toISOString(), '2024-01-02T03:04:05.000Z');
  for (const bad of ['20240230T000000Z', '20240102T240000Z', '2024-01-02T00:00:00Z', '20240102T000000'])
    assert.equal(parseExclusionDate(bad), undefined, bad);
});
