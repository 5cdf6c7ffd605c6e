/**
 * The sns source against test/harness/aws/sns-server.ts, which plays Amazon SNS: it delivers
 * SubscriptionConfirmation and Notification messages over HTTP, signed (SignatureVersion 1 and 2) with
 * a certificate the test generates and serves at the SigningCertURL; the event's `endpoint` is that
 * server, so the source trusts it (no AWS emulator installs here). Forged and unsigned messages: 401,
 * nothing published.
 * @module
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { SNSEventSource } from '../../api/index.js';
import { freePort, waitFor } from '../../../test/harness/index.js';
import { startSnsServer, type SnsServer } from '../../../test/harness/aws/sns-server.js';
import { testContext } from '../broker/testing.js';
import type { Listener } from '../types.js';
import { snsDriver } from './driver.js';

void describe(
  'sns source (local SNS deliveries, signed with a test certificate)',
  { timeout: 60_000 },
  () => {
    let sns: SnsServer;
    let url = '';
    let listener: Listener;
    let c: ReturnType<typeof testContext<SNSEventSource>>;
    const start = async (extra: Partial<SNSEventSource> = {}) => {
      const port = await freePort();
      url = `http://127.0.0.1:${port}/sns`;
      c = testContext<SNSEventSource>('sns', {
        topicArn: sns.topicArn,
        region: 'us-east-1',
        endpoint: sns.endpoint,
        validateSignature: true,
        webhook: { endpoint: '/sns', port: String(port) },
        metadata: { m: 'v' },
        ...extra,
      });
      listener = await snsDriver.start(c.ctx);
    };
    before(async () => {
      sns = await startSnsServer();
      await start();
    });
    after(async () => {
      await listener?.stop();
      await sns?.stop();
    });

    it('SubscriptionConfirmation: the SubscribeURL is fetched (confirmed), no event', async () => {
      const m = sns.message('SubscriptionConfirmation');
      assert.deepEqual(await sns.deliver(url, m), { status: 200, body: 'success' });
      assert.deepEqual(sns.confirmed, [m.Token]);
      assert.equal(c.events.length, 0);
      assert.ok(
        c.logs.some(
          (r) => r.msg === 'SNS subscription confirmed' && String(r.subscriptionArn).endsWith(m.Token!),
        ),
      );
    });

    it('Notification, SignatureVersion 1 and 2 (with Subject): {"header", "body": the SNS JSON, "metadata"}', async () => {
      const v1 = sns.message('Notification', { message: '{"order":1}' });
      const v2 = sns.message('Notification', { version: '2', subject: 'greetings' });
      assert.equal((await sns.deliver(url, v1)).status, 200);
      assert.equal((await sns.deliver(url, v2)).status, 200);
      assert.equal(c.events.length, 2);
      assert.deepEqual(c.events[0].body, v1);
      assert.deepEqual(c.events[1].body, v2);
      assert.deepEqual(c.events[0].metadata, { m: 'v' });
      assert.deepEqual(c.events[0].header['X-Amz-Sns-Message-Type'], ['Notification']);
      assert.equal(
        c.raw[0],
        `{"header":${JSON.stringify(c.events[0].header)},"body":${JSON.stringify(v1)},"metadata":{"m":"v"}}`,
      );
    });

    it('forged, unsigned, wrong key, untrusted certificate place: 401 and nothing published', async () => {
      const before = c.events.length;
      const tampered = { ...sns.message('Notification'), Message: 'changed after signing' };
      const unsigned = { ...sns.message('Notification') };
      delete unsigned.Signature;
      const otherKey = sns.forge(sns.message('Notification', { message: 'forged' }));
      const evilCert = sns.forge({
        ...sns.message('Notification'),
        SigningCertURL: 'https://evil.example.com/x.pem',
      });
      const badVersion = { ...sns.message('Notification'), SignatureVersion: '3' };
      for (const m of [tampered, unsigned, otherKey, evilCert, badVersion]) {
        const r = await sns.deliver(url, m);
        assert.equal(r.status, 401, r.body);
        assert.match(r.body, /^invalid SNS message signature/);
      }
      // a forged SubscriptionConfirmation is not confirmed either
      const conf = { ...sns.message('SubscriptionConfirmation'), Token: 'forged-token' };
      assert.equal((await sns.deliver(url, conf)).status, 401);
      assert.ok(!sns.confirmed.includes('forged-token'));
      assert.equal(c.events.length, before);
      assert.ok(c.processingFailed >= 6);
    });

    it('another topic: 400; not JSON: 400', async () => {
      const other = sns.message('Notification');
      other.TopicArn = 'arn:aws:sns:us-east-1:000000000000:other';
      assert.equal((await sns.deliver(url, other)).status, 400);
      const r = await fetch(url, { method: 'POST', body: 'nope' });
      assert.equal(r.status, 400);
      assert.equal(await r.text(), 'failed to parse the notification');
    });

    it('a bus failure answers 5xx so SNS delivers again', async () => {
      c.failNext = 1;
      const m = sns.message('Notification');
      const r = await sns.deliver(url, m);
      assert.ok(r.status >= 500, String(r.status));
      assert.equal((await sns.deliver(url, m)).status, 200);
      await waitFor(() => c.events.at(-1)?.body.MessageId === m.MessageId);
    });

    it('validateSignature off: unsigned notifications are accepted (upstream); SubscribeURL still only to trusted places', async () => {
      await listener.stop();
      await start({ validateSignature: false });
      const unsigned = { ...sns.message('Notification') };
      delete unsigned.Signature;
      assert.equal((await sns.deliver(url, unsigned)).status, 200);
      assert.equal(c.events.length, 1);
      const evil = {
        ...sns.message('SubscriptionConfirmation'),
        SubscribeURL: 'http://169.254.169.254/latest/meta-data',
      };
      const r = await sns.deliver(url, evil);
      assert.equal(r.status, 400);
      assert.equal(r.body, 'SubscribeURL is not a trusted SNS location');
    });
  },
);

void describe('sns source subscription (local SNS query API, SigV4 checked)', { timeout: 60_000 }, () => {
  it('webhook.url: Subscribe on start, the confirmation SNS sends is confirmed, Unsubscribe on stop', async () => {
    const key = { accessKeyId: 'AKIDSNSTEST', secretAccessKey: 'sns-test-secret-access-key' };
    const sns = await startSnsServer(undefined, key);
    const port = await freePort();
    const env = {
      JETFLOW_SECRET_AWS_SECRET_ACCESSKEY: key.accessKeyId,
      JETFLOW_SECRET_AWS_SECRET_SECRETKEY: key.secretAccessKey,
    };
    const cfg: SNSEventSource = {
      topicArn: sns.topicArn,
      region: 'us-east-1',
      endpoint: sns.endpoint,
      validateSignature: true,
      accessKey: { name: 'aws-secret', key: 'accesskey' },
      secretKey: { name: 'aws-secret', key: 'secretkey' },
      webhook: { endpoint: '/sns', port: String(port), url: `http://127.0.0.1:${port}` },
    };
    const c = testContext<SNSEventSource>('sns', cfg, env);
    const l = await snsDriver.start(c.ctx);
    try {
      assert.deepEqual(sns.apiCalls, [`Subscribe http http://127.0.0.1:${port}/sns`]);
      await waitFor(() => sns.confirmed.length === 1, { message: 'confirmed' });
      const m = sns.message('Notification');
      assert.equal((await sns.deliver(`http://127.0.0.1:${port}/sns`, m)).status, 200);
    } finally {
      await l.stop();
    }
    assert.equal(sns.apiCalls[1], `Unsubscribe ${sns.topicArn}:${sns.confirmed[0]}`);
    assert.deepEqual(sns.refused, []);
    // a wrong key: the start fails naming the topic, no secret shown
    const bad = testContext<SNSEventSource>(
      'sns',
      { ...cfg, webhook: { ...cfg.webhook, port: String(await freePort()) } },
      {
        ...env,
        JETFLOW_SECRET_AWS_SECRET_SECRETKEY: 'wrong-sns-secret',
      },
    );
    const err: Error = await snsDriver.start(bad.ctx).then(
      () => assert.fail('must fail'),
      (e: Error) => e,
    );
    assert.match(
      err.message,
      /failed to subscribe http:\/\/127\.0\.0\.1:\d+\/sns to arn:aws:sns:us-east-1:000000000000:test: SignatureDoesNotMatch/,
    );
    assert.doesNotMatch(
      err.message + JSON.stringify(bad.logs),
      /wrong-sns-secret|sns-test-secret-access-key/,
    );
    await sns.stop();
  });
});
