/** The in-memory conditions step of AND triggers (spec/sensor.md §5) over groups of events. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseConditions } from '../api/index.js';
import { parseCloudEvent } from './event.js';
import { applyConditions, type Partial, type PassedEvent } from './stateful.js';

let seq = 0;
function ev(dependency: string, n: number): PassedEvent {
  seq++;
  const event = parseCloudEvent(
    JSON.stringify({
      specversion: '1.0',
      id: `${dependency}${n}`,
      source: 's',
      subject: dependency,
      data: { n },
    }),
  );
  return { dependency, event, meta: { streamSeq: seq, consumerSeq: seq, timestamp: '2024-01-01T00:00:00Z' } };
}
const ids = (f: Map<string, { context: { id: string } }>) =>
  Object.fromEntries([...f].map(([d, e]) => [d, e.context.id]));

describe('applyConditions', () => {
  const and = parseConditions('a && b');

  it('pairs alternating events one firing per pair, and keeps nothing', () => {
    const out = applyConditions(and, new Map(), [ev('a', 1), ev('b', 1), ev('a', 2), ev('b', 2)]);
    assert.deepEqual(out.firings.map(ids), [
      { a: 'a1', b: 'b1' },
      { a: 'a2', b: 'b2' },
    ]);
    assert.equal(out.next.size, 0);
    assert.deepEqual(
      out.stored.map((e) => e.event.context.id),
      ['a1', 'a2'],
    );
  });

  it('latest wins per dependency; the group end state keeps the last unpaired event', () => {
    const out = applyConditions(and, new Map(), [ev('a', 1), ev('a', 2), ev('b', 1), ev('b', 2)]);
    assert.deepEqual(out.firings.map(ids), [{ a: 'a2', b: 'b1' }]);
    assert.deepEqual([...out.next.keys()], ['b']);
    assert.equal(out.next.get('b')!.event.context.id, 'b2');
  });

  it('starts from stored partials and leaves unchanged entries identical (not rewritten)', () => {
    const stored = ev('a', 0);
    const start = new Map<string, Partial>([['a', { event: stored.event, meta: stored.meta }]]);
    const none = applyConditions(and, start, [ev('a', 9)].slice(0, 0));
    assert.equal(none.next.get('a'), start.get('a'));
    const out = applyConditions(and, start, [ev('b', 1)]);
    assert.deepEqual(out.firings.map(ids), [{ a: 'a0', b: 'b1' }]);
    assert.equal(out.next.size, 0);
  });

  it('(a && b) || c: c fires alone and uses up the stored partials too', () => {
    const ast = parseConditions('(a && b) || c');
    const out = applyConditions(ast, new Map(), [ev('a', 1), ev('c', 1), ev('b', 1)]);
    assert.deepEqual(out.firings.map(ids), [{ a: 'a1', c: 'c1' }]);
    assert.deepEqual([...out.next.keys()], ['b']);
  });

  it('an entry claimed by another message (written before 0.2) counts as absent, except for that message', () => {
    const old = ev('a', 0);
    const b = ev('b', 1);
    const claimedByOther = new Map<string, Partial>([
      ['a', { event: old.event, meta: old.meta, claimedBy: b.meta.streamSeq + 100 }],
    ]);
    assert.equal(applyConditions(and, claimedByOther, [b]).firings.length, 0);
    const claimedByThis = new Map<string, Partial>([
      ['a', { event: old.event, meta: old.meta, claimedBy: b.meta.streamSeq }],
    ]);
    assert.deepEqual(applyConditions(and, claimedByThis, [b]).firings.map(ids), [{ a: 'a0', b: 'b1' }]);
  });

  it('matches one message to two dependencies in order (duplicate dependencies on one subject)', () => {
    const x = ev('x', 1);
    const out = applyConditions(parseConditions('x && y'), new Map(), [x, { ...x, dependency: 'y' }]);
    assert.deepEqual(out.firings.map(ids), [{ x: 'x1', y: 'x1' }]);
  });
});
