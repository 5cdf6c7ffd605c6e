/**
 * The source contract (src/sources/contract.ts) for `sqs`: real JetStream, and the real SDK client
 * against test/harness/aws/sqs-server.ts (a local server speaking SQS's JSON protocol, SigV4 checked).
 */
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import { startNats } from '../../../test/harness/index.js';
import { startSqsServer, type SqsServer } from '../../../test/harness/aws/sqs-server.js';
import { describeSourceContract } from '../contract.js';
import { sqsDriver } from './driver.js';
import { ENV, KEY, sqsConfig } from './testing.js';

let sqs: SqsServer;
before(async () => {
  sqs = await startSqsServer(KEY);
  sqs.createQueue('contract');
});
after(() => sqs?.stop());

describeSourceContract({
  driver: sqsDriver,
  startBus: () => startNats(),
  secretEnv: ENV,
  config: () => sqsConfig(sqs, 'contract', { jsonBody: true }),
  trigger: async () => {
    sqs.send('contract', '{"n":1}');
  },
  expectData: (data) => {
    assert.deepEqual((data as { body: unknown }).body, { n: 1 });
    assert.equal((data as { messageAttributes: unknown }).messageAttributes, null);
  },
  failingConfig: () => sqsConfig(sqs, 'missing-queue'),
  afterStop: async () => {
    assert.equal(sqs.remaining('contract'), 0, 'deleted after the PubAck');
  },
  timeoutMs: 60_000,
});
