/**
 * The azureQueueStorage source against azurite (Microsoft's Azure Storage emulator, npm, started by
 * the test on a free port and stopped by PID): payload shape, decodeMessage, jsonBody and dlq, delete
 * only after the bus stored the event (a refused one comes back after its visibility timeout), and a
 * wrong key failing the start without showing the connection string.
 * @module
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { QueueServiceClient, type QueueClient } from '@azure/storage-queue';
import { waitFor } from '../../../test/harness/index.js';
import { AZURITE_KEY, startAzuriteQueue, type Azurite } from '../../../test/harness/azurite.js';
import { holdDispatch, testContext } from '../broker/testing.js';
import { createAzureQueueStorageDriver, azureQueueStorageDriver } from './driver.js';
import { goTimeJson } from './payload.js';
import { azureConfig, azureEnv } from './testing.js';

void describe('azureQueueStorage source (azurite)', { timeout: 90_000 }, () => {
  let az: Azurite;
  let svc: QueueServiceClient;
  let n = 0;
  const queue = async (): Promise<[string, QueueClient]> => {
    const name = `q${++n}-${Date.now()}`;
    const q = svc.getQueueClient(name);
    await q.create();
    return [name, q];
  };
  const count = async (q: QueueClient) => (await q.getProperties()).approximateMessagesCount ?? -1;
  before(async () => {
    az = await startAzuriteQueue();
    svc = QueueServiceClient.fromConnectionString(az.connectionString);
  });
  after(() => az?.stop());

  it('payload: base64 body, messageID, insertionTime as Go writes it, metadata; deleted', async () => {
    const [name, q] = await queue();
    const c = testContext(
      'azureQueueStorage',
      azureConfig(name, { metadata: { m: 'v' } }),
      azureEnv(az.connectionString),
    );
    const l = await azureQueueStorageDriver.start(c.ctx);
    try {
      const sent = await q.sendMessage('héllo');
      await waitFor(() => c.events.length === 1);
      assert.deepEqual(c.events[0], {
        body: Buffer.from('héllo').toString('base64'),
        messageID: sent.messageId,
        insertionTime: goTimeJson(sent.insertedOn),
        metadata: { m: 'v' },
      });
      assert.match(c.events[0].insertionTime, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
      await waitFor(async () => (await count(q)) === 0, { message: 'deleted' });
    } finally {
      await l.stop();
    }
  });

  it('decodeMessage + jsonBody embed the decoded JSON; unusable messages deleted without dlq, kept with it', async () => {
    const [name, q] = await queue();
    const cfg = azureConfig(name, { decodeMessage: true, jsonBody: true });
    const c = testContext('azureQueueStorage', cfg, azureEnv(az.connectionString));
    const l = await azureQueueStorageDriver.start(c.ctx);
    try {
      await q.sendMessage(Buffer.from('{"n":12345678901234567890}').toString('base64'));
      await q.sendMessage('not base64 !');
      await q.sendMessage(Buffer.from('not json').toString('base64'));
      await waitFor(() => c.events.length === 1 && c.processingFailed === 2);
      assert.match(c.raw[0]!, /^\{"body":\{"n":12345678901234567890\},"messageID"/);
      await waitFor(async () => (await count(q)) === 0, { message: 'all deleted' });
    } finally {
      await l.stop();
    }
    const [name2, q2] = await queue();
    const d = testContext(
      'azureQueueStorage',
      azureConfig(name2, { jsonBody: true, dlq: true }),
      azureEnv(az.connectionString),
    );
    const l2 = await createAzureQueueStorageDriver({ visibilityTimeoutSeconds: 1 }).start(d.ctx);
    try {
      await q2.sendMessage('not json');
      await waitFor(() => d.processingFailed >= 2, { timeout: 20_000, message: 'kept and received again' });
      assert.equal(await count(q2), 1);
    } finally {
      await l2.stop();
    }
  });

  it('deleted only after the bus stored it; a refused dispatch comes back after the visibility timeout', async () => {
    const [name, q] = await queue();
    const c = testContext('azureQueueStorage', azureConfig(name), azureEnv(az.connectionString));
    holdDispatch(c);
    const l = await createAzureQueueStorageDriver({ visibilityTimeoutSeconds: 1 }).start(c.ctx);
    try {
      await q.sendMessage('once');
      await waitFor(() => c.attempts === 1);
      assert.equal(await count(q), 1, 'still on the queue while the dispatch is under way');
      c.hold!.fail();
      c.hold = undefined;
      await waitFor(() => c.events.length === 1, { timeout: 20_000, message: 'redelivered and stored' });
      await waitFor(async () => (await count(q)) === 0, { message: 'deleted after the PubAck' });
    } finally {
      await l.stop();
    }
  });

  it('a wrong key or a missing queue fails the start; the connection string never shows', async () => {
    const [name] = await queue();
    const wrongKey = Buffer.from('x'.repeat(64)).toString('base64');
    const bad = az.connectionString.replace(AZURITE_KEY, wrongKey);
    const c = testContext('azureQueueStorage', azureConfig(name), azureEnv(bad));
    const err: Error = await azureQueueStorageDriver.start(c.ctx).then(
      () => assert.fail('must fail'),
      (e: Error) => e,
    );
    assert.match(err.message, /failed to reach azure queue q\d+-\d+ at devstoreaccount1: .*403/);
    for (const text of [err.message, String(err.stack), JSON.stringify(c.logs)])
      assert.ok(!text.includes(wrongKey) && !text.includes(AZURITE_KEY), 'no key in the output');
    const m = testContext('azureQueueStorage', azureConfig('missing-queue'), azureEnv(az.connectionString));
    await assert.rejects(azureQueueStorageDriver.start(m.ctx), /QueueNotFound/);
    const garbage = testContext(
      'azureQueueStorage',
      azureConfig(name),
      azureEnv('AccountKey=secret-garbage'),
    );
    const e2: Error = await azureQueueStorageDriver.start(garbage.ctx).then(
      () => assert.fail('must fail'),
      (e: Error) => e,
    );
    assert.match(e2.message, /connectionString \(secret azure-secret\/connectionstring\) is not a valid/);
    assert.doesNotMatch(e2.message, /secret-garbage/);
  });
});
