/** The source contract (src/sources/contract.ts) for `redisStream`, against this machine's Redis. */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before } from 'node:test';
import { describeSourceContract } from '../contract.js';
import { freePort, startNats } from '../../../test/harness/index.js';
import { adminClient, redisHostAddress } from '../redis/testing.js';
import { redisStreamDriver } from './driver.js';

const stream = `jetflow-test-${randomUUID()}`;
const admin = adminClient();
let id = '';
before(() => admin.connect());
after(async () => {
  await admin.del(stream);
  await admin.quit();
});

describeSourceContract({
  driver: redisStreamDriver,
  startBus: () => startNats(),
  config: () => ({ hostAddress: redisHostAddress(), streams: [stream] }),
  trigger: async () => {
    id = (await admin.xadd(stream, '*', 'b', '2', 'a', '1'))!;
  },
  expectData: (data) => assert.deepEqual(data, { stream, message_id: id, values: { a: '1', b: '2' } }),
  failingConfig: async () => ({ hostAddress: `127.0.0.1:${await freePort()}`, streams: [stream] }),
});
