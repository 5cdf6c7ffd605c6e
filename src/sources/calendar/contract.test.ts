/** The source contract (src/sources/contract.ts) for `calendar`: a 1 s interval fires into a real host. */
import assert from 'node:assert/strict';
import { describeSourceContract } from '../contract.js';
import { startNats } from '../../../test/harness/index.js';
import { calendarDriver } from './index.js';
import { parseGoTime } from './go-time.js';

describeSourceContract({
  driver: calendarDriver,
  startBus: () => startNats(),
  config: () => ({ interval: '1s', metadata: { k: 'v' } }),
  trigger: () => Promise.resolve(),
  expectData: (data) => {
    const d = data as { eventTime: string; metadata: unknown };
    assert.ok(parseGoTime(d.eventTime), d.eventTime);
    assert.deepEqual(d.metadata, { k: 'v' });
  },
  failingConfig: () => ({ schedule: '99 * * * *' }),
});
