import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ackSequences } from './ack-subject.js';

describe('ackSequences', () => {
  it('reads stream and delivery sequence of both ack subject formats', () => {
    assert.deepEqual(ackSequences('$JS.ACK.default.dur.1.4711.42.1700000000000000000.3'), {
      streamSeq: 4711,
      deliverySeq: 42,
    });
    assert.deepEqual(
      ackSequences('$JS.ACK.hub.ACCHASH.default.dur.2.9007199254740991.7.1700000000000000000.0.abc'),
      {
        streamSeq: 9007199254740991,
        deliverySeq: 7,
      },
    );
  });

  it('refuses what is not an ack subject', () => {
    for (const s of [
      '',
      '_INBOX.abc',
      '$JS.ACK.default.dur.1.4711.42.1700000000000000000', // 8 tokens
      '$JS.ACK.default.dur.1.47x1.42.1.3',
      '$JS.ACK.default.dur.1..42.1.3',
      '$JS.ACK.a.b.c.d.e.f.g.h.i.j.k', // 13 tokens
    ])
      assert.equal(ackSequences(s), undefined, s);
  });
});
