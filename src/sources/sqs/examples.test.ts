/**
 * Upstream's aws-sqs.yaml (jsonBody, keys from aws-secret, queue "test", 20 s long polls) with the
 * endpoint moved to test/harness/aws/sqs-server.ts (a local server speaking SQS's JSON protocol, SigV4
 * checked; no AWS emulator installs here). A stop ends a 20 s long poll at once.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SQSEventSource } from '../../api/index.js';
import { waitFor } from '../../../test/harness/index.js';
import { startSqsServer } from '../../../test/harness/aws/sqs-server.js';
import { exampleEvents, testContext } from '../broker/testing.js';
import { sqsDriver } from './driver.js';
import { ENV, KEY } from './testing.js';

void test('aws-sqs.yaml: queue "test", jsonBody, keys from aws-secret, waitTimeSeconds 20', async () => {
  const events = await exampleEvents<SQSEventSource>('aws-sqs.yaml', 'sqs');
  assert.deepEqual(
    events.map(([n]) => n),
    ['example'],
  );
  const sqs = await startSqsServer(KEY);
  try {
    sqs.createQueue('test');
    const cfg = { ...events[0]![1], endpoint: sqs.endpoint };
    assert.equal(cfg.waitTimeSeconds, 20);
    const c = testContext('sqs', cfg, ENV, 'aws-sqs');
    const l = await sqsDriver.start(c.ctx);
    sqs.send('test', '{"message":"hello"}');
    await waitFor(() => c.events.length === 1);
    assert.deepEqual(c.events[0].body, { message: 'hello' });
    await waitFor(() => sqs.actions.filter((a) => a === 'ReceiveMessage').length >= 2);
    const t0 = Date.now();
    await l.stop(); // a long poll is under way: aborted, not waited for
    assert.ok(Date.now() - t0 < 10_000, `stopped after ${Date.now() - t0} ms`);
    assert.equal(sqs.remaining('test'), 0);
  } finally {
    await sqs.stop();
  }
});
