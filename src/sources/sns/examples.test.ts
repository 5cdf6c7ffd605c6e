/**
 * Upstream's aws-sns.yaml (topic arn:aws:sns:us-east-1:XXXXXXXX:test, endpoint "/", no signature
 * check) on a free port instead of 12000, fed by test/harness/aws/sns-server.ts (plays Amazon SNS's
 * query API and its deliveries). The example's `webhook.url` is a placeholder no one can reach, so it
 * is pointed at the listener: the source subscribes (SigV4 with the example's aws-secret keys, given
 * as $JETFLOW_SECRET_*), SNS confirms, and a Notification then becomes an event.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SNSEventSource } from '../../api/index.js';
import { freePort, waitFor } from '../../../test/harness/index.js';
import { startSnsServer } from '../../../test/harness/aws/sns-server.js';
import { exampleEvents, testContext } from '../broker/testing.js';
import { snsDriver } from './driver.js';

void test('aws-sns.yaml: a Notification of the example topic becomes an event', async () => {
  const events = await exampleEvents<SNSEventSource>('aws-sns.yaml', 'sns');
  const cfg = events[0]![1];
  assert.equal(cfg.validateSignature, undefined);
  assert.deepEqual([cfg.accessKey?.name, cfg.accessKey?.key], ['aws-secret', 'accesskey']);
  const key = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'example-secret-access-key' };
  const sns = await startSnsServer(cfg.topicArn, key);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const c = testContext(
    'sns',
    { ...cfg, endpoint: sns.endpoint, webhook: { ...cfg.webhook, port: String(port), url } },
    {
      JETFLOW_SECRET_AWS_SECRET_ACCESSKEY: key.accessKeyId,
      JETFLOW_SECRET_AWS_SECRET_SECRETKEY: key.secretAccessKey,
    },
    'aws-sns',
  );
  const l = await snsDriver.start(c.ctx);
  try {
    assert.deepEqual(sns.apiCalls, [`Subscribe http ${url}/`]);
    await waitFor(() => sns.confirmed.length === 1, { message: 'subscription confirmed' });
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
