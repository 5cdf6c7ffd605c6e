import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Conditions, conditionsForError } from './conditions.js';
import { LocalBusError } from './errors.js';

describe('conditions', () => {
  it('start Unknown, stay sorted, and move lastTransitionTime only on a change', () => {
    let t = 0;
    const c = new Conditions(() => new Date(++t * 1000));
    assert.deepEqual(
      c.list().map((x) => [x.type, x.status]),
      [
        ['Configured', 'Unknown'],
        ['Deployed', 'Unknown'],
      ],
    );
    c.set('Deployed', 'True', 'Succeeded', 'JetStream is deployed');
    c.set('Configured', 'True');
    assert.ok(c.allTrue());
    const before = c.list()[1]!.lastTransitionTime;
    c.set('Deployed', 'True', 'Succeeded', 'JetStream is deployed');
    assert.equal(c.list()[1]!.lastTransitionTime, before);
    c.set('Deployed', 'False', 'JetStreamStatefulSetFailed', 'x');
    assert.notEqual(c.list()[1]!.lastTransitionTime, before);
    assert.ok(!c.allTrue());
  });

  it('a failed start maps to Configured=False (bad input) or Deployed=False (a deployment step)', () => {
    const bad = conditionsForError(new LocalBusError('invalid spec: x', 'InvalidSpec'));
    assert.deepEqual(
      bad.map((c) => [c.type, c.status, c.reason]),
      [
        ['Configured', 'False', 'InvalidSpec'],
        ['Deployed', 'Unknown', undefined],
      ],
    );
    const failed = conditionsForError(
      new LocalBusError('unsupported version "1"', 'JetStreamStatefulSetFailed'),
    );
    assert.deepEqual(
      failed.map((c) => [c.type, c.status, c.reason, c.message]),
      [
        ['Configured', 'True', undefined, undefined],
        ['Deployed', 'False', 'JetStreamStatefulSetFailed', 'unsupported version "1"'],
      ],
    );
  });
});
