/** Golden tables for expr, context and time filters (spec/sensor.md §4.3–§4.5, scenario C12). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SensorEvent } from '../event.js';
import type { ExprFilter, TimeFilter } from '../spec.js';
import { evaluateContext } from './context.js';
import { evaluateExprs } from './expr.js';
import { evaluateTime } from './time.js';

const ctx = {
  id: '1',
  source: 'webhook',
  specversion: '1.0',
  type: 'webhook',
  datacontenttype: 'application/json',
  subject: 'example',
  time: '2024-05-01T10:00:00Z',
};
const ev = (data: unknown) =>
  new SensorEvent(
    ctx,
    data === undefined ? undefined : typeof data === 'string' ? data : JSON.stringify(data),
  );

describe('expr filters', () => {
  const C12: ExprFilter[] = [
    {
      expr: 'a == "b" || c == 10',
      fields: [
        { name: 'a', path: 'body.a' },
        { name: 'c', path: 'body.c' },
      ],
    },
    { expr: 'e == false', fields: [{ name: 'e', path: 'body.d.e' }] },
  ];
  const rows: [string, ExprFilter[], '' | 'and' | 'or', unknown, boolean | RegExp][] = [
    ['C12: e is true → discarded', C12, '', { body: { a: 'b', c: 11, d: { e: true } } }, false],
    ['C12: e is false → passes', C12, '', { body: { a: 'b', c: 11, d: { e: false } } }, true],
    [
      'numbers are floats',
      [{ expr: 'n / 2 == 2.5', fields: [{ name: 'n', path: 'n' }] }],
      '',
      { n: 5 },
      true,
    ],
    [
      'regex operator',
      [{ expr: 'm =~ "^he"', fields: [{ name: 'm', path: 'm' }] }],
      '',
      { m: 'hello' },
      true,
    ],
    ['IN list', [{ expr: 's IN ("a", "b")', fields: [{ name: 's', path: 's' }] }], '', { s: 'b' }, true],
    [
      'ternary / null coalescing',
      [{ expr: '(x ?? 1) == 1', fields: [{ name: 'x', path: 'x' }] }],
      '',
      { x: null },
      true,
    ],
    [
      'non-boolean result is a non-pass',
      [{ expr: 'n + 1', fields: [{ name: 'n', path: 'n' }] }],
      '',
      { n: 1 },
      false,
    ],
    [
      'missing path with and is an error',
      C12,
      'and',
      { body: { a: 'b', c: 11 } },
      /expr filter error \(path 'body.d.e' does not exist\)/,
    ],
    ['missing path with or skips that filter', C12, 'or', { body: { a: 'b', c: 11 } }, true],
    [
      'or: no filter passes, errors collected',
      [C12[1]!],
      'or',
      { body: {} },
      /expr filter errors \[path 'body.d.e' does not exist\]/,
    ],
    [
      'syntax error',
      [{ expr: 'a ==', fields: [{ name: 'a', path: 'a' }] }],
      '',
      { a: 1 },
      /expr filter error/,
    ],
    ['a filter without fields is skipped', [{ expr: 'false', fields: [] }], '', { a: 1 }, true],
    ['empty list: and passes', [], 'and', { a: 1 }, true],
    ['empty list: or does not (upstream quirk)', [], 'or', { a: 1 }, false],
    ['no data passes', C12, '', undefined, true],
    ['invalid JSON data is an error', C12, '', '{', /event data not valid JSON/],
  ];
  for (const [name, filters, op, data, want] of rows) {
    it(name, () => {
      const v = evaluateExprs(filters, op, ev(data));
      if (want instanceof RegExp) {
        assert.equal(v.pass, false);
        assert.match(v.error ?? '', want);
      } else {
        assert.equal(v.pass, want, `${v.reason} ${v.error ?? ''}`);
      }
    });
  }
});

describe('context filter', () => {
  it('compares type, subject, source and datacontenttype exactly, only when set', () => {
    assert.equal(evaluateContext({ type: 'webhook' }, ctx).pass, true);
    assert.equal(evaluateContext({ source: 'other' }, ctx).pass, false);
    assert.equal(
      evaluateContext(
        { type: 'webhook', subject: 'example', source: 'webhook', datacontenttype: 'application/json' },
        ctx,
      ).pass,
      true,
    );
    assert.equal(evaluateContext({ type: 'Webhook' }, ctx).pass, false);
    assert.equal(evaluateContext({ id: 'not compared', type: 'webhook' }, ctx).pass, true);
    assert.match(evaluateContext({ source: 'other' }, ctx).reason, /source is "webhook", expected "other"/);
  });
});

describe('time filter', () => {
  const at = (iso: string) => Date.parse(iso);
  const rows: [string, TimeFilter, string, boolean | RegExp][] = [
    ['inside [start, stop)', { start: '09:00:00', stop: '17:00:00' }, '2024-05-01T10:00:00Z', true],
    ['start is inclusive', { start: '10:00:00', stop: '17:00:00' }, '2024-05-01T10:00:00Z', true],
    ['stop is exclusive', { start: '09:00:00', stop: '10:00:00' }, '2024-05-01T10:00:00Z', false],
    ['C12: 23:30 passes 22:00→02:00', { start: '22:00:00', stop: '02:00:00' }, '2024-05-01T23:30:00Z', true],
    ['C12: 01:00 passes 22:00→02:00', { start: '22:00:00', stop: '02:00:00' }, '2024-05-01T01:00:00Z', true],
    ['C12: 12:00 fails 22:00→02:00', { start: '22:00:00', stop: '02:00:00' }, '2024-05-01T12:00:00Z', false],
    [
      'timezone: 10:00 UTC is 12:00 in Berlin (summer)',
      { start: '11:30:00', stop: '12:30:00', timezone: 'Europe/Berlin' },
      '2024-05-01T10:00:00Z',
      true,
    ],
    [
      "timezone: the calendar date is the zone's",
      { start: '20:00:00', stop: '21:00:00', timezone: 'America/New_York' },
      '2024-05-02T00:30:00Z',
      true,
    ],
    [
      'timezone: fractional seconds in the event time',
      { start: '10:00:00', stop: '10:00:01' },
      '2024-05-01T10:00:00.999Z',
      true,
    ],
    [
      'bad clock is an error',
      { start: '25:00:00', stop: '02:00:00' },
      '2024-05-01T10:00:00Z',
      /time filter error/,
    ],
    [
      'unknown zone is an error',
      { start: '01:00:00', stop: '02:00:00', timezone: 'Mars/Olympus' },
      '2024-05-01T10:00:00Z',
      /invalid timezone 'Mars\/Olympus'/,
    ],
  ];
  for (const [name, f, t, want] of rows) {
    it(name, () => {
      const v = evaluateTime(f, at(t));
      if (want instanceof RegExp) assert.match(v.error ?? '', want);
      else assert.equal(v.pass, want, v.reason);
    });
  }
  it('an event without a time is an error', () => {
    assert.match(evaluateTime({ start: '01:00:00', stop: '02:00:00' }, NaN).error ?? '', /no valid time/);
  });
});
