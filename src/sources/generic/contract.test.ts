/** The source contract (src/sources/contract.ts) for `generic`, against a local gRPC server. */
import assert from 'node:assert/strict';
import { after } from 'node:test';
import { describeSourceContract } from '../contract.js';
import { startNats, waitFor } from '../../../test/harness/index.js';
import { createGenericDriver } from './driver.js';
import { startEventingServer } from './test-server.js';

const server = await startEventingServer();
after(() => server.stop());

describeSourceContract({
  driver: createGenericDriver({ reconnectMs: 100 }),
  startBus: () => startNats(),
  config: () => ({ url: server.url, config: 'c', insecure: true, jsonBody: true }),
  trigger: async () => {
    await waitFor(() => server.open().length > 0);
    server.send('{"n":1}');
  },
  expectData: (data) => assert.deepEqual(data, { body: { n: 1 } }),
});
