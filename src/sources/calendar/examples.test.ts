/** Upstream's calendar example (examples/argo-events/event-sources/calendar.yaml) runs as written. */
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { loadFile } from '../../api/index.js';
import type { EventSource } from '../../api/index.js';
import { upstreamExamples, waitFor } from '../../../test/harness/index.js';
import { collectingContext } from '../file/testing.js';
import { calendarDriver } from './driver.js';
import { parseGoTime } from './go-time.js';

void test(
  'calendar.yaml: the 10s interval fires on a whole 10 s step from the start',
  { timeout: 20_000 },
  async () => {
    const [doc] = await loadFile(path.join(upstreamExamples, 'event-sources/calendar.yaml'));
    const events = Object.entries((doc!.resource as EventSource).spec.calendar ?? {});
    assert.deepEqual(
      events.map(([n]) => n),
      ['example-with-interval'],
    );
    const c = collectingContext('calendar', events[0]![1]);
    const before = Math.floor(Date.now() / 1000) * 1000;
    const l = await calendarDriver.start(c.ctx);
    const after = Math.floor(Date.now() / 1000) * 1000;
    await waitFor(() => c.events.length === 1, { timeout: 12_000 });
    await l.stop();
    const fired = parseGoTime((c.events[0] as { eventTime: string }).eventTime)!.getTime();
    assert.ok(
      fired >= before + 10_000 && fired < after + 11_000,
      `fired ${fired - before} ms after the start second`,
    );
    assert.deepEqual(Object.keys(c.events[0] as object), ['eventTime']);
  },
);
