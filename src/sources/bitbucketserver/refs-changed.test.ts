import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { refsChangedEvents } from './refs-changed.js';

const payload = JSON.stringify({
  eventKey: 'repo:refs_changed',
  extra: 'kept',
  repository: { slug: 'r', project: { key: 'P' } },
  changes: [
    { ref: { type: 'BRANCH' }, type: 'UPDATE', toHash: 'open' },
    { ref: { type: 'BRANCH' }, type: 'UPDATE', toHash: 'closed' },
    { ref: { type: 'TAG' }, type: 'ADD', toHash: 'open' },
  ],
});

describe('repo:refs_changed', () => {
  it('passes the payload through unchanged by default', async () => {
    assert.deepEqual(
      await refsChangedEvents(payload, { skipBranchRefsChangedOnOpenPR: false, oneEventPerChange: false }),
      [payload],
    );
  });

  it('drops branch changes with an open PR and splits per change', async () => {
    const asked: string[] = [];
    const out = await refsChangedEvents(payload, {
      skipBranchRefsChangedOnOpenPR: true,
      oneEventPerChange: true,
      hasOpenPR: async (p, r, c) => (asked.push(`${p}/${r}@${c}`), c === 'open'),
    });
    assert.deepEqual(asked, ['P/r@open', 'P/r@closed'], 'tags are not looked up');
    const events = out.map((t) => JSON.parse(t));
    assert.deepEqual(
      events.map((e) => e.changes.map((c: { toHash: string }) => c.toHash)),
      [['closed'], ['open']],
    );
    assert.equal(events[0].extra, 'kept');
  });

  it('dispatches nothing when every change is dropped', async () => {
    const only = JSON.stringify({ repository: {}, changes: [{ ref: { type: 'BRANCH' }, toHash: 'x' }] });
    assert.deepEqual(
      await refsChangedEvents(only, {
        skipBranchRefsChangedOnOpenPR: true,
        oneEventPerChange: false,
        hasOpenPR: async () => true,
      }),
      [],
    );
  });
});
