/** The source contract (src/sources/contract.ts) for `redis`, against this machine's Redis. */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before } from 'node:test';
import { describeSourceContract } from '../contract.js';
import { freePort, startNats } from '../../../test/harness/index.js';
import { redisDriver } from './driver.js';
import { adminClient, redisHostAddress } from './testing.js';

const channel = `jetflow-test-${randomUUID()}`;
const admin = adminClient();
before(() => admin.connect());
after(() => admin.quit());

describeSourceContract({
  driver: redisDriver,
  startBus: () => startNats(),
  config: () => ({ hostAddress: redisHostAddress(), channels: [channel], metadata: { m: '1' } }),
  trigger: async () => {
    assert.equal(await admin.publish(channel, 'hello'), 1, 'one subscriber');
  },
  expectData: (data) => assert.deepEqual(data, { channel, pattern: '', body: 'hello', metadata: { m: '1' } }),
  failingConfig: async () => ({ hostAddress: `127.0.0.1:${await freePort()}`, channels: [channel] }),
});
