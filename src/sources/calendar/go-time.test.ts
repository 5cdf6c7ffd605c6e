import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatGoTime, parseGoTime, zoneAbbreviation } from './go-time.js';

void test('formats like Go Time.String(): trailing zeros of the fraction dropped, zone offset and name', () => {
  const d = new Date('2024-01-02T15:04:05.120Z');
  assert.equal(formatGoTime(d, 'UTC'), '2024-01-02 15:04:05.12 +0000 UTC');
  assert.equal(formatGoTime(new Date('2024-01-02T15:04:05Z'), 'UTC'), '2024-01-02 15:04:05 +0000 UTC');
  assert.equal(formatGoTime(d, 'America/New_York'), '2024-01-02 10:04:05.12 -0500 EST');
  assert.equal(
    formatGoTime(new Date('2024-07-02T15:04:05Z'), 'America/New_York'),
    '2024-07-02 11:04:05 -0400 EDT',
  );
  assert.equal(formatGoTime(d, 'Europe/Berlin'), '2024-01-02 16:04:05.12 +0100 CET');
  assert.equal(formatGoTime(d, 'Asia/Kathmandu'), '2024-01-02 20:49:05.12 +0545 +0545');
});

void test('a monotonic reading prints as Go does: m=+<seconds>.<9 digits>', () => {
  const d = new Date('2024-01-02T15:04:05.5Z');
  assert.equal(formatGoTime(d, 'UTC', 60_000.000001), '2024-01-02 15:04:05.5 +0000 UTC m=+60.000000001');
  assert.equal(formatGoTime(d, 'UTC', 0.25), '2024-01-02 15:04:05.5 +0000 UTC m=+0.000250000');
});

void test('numeric zone names follow tzdata (+03, -0330) when Intl knows no abbreviation', () => {
  assert.equal(zoneAbbreviation(new Date('2024-01-02T00:00:00Z'), 'Etc/GMT-3', 180), '+03');
  assert.equal(zoneAbbreviation(new Date('2024-01-02T00:00:00Z'), 'Etc/GMT-3', -210), '-0330');
});

void test('parses what upstream stores, ignoring the monotonic suffix and the zone name', () => {
  assert.equal(
    parseGoTime('2024-01-02 15:04:05.123456789 +0000 UTC m=+60.000000001')?.toISOString(),
    '2024-01-02T15:04:05.123Z',
  );
  assert.equal(parseGoTime('2024-01-02 10:04:05 -0500 EST')?.toISOString(), '2024-01-02T15:04:05.000Z');
  assert.equal(parseGoTime('2024-01-02 20:49:05.1 +0545 +0545')?.toISOString(), '2024-01-02T15:04:05.100Z');
  for (const bad of ['2024-01-02T15:04:05Z', '2024-02-30 00:00:00 +0000 UTC', '', 'yesterday'])
    assert.equal(parseGoTime(bad), undefined, bad);
});

void test('format and parse round-trip in any zone', () => {
  for (const zone of ['UTC', 'America/Los_Angeles', 'Asia/Kolkata', 'Australia/Lord_Howe']) {
    const d = new Date('2025-03-30T01:30:00.007Z');
    assert.equal(parseGoTime(formatGoTime(d, zone, 1234.5))?.getTime(), d.getTime(), zone);
  }
});
