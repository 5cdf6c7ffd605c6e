/**
 * The SNS side of an HTTP(S) subscription, for tests: what Amazon SNS sends to a subscribed endpoint
 * (SubscriptionConfirmation and Notification deliveries: the JSON body, the `x-amz-sns-*` headers,
 * `Content-Type: text/plain; charset=UTF-8`), signed as SNS signs them (SignatureVersion 1: RSA-SHA1,
 * 2: RSA-SHA256) with a certificate the test generates (@peculiar/x509 over WebCrypto) and serves at
 * the `SigningCertURL`. The same local server answers the `SubscribeURL` (ConfirmSubscription) GET,
 * and SNS's query API as the real `@aws-sdk/client-sns` (v3) sends it (form-encoded `Action=Subscribe`
 * / `Unsubscribe`, SigV4 checked against the test's key, XML answers); after a Subscribe it delivers
 * the SubscriptionConfirmation to the endpoint, as SNS does.
 * No AWS emulator installs here, hence this server.
 * @module
 */
import 'reflect-metadata'; // @peculiar/x509 (tsyringe) needs the Reflect metadata API
import { createPrivateKey, createSign, randomUUID, webcrypto, type KeyObject } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as x509 from '@peculiar/x509';
import { stringToSign, type SnsMessage } from '../../../src/sources/sns/index.js';
import { sigV4Problem, type AwsKey } from './sigv4.js';

x509.cryptoProvider.set(webcrypto as any);

const ALG = {
  name: 'RSASSA-PKCS1-v1_5',
  hash: 'SHA-256',
  publicExponent: new Uint8Array([1, 0, 1]),
  modulusLength: 2048,
};

export interface SnsServer {
  /** Base URL of this server: the `endpoint` an sns event trusts. */
  endpoint: string;
  certUrl: string;
  topicArn: string;
  /** Tokens of the ConfirmSubscription GETs received. */
  confirmed: string[];
  /** Query API calls received (`Subscribe <endpoint>`, `Unsubscribe <arn>`) and refused signatures. */
  apiCalls: string[];
  refused: string[];
  /** A signed message of `type` (override fields after signing to forge one). */
  message(
    type: 'Notification' | 'SubscriptionConfirmation',
    opts?: { message?: string; subject?: string; version?: '1' | '2' },
  ): SnsMessage;
  /** Sign `m` with a key that is not the certificate's (a forgery with a valid-looking signature). */
  forge(m: SnsMessage): SnsMessage;
  /** POST `m` to `url` as SNS does; resolves the status and body text. */
  deliver(url: string, m: SnsMessage): Promise<{ status: number; body: string }>;
  stop(): Promise<void>;
}

async function rsaKey(): Promise<{ pair: webcrypto.CryptoKeyPair; key: KeyObject }> {
  const pair = (await webcrypto.subtle.generateKey(ALG, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const der = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', pair.privateKey));
  return { pair, key: createPrivateKey({ key: der, format: 'der', type: 'pkcs8' }) };
}

export async function startSnsServer(
  topicArn = 'arn:aws:sns:us-east-1:000000000000:test',
  awsKey?: AwsKey,
): Promise<SnsServer> {
  const { pair, key } = await rsaKey();
  const { key: otherKey } = await rsaKey();
  const now = Date.now();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: '01',
    name: 'CN=sns.test.local',
    notBefore: new Date(now - 60_000),
    notAfter: new Date(now + 3600_000),
    signingAlgorithm: ALG,
    keys: pair,
  });
  const pem = cert.toString('pem');
  const confirmed: string[] = [];
  const apiCalls: string[] = [];
  const refused: string[] = [];
  const ref: { self?: SnsServer } = {}; // the API answers deliver through the finished server
  const api = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    const problem = awsKey ? sigV4Problem(req, body, awsKey, 'sns') : 'no key configured';
    const xml = (status: number, text: string) => {
      res.writeHead(status, { 'Content-Type': 'text/xml' });
      res.end(text);
    };
    if (problem) {
      refused.push(problem);
      return xml(
        403,
        `<ErrorResponse><Error><Type>Sender</Type><Code>SignatureDoesNotMatch</Code><Message>${problem}</Message></Error><RequestId>r</RequestId></ErrorResponse>`,
      );
    }
    const form = new URLSearchParams(body.toString('utf8'));
    const action = form.get('Action');
    const ns = 'xmlns="http://sns.amazonaws.com/doc/2010-03-31/"';
    if (action === 'Subscribe' && form.get('TopicArn') === topicArn) {
      const endpoint = form.get('Endpoint') ?? '';
      apiCalls.push(`Subscribe ${form.get('Protocol')} ${endpoint}`);
      xml(
        200,
        `<SubscribeResponse ${ns}><SubscribeResult><SubscriptionArn>pending confirmation</SubscriptionArn></SubscribeResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></SubscribeResponse>`,
      );
      // as SNS: the confirmation follows the Subscribe answer
      setImmediate(
        () =>
          void ref
            .self!.deliver(endpoint, ref.self!.message('SubscriptionConfirmation'))
            .catch(() => undefined),
      );
      return;
    }
    if (action === 'Unsubscribe') {
      apiCalls.push(`Unsubscribe ${form.get('SubscriptionArn')}`);
      return xml(
        200,
        `<UnsubscribeResponse ${ns}><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></UnsubscribeResponse>`,
      );
    }
    xml(
      400,
      `<ErrorResponse><Error><Type>Sender</Type><Code>InvalidParameter</Code><Message>bad ${action}</Message></Error><RequestId>r</RequestId></ErrorResponse>`,
    );
  };
  const server = http.createServer((req, res) => {
    if (req.method === 'POST') return void api(req, res);
    const u = new URL(req.url ?? '/', 'http://x');
    if (u.pathname === '/SimpleNotificationService-test.pem') {
      res.writeHead(200, { 'Content-Type': 'application/x-pem-file' });
      return res.end(pem);
    }
    if (
      u.searchParams.get('Action') === 'ConfirmSubscription' &&
      u.searchParams.get('TopicArn') === topicArn
    ) {
      const token = u.searchParams.get('Token') ?? '';
      confirmed.push(token);
      res.writeHead(200, { 'Content-Type': 'text/xml' });
      return res.end(
        `<ConfirmSubscriptionResponse><ConfirmSubscriptionResult><SubscriptionArn>${topicArn}:${token}</SubscriptionArn></ConfirmSubscriptionResult></ConfirmSubscriptionResponse>`,
      );
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const certUrl = `${endpoint}/SimpleNotificationService-test.pem`;
  const sign = (m: SnsMessage, k: KeyObject): SnsMessage => ({
    ...m,
    Signature: createSign(m.SignatureVersion === '1' ? 'RSA-SHA1' : 'RSA-SHA256')
      .update(stringToSign(m), 'utf8')
      .sign(k, 'base64'),
  });
  const self: SnsServer = {
    endpoint,
    certUrl,
    topicArn,
    confirmed,
    apiCalls,
    refused,
    message(type, opts = {}) {
      const token = randomUUID().replace(/-/g, '');
      const base: SnsMessage = {
        Type: type,
        MessageId: randomUUID(),
        TopicArn: topicArn,
        ...(opts.subject !== undefined && { Subject: opts.subject }),
        Message:
          opts.message ??
          (type === 'Notification' ? 'hello' : `You have chosen to subscribe to the topic ${topicArn}.`),
        Timestamp: new Date().toISOString(),
        SignatureVersion: opts.version ?? '1',
        SigningCertURL: certUrl,
        ...(type === 'SubscriptionConfirmation' && {
          Token: token,
          SubscribeURL: `${endpoint}/?Action=ConfirmSubscription&TopicArn=${encodeURIComponent(topicArn)}&Token=${token}`,
        }),
      };
      return sign(base, key);
    },
    forge: (m) => sign(m, otherKey),
    async deliver(url, m) {
      const res = await fetch(url, {
        method: 'POST',
        headers: {
          'Content-Type': 'text/plain; charset=UTF-8',
          'x-amz-sns-message-type': String(m.Type),
          'x-amz-sns-message-id': String(m.MessageId),
          'x-amz-sns-topic-arn': String(m.TopicArn),
          'User-Agent': 'Amazon Simple Notification Service Agent',
        },
        body: JSON.stringify(m),
      });
      return { status: res.status, body: await res.text() };
    },
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
  ref.self = self;
  return self;
}
