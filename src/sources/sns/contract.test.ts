/**
 * The source contract (src/sources/contract.ts) for `sns`: real JetStream; the deliveries come from
 * test/harness/aws/sns-server.ts (plays Amazon SNS: signed with a test certificate it serves).
 */
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import { freePort, startNats } from '../../../test/harness/index.js';
import { startSnsServer, type SnsServer } from '../../../test/harness/aws/sns-server.js';
import type { SNSEventSource } from '../../api/index.js';
import { describeSourceContract } from '../contract.js';
import { snsDriver } from './driver.js';

let sns: SnsServer;
let port = 0;
before(async () => {
  sns = await startSnsServer();
  port = await freePort();
});
after(() => sns?.stop());

describeSourceContract<SNSEventSource>({
  driver: snsDriver,
  startBus: () => startNats(),
  config: () => ({
    topicArn: sns.topicArn,
    region: 'us-east-1',
    endpoint: sns.endpoint,
    validateSignature: true,
    webhook: { endpoint: '/sns', port: String(port) },
  }),
  trigger: async () => {
    const r = await sns.deliver(
      `http://127.0.0.1:${port}/sns`,
      sns.message('Notification', { message: 'c' }),
    );
    assert.equal(r.status, 200, r.body);
  },
  expectData: (data) => {
    const d = data as { header: Record<string, string[]>; body: { Message: string; Type: string } };
    assert.equal(d.body.Message, 'c');
    assert.equal(d.body.Type, 'Notification');
    assert.deepEqual(d.header['X-Amz-Sns-Topic-Arn'], [sns.topicArn]);
  },
  failingConfig: () => ({
    topicArn: sns.topicArn,
    region: 'us-east-1',
    webhook: { endpoint: '/sns', port: 'not-a-port' },
  }),
  timeoutMs: 60_000,
});
