/**
 * Upstream's aws-sns.yaml (topic arn:aws:sns:us-east-1:XXXXXXXX:test, endpoint "/", no signature
 * check) on a free port instead of 12000, fed by test/harness/aws/sns-server.ts (plays Amazon SNS).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SNSEventSource } from '../../api/index.js';
import { freePort } from '../../../test/harness/index.js';
import { startSnsServer } from '../../../test/harness/aws/sns-server.js';
import { exampleEvents, testContext } from '../broker/testing.js';
import { snsDriver } from './driver.js';

void test('aws-sns.yaml: a Notification of the example topic becomes an event', async () => {
  const events = await exampleEvents<SNSEventSource>('aws-sns.yaml', 'sns');
  const cfg = events[0]![1];
  assert.equal(cfg.validateSignature, undefined);
  const sns = await startSnsServer(cfg.topicArn);
  const port = await freePort();
  const c = testContext(
    'sns',
    { ...cfg, endpoint: sns.endpoint, webhook: { ...cfg.webhook, port: String(port) } },
    {},
    'aws-sns',
  );
  const l = await snsDriver.start(c.ctx);
  try {
    const conf = sns.message('SubscriptionConfirmation');
    assert.equal((await sns.deliver(`http://127.0.0.1:${port}/`, conf)).status, 200);
    assert.deepEqual(sns.confirmed, [conf.Token]);
    const m = sns.message('Notification', { message: 'from the example' });
    assert.equal((await sns.deliver(`http://127.0.0.1:${port}/`, m)).status, 200);
    assert.deepEqual(
      c.events.map((e) => e.body.Message),
      ['from the example'],
    );
  } finally {
    await l.stop();
    await sns.stop();
  }
});
