/**
 * Upstream's azure-queue-storage.yaml (queue "test", jsonBody, connection string from azure-secret,
 * waitTimeInSeconds 2) against azurite (npm; started on a free port, stopped by PID).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { QueueServiceClient } from '@azure/storage-queue';
import type { AzureQueueStorageEventSource } from '../../api/index.js';
import { waitFor } from '../../../test/harness/index.js';
import { startAzuriteQueue } from '../../../test/harness/azurite.js';
import { exampleEvents, testContext } from '../broker/testing.js';
import { azureQueueStorageDriver } from './driver.js';
import { azureEnv } from './testing.js';

void test('azure-queue-storage.yaml: queue "test", jsonBody, connectionString from azure-secret', async () => {
  const events = await exampleEvents<AzureQueueStorageEventSource>(
    'azure-queue-storage.yaml',
    'azureQueueStorage',
  );
  assert.deepEqual(
    events.map(([n]) => n),
    ['example'],
  );
  const az = await startAzuriteQueue();
  try {
    const q = QueueServiceClient.fromConnectionString(az.connectionString).getQueueClient('test');
    await q.create();
    const c = testContext(
      'azureQueueStorage',
      events[0]![1],
      azureEnv(az.connectionString),
      'azure-queue-storage',
    );
    const l = await azureQueueStorageDriver.start(c.ctx);
    try {
      await q.sendMessage('{"message":"hello"}');
      await waitFor(() => c.events.length === 1, { timeout: 15_000 });
      assert.deepEqual(c.events[0].body, { message: 'hello' });
      await waitFor(async () => (await q.getProperties()).approximateMessagesCount === 0);
    } finally {
      await l.stop();
    }
  } finally {
    await az.stop();
  }
});
