/**
 * The source contract (src/sources/contract.ts) for `azureQueueStorage`: real JetStream, and azurite
 * (Microsoft's Azure Storage emulator, npm; started on a free port, stopped by PID) for the queue.
 */
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import { QueueServiceClient, type QueueClient } from '@azure/storage-queue';
import { startNats } from '../../../test/harness/index.js';
import { startAzuriteQueue, type Azurite } from '../../../test/harness/azurite.js';
import { describeSourceContract } from '../contract.js';
import { azureQueueStorageDriver } from './driver.js';
import { azureConfig, azureEnv } from './testing.js';

// Started at load time: the contract takes its secrets (the connection string names the port) when registered.
const az: Azurite = await startAzuriteQueue();
let q: QueueClient;
before(async () => {
  q = QueueServiceClient.fromConnectionString(az.connectionString).getQueueClient('contract');
  await q.create();
});
after(() => az?.stop());

describeSourceContract({
  driver: azureQueueStorageDriver,
  startBus: () => startNats(),
  secretEnv: azureEnv(az.connectionString),
  config: () => azureConfig('contract', { jsonBody: true }),
  trigger: async () => {
    await q.sendMessage('{"n":1}');
  },
  expectData: (data) => assert.deepEqual((data as { body: unknown }).body, { n: 1 }),
  failingConfig: () => azureConfig('missing-queue'),
  afterStop: async () => {
    assert.equal((await q.getProperties()).approximateMessagesCount, 0, 'deleted after the PubAck');
  },
  timeoutMs: 60_000,
});
