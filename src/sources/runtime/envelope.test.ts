import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EnvelopeWriter, eventTime, newEventId, safeId } from './envelope.js';

describe('envelope', () => {
  it('ids are 32 lowercase hex characters, fresh each time', () => {
    const a = newEventId();
    assert.match(a, /^[0-9a-f]{32}$/);
    assert.notEqual(a, newEventId());
  });

  it('time is RFC 3339 UTC with fractional seconds', () => {
    assert.equal(eventTime(new Date(Date.UTC(2024, 4, 1, 10, 0, 0, 120))), '2024-05-01T10:00:00.120Z');
  });

  it('the current time (formatted once per millisecond) is now', () => {
    const before = Date.now();
    const t = Date.parse(eventTime());
    assert.ok(t >= before && t <= Date.now(), `${t} not within [${before}, now]`);
    assert.match(eventTime(), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it('writes every attribute and embeds raw data, from bytes or text', () => {
    const w = new EnvelopeWriter('my-es', 'ev"1', 'webhook');
    const fromBytes = JSON.parse(
      w.write('abc', '2024-05-01T10:00:00.000Z', Buffer.from('{"a":[1,"é"]}')).toString('utf8'),
    );
    const fromText = JSON.parse(w.write('abc', '2024-05-01T10:00:00.000Z', '{"a":[1,"é"]}').toString('utf8'));
    const want = {
      specversion: '1.0',
      id: 'abc',
      source: 'my-es',
      type: 'webhook',
      subject: 'ev"1',
      datacontenttype: 'application/json',
      time: '2024-05-01T10:00:00.000Z',
      data: { a: [1, 'é'] },
    };
    assert.deepEqual(fromBytes, want);
    assert.deepEqual(fromText, want);
  });

  it('envelopes cut from a shared slab stay intact while later ones are written, at any size', () => {
    const w = new EnvelopeWriter('ésource', 'ev', 'webhook');
    const sizes = [0, 1, 7, 1000, 33_000, 5, 200_000, 3];
    const made = [];
    // enough to fill several slabs
    for (let i = 0; i < 2000; i++) {
      const n = sizes[i % sizes.length]!;
      const data = JSON.stringify({ i, s: 'ü'.repeat(n) });
      made.push({
        i,
        n,
        buf: i % 2 ? w.write(`id${i}`, 't', data) : w.write(`id${i}`, 't', Buffer.from(data)),
      });
    }
    for (const { i, n, buf } of made) {
      const e = JSON.parse(buf.toString('utf8')) as {
        id: string;
        source: string;
        data: { i: number; s: string };
      };
      assert.equal(e.id, `id${i}`);
      assert.equal(e.source, 'ésource');
      assert.deepEqual(e.data, { i, s: 'ü'.repeat(n) });
    }
  });

  it('escapes caller-supplied ids', () => {
    const w = new EnvelopeWriter('s', 'e', 'kafka');
    const id = 's:e:broker:9092:"t":0:1';
    assert.equal(JSON.parse(w.write(safeId(id), 't', 'null').toString()).id, id);
  });
});
