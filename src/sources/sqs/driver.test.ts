/**
 * The sqs source with the real `@aws-sdk/client-sqs` against test/harness/aws/sqs-server.ts: a local
 * server that speaks SQS's JSON protocol and checks every request's SigV4 signature against the test's
 * key (no AWS emulator installs here). Payload shape, delete only after the bus stored the event, a
 * refused dispatch coming back after the visibility timeout, dlq, and a wrong key failing the start.
 * @module
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { waitFor } from '../../../test/harness/index.js';
import { startSqsServer, TEST_ACCOUNT, type SqsServer } from '../../../test/harness/aws/sqs-server.js';
import { holdDispatch, secretEnv, testContext } from '../broker/testing.js';
import { sqsDriver } from './driver.js';
import { ENV, KEY, sqsConfig } from './testing.js';

void describe('sqs source (local SQS JSON-protocol server, SigV4 checked)', { timeout: 60_000 }, () => {
  let sqs: SqsServer;
  let n = 0;
  const queue = (visibilityMs?: number) => {
    const name = `q${++n}`;
    sqs.createQueue(name, { visibilityMs });
    return name;
  };
  before(async () => {
    sqs = await startSqsServer(KEY);
  });
  after(() => sqs?.stop());

  it('payload: messageId, messageAttributes as Go marshals them, base64 body, metadata; deleted', async () => {
    const q = queue();
    const c = testContext('sqs', sqsConfig(sqs, q, { metadata: { m: 'v' } }), ENV);
    const l = await sqsDriver.start(c.ctx);
    try {
      const id = sqs.send(q, 'héllo', {
        color: { DataType: 'String', StringValue: 'blue' },
        bin: { DataType: 'Binary', BinaryValue: Buffer.from([1, 2]).toString('base64') },
      });
      sqs.send(q, 'plain');
      await waitFor(() => c.events.length === 2);
      assert.deepEqual(c.events[0], {
        messageId: id,
        messageAttributes: {
          bin: {
            BinaryListValues: null,
            BinaryValue: 'AQI=',
            DataType: 'Binary',
            StringListValues: null,
            StringValue: null,
          },
          color: {
            BinaryListValues: null,
            BinaryValue: null,
            DataType: 'String',
            StringListValues: null,
            StringValue: 'blue',
          },
        },
        body: Buffer.from('héllo').toString('base64'),
        metadata: { m: 'v' },
      });
      assert.equal(c.events[1].messageAttributes, null);
      await waitFor(() => sqs.remaining(q) === 0, { message: 'both deleted' });
      assert.ok(sqs.actions.includes('DeleteMessageBatch'));
    } finally {
      await l.stop();
    }
    assert.deepEqual(sqs.refused, []);
  });

  it('jsonBody embeds the JSON; a non-JSON body is deleted without dlq, kept with dlq', async () => {
    const q = queue(500);
    const c = testContext('sqs', sqsConfig(sqs, q, { jsonBody: true }), ENV);
    const l = await sqsDriver.start(c.ctx);
    try {
      sqs.send(q, '{"big":12345678901234567890}');
      sqs.send(q, 'not json');
      await waitFor(() => c.events.length === 1 && c.processingFailed === 1 && sqs.remaining(q) === 0);
      assert.match(c.raw[0]!, /"body":\{"big":12345678901234567890\}/);
    } finally {
      await l.stop();
    }
    const q2 = queue(200);
    const d = testContext('sqs', sqsConfig(sqs, q2, { jsonBody: true, dlq: true }), ENV);
    const l2 = await sqsDriver.start(d.ctx);
    try {
      sqs.send(q2, 'not json');
      // kept: received again after each visibility timeout (a redrive policy would move it)
      await waitFor(() => sqs.messages(q2)[0]!.receives >= 2, { message: 'received twice' });
      assert.equal(sqs.remaining(q2), 1);
      assert.equal(d.events.length, 0);
    } finally {
      await l2.stop();
    }
  });

  it('a message is deleted only after the bus stored it; a refused one comes back and is stored', async () => {
    const q = queue(1000);
    const c = testContext('sqs', sqsConfig(sqs, q), ENV);
    holdDispatch(c);
    const l = await sqsDriver.start(c.ctx);
    try {
      sqs.send(q, 'once');
      await waitFor(() => c.attempts === 1);
      assert.equal(sqs.remaining(q), 1, 'not deleted while the dispatch is under way');
      c.hold!.fail(); // the bus refused it: not deleted, invisible until its visibility timeout
      c.hold = undefined;
      await waitFor(() => c.events.length === 1, { timeout: 20_000, message: 'redelivered and stored' });
      assert.equal(sqs.messages(q)[0]!.receives, 2);
      await waitFor(() => sqs.remaining(q) === 0, { message: 'deleted after the PubAck' });
    } finally {
      await l.stop();
    }
  });

  it('stop while a batch is dispatching: the batch settles (stored and deleted) before stop resolves', async () => {
    const q = queue();
    const c = testContext('sqs', sqsConfig(sqs, q), ENV);
    holdDispatch(c);
    const l = await sqsDriver.start(c.ctx);
    for (let i = 0; i < 5; i++) sqs.send(q, `m${i}`);
    await waitFor(() => c.attempts >= 5);
    const stopped = l.stop();
    c.hold!.release();
    await stopped;
    assert.equal(c.events.length, 5);
    assert.equal(sqs.remaining(q), 0);
  });

  it('queueAccountId selects the owner; a wrong key or a missing queue fails the start, no secret shown', async () => {
    const q = queue();
    const c = testContext('sqs', sqsConfig(sqs, q, { queueAccountId: TEST_ACCOUNT }), ENV);
    const l = await sqsDriver.start(c.ctx);
    await l.stop();
    const wrong = secretEnv('aws-secret', { accesskey: KEY.accessKeyId, secretkey: 'wrong-secret-value' });
    const bad = testContext('sqs', sqsConfig(sqs, q), wrong);
    const err: Error = await sqsDriver.start(bad.ctx).then(
      () => assert.fail('must fail'),
      (e: Error) => e,
    );
    assert.match(err.message, /failed to get the url of sqs q\d+ at http:\/\/127\.0\.0\.1:\d+: .*signature/i);
    assert.ok(sqs.refused.some((r) => r.includes('signature does not match')));
    for (const text of [err.message, err.stack ?? '', JSON.stringify(bad.logs)]) {
      assert.doesNotMatch(text, /wrong-secret-value|sqs-test-secret-key-value/);
    }
    const missing = testContext('sqs', sqsConfig(sqs, 'no-such-queue'), ENV);
    await assert.rejects(sqsDriver.start(missing.ctx), /QueueDoesNotExist/);
  });
});
