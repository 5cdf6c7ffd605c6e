import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { HTTPTrigger } from '../../api/index.js';
import { generateBusCertificates, type BusCertificates } from '../../bus/local/index.js';
import {
  captureLogs,
  contractContext,
  contractEvents,
  expectFailure,
  makeEvent,
  secretStoreOf,
} from '../contract.js';
import type { TriggerContext, TriggerEvent } from '../types.js';
import { createHttpDriver } from './driver.js';
import { startHttpPeer, type HttpPeer } from './testing.js';

let certs: BusCertificates;
before(async () => {
  certs = await generateBusCertificates('http-trigger-test');
});

const secretsFor = () => ({
  tls: { ca: certs.cluster.caPem, cert: certs.cluster.leaf.certPem, key: certs.cluster.leaf.keyPem },
  auth: { user: 'u', password: 'secret-pass-123' },
  hdr: { token: 'header-token-456' },
});

async function run(
  t: HTTPTrigger,
  events: Record<string, TriggerEvent> = contractEvents(),
  over: Partial<TriggerContext> = {},
) {
  const cap = captureLogs();
  const ctx = contractContext('http', cap, secretStoreOf(secretsFor()), over);
  const prepared = await createHttpDriver().prepare(t, ctx);
  try {
    return { outcome: await prepared.execute(t, events, ctx), cap };
  } finally {
    await prepared.close();
  }
}

describe('http trigger', () => {
  let peer: HttpPeer;
  after(() => peer?.stop());

  it('without policy.status.allow a 500 counts as success (upstream), with a warning', async () => {
    peer = await startHttpPeer({ answer: () => ({ status: 500 }) });
    const { outcome, cap } = await run({ url: peer.url, method: 'GET' });
    assert.equal(outcome.summary, 'HTTP 500');
    assert.ok(cap.lines.some((l) => l.includes('counts as success')));
    await peer.stop();
  });

  it('GET without payload sends no body; POST without payload sends Content-Length 0 and warns once', async () => {
    peer = await startHttpPeer();
    await run({ url: `${peer.url}/a?b=1`, method: 'GET' });
    const get = await peer.nth(1);
    assert.equal(get.method, 'GET');
    assert.equal(get.url, '/a?b=1');
    assert.equal(get.headers['content-length'], undefined);
    const { cap } = await run({ url: peer.url });
    const post = await peer.nth(2);
    assert.equal(post.method, 'POST', 'method defaults to POST');
    assert.equal(post.headers['content-length'], '0');
    assert.ok(cap.lines.some((l) => l.includes('payload parameters are not specified')));
    await peer.stop();
  });

  it('applies http.parameters, payload without dest (whole body), headers, dynamic headers and Host', async () => {
    peer = await startHttpPeer();
    const events = { a: makeEvent({ path: '/from-event', who: 'alice', doc: { x: 1 } }, 'id-a') };
    await run(
      {
        url: 'http://invalid.invalid/',
        method: 'PUT',
        host: 'example.test',
        headers: { 'X-Static': 'static', 'Content-Type': 'application/json' },
        dynamicHeaders: [
          { src: { dependencyName: 'a', dataKey: 'who' }, dest: 'X-Who' },
          // The optional event is absent: upstream crashes, jetflow skips the header.
          { src: { dependencyName: 'missing', dataKey: 'who' }, dest: 'X-Missing' },
        ],
        parameters: [
          { src: { dependencyName: 'a', value: peer.url }, dest: 'url' },
          { src: { dependencyName: 'a', dataKey: 'path' }, dest: 'url', operation: 'append' },
        ],
        payload: [
          { src: { dependencyName: 'a', dataKey: 'doc' } },
          { src: { dependencyName: 'a', dataKey: 'who' }, dest: 'ignored' },
        ],
      },
      events,
    );
    const r = await peer.nth(1);
    assert.equal(r.method, 'PUT');
    assert.equal(r.url, '/from-event');
    assert.equal(r.body, '{"x":1}');
    assert.equal(r.headers.host, 'example.test');
    assert.equal(r.headers['x-static'], 'static');
    assert.equal(r.headers['content-type'], 'application/json');
    assert.equal(r.headers['x-who'], 'alice');
    assert.equal(r.headers['x-missing'], undefined);
    await peer.stop();
  });

  it('user:password in the URL becomes basic auth and never reaches the logs', async () => {
    peer = await startHttpPeer();
    const url = peer.url.replace('http://', 'http://bob:url-secret-789@');
    const { cap } = await run({ url, method: 'GET' });
    const r = await peer.nth(1);
    assert.equal(r.headers.authorization, `Basic ${Buffer.from('bob:url-secret-789').toString('base64')}`);
    assert.ok(cap.lines.some((l) => l.includes('Making a http request')));
    assert.ok(!cap.lines.join('\n').includes('url-secret-789'));
    await peer.stop();
  });

  it('follows redirects as Go does: 302 turns POST into GET, 307 keeps method and body', async () => {
    peer = await startHttpPeer({
      answer: (r) =>
        r.url === '/302'
          ? { status: 302, headers: { Location: '/target' } }
          : r.url === '/307'
            ? { status: 307, headers: { Location: '/target' } }
            : { status: 200 },
    });
    const payload = [{ src: { dependencyName: 'test-dep', dataKey: 'body.message' }, dest: 'm' }];
    await run({ url: `${peer.url}/302`, payload });
    assert.equal((await peer.nth(2)).method, 'GET');
    assert.equal((await peer.nth(2)).body, '');
    await run({ url: `${peer.url}/307`, payload });
    const kept = await peer.nth(4);
    assert.equal(kept.method, 'POST');
    assert.equal(kept.body, '{"m":"hello from the contract"}');
    await peer.stop();
  });

  it('a redirect to another host drops Authorization and secure headers', async () => {
    const other = await startHttpPeer();
    peer = await startHttpPeer({
      answer: () => ({ status: 302, headers: { Location: other.url.replace('127.0.0.1', 'localhost') } }),
    });
    await run({
      url: peer.url,
      method: 'GET',
      basicAuth: { username: { name: 'auth', key: 'user' }, password: { name: 'auth', key: 'password' } },
      secureHeaders: [{ name: 'X-Token', valueFrom: { secretKeyRef: { name: 'hdr', key: 'token' } } }],
      headers: { 'X-Plain': 'kept' },
    });
    assert.ok((await peer.nth(1)).headers.authorization);
    const r = await other.nth(1);
    assert.equal(r.headers.authorization, undefined);
    assert.equal(r.headers['x-token'], undefined);
    assert.equal(r.headers['x-plain'], 'kept');
    await other.stop();
    await peer.stop();
  });

  describe('TLS', () => {
    const serverTls = () => ({ key: certs.cluster.leaf.keyPem, cert: certs.cluster.leaf.certPem });

    it('trusts the CA of caCertSecret and presents the client certificate (mutual TLS)', async () => {
      peer = await startHttpPeer({ tls: { ...serverTls(), ca: certs.cluster.caPem, requestCert: true } });
      const { outcome } = await run({
        url: peer.url,
        method: 'GET',
        // The certificate is checked against the URL's host (127.0.0.1), not the overridden Host.
        host: 'example.test',
        tls: {
          caCertSecret: { name: 'tls', key: 'ca' },
          clientCertSecret: { name: 'tls', key: 'cert' },
          clientKeySecret: { name: 'tls', key: 'key' },
        },
      });
      assert.equal(outcome.summary, 'HTTP 200');
      assert.equal((await peer.nth(1)).headers.host, 'example.test');
      await peer.stop();
    });

    it('an unknown server certificate is not retryable; insecureSkipVerify accepts it', async () => {
      peer = await startHttpPeer({ tls: serverTls() });
      const cap = captureLogs();
      const ctx = contractContext('http', cap, secretStoreOf(secretsFor()));
      const err = await expectFailure(
        createHttpDriver(),
        { url: peer.url, method: 'GET', tls: { enabled: true } },
        ctx,
        cap,
      );
      assert.equal(err.retryable, false, err.message);
      const { outcome } = await run({ url: peer.url, method: 'GET', tls: { insecureSkipVerify: true } });
      assert.equal(outcome.summary, 'HTTP 200');
      await peer.stop();
    });

    it('a tls block with nothing configured fails at prepare, not retryable (upstream check)', async () => {
      const cap = captureLogs();
      const ctx = contractContext('http', cap, secretStoreOf(secretsFor()));
      const err = await expectFailure(createHttpDriver(), { url: 'https://127.0.0.1:1/', tls: {} }, ctx, cap);
      assert.equal(err.retryable, false);
      assert.match(
        err.message,
        /please configure either caCertSecret, or clientCertSecret and clientKeySecret/,
      );
    });
  });
});
