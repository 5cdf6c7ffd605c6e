import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkRange, parseReplayPoint, ReplayInputError, type StreamBounds } from './replay-range.js';

const NOW = Date.parse('2026-01-02T12:00:00Z');

test('a replay point is a sequence, an RFC 3339 time or a duration before now', () => {
  assert.deepEqual(parseReplayPoint('42', NOW), { seq: 42 });
  assert.deepEqual(parseReplayPoint('2026-01-02T10:00:00Z', NOW), { time: new Date('2026-01-02T10:00:00Z') });
  assert.deepEqual(parseReplayPoint('2026-01-02T11:00:00+01:00', NOW), {
    time: new Date('2026-01-02T10:00:00Z'),
  });
  for (const d of ['-1h', '1h', '1h ago', '60m ago', '-3600s'])
    assert.deepEqual(parseReplayPoint(d, NOW), { time: new Date('2026-01-02T11:00:00Z') }, d);
  for (const bad of ['0', 'yesterday', '2026-13-45T99:00:00Z', '', '1.5'])
    assert.throws(() => parseReplayPoint(bad, NOW), ReplayInputError, bad);
});

test('a range outside the stream, or reversed, is refused with what the stream holds', () => {
  const b: StreamBounds = {
    messages: 10,
    firstSeq: 5,
    lastSeq: 14,
    firstTime: '2026-01-02T10:00:00Z',
    lastTime: '2026-01-02T11:00:00Z',
  };
  const holds = /holds sequences 5 \(2026-01-02T10:00:00Z\) to 14 \(2026-01-02T11:00:00Z\)/;
  assert.throws(() => checkRange(b, { seq: 15 }, undefined), holds);
  assert.throws(() => checkRange(b, { seq: 1 }, { seq: 4 }), holds);
  assert.throws(() => checkRange(b, { time: new Date('2026-01-02T11:00:01Z') }, undefined), holds);
  assert.throws(() => checkRange(b, { seq: 1 }, { time: new Date('2026-01-02T09:00:00Z') }), holds);
  assert.throws(() => checkRange(b, { seq: 9 }, { seq: 6 }), /--from sequence 9 is after --to sequence 6/);
  assert.throws(() => checkRange({ ...b, messages: 0 }, { seq: 1 }, undefined), /holds no events/);
  // overlapping ranges are served from what is there
  checkRange(b, { seq: 1 }, { seq: 6 });
  checkRange(b, { time: new Date('2026-01-01T00:00:00Z') }, undefined);
  checkRange(b, { seq: 14 }, { seq: 100 });
});
