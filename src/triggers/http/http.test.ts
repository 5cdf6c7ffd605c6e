import assert from 'node:assert/strict';
import { freePort } from '../../../test/harness/index.js';
import type { HTTPTrigger } from '../../api/index.js';
import { describeTriggerContract } from '../contract.js';
import { createHttpDriver } from './driver.js';
import { EVENT_ID_HEADER, IDEMPOTENCY_KEY_HEADER } from './idempotency.js';
import { startHttpPeer, type Answer } from './testing.js';

const SECRETS = {
  'http-auth': { username: 'trigger-user', password: 'pa55-w0rd-http-basic' },
  'dev-services-secret': { serviceToken: 'svc-token-0123456789' },
};

/** A template using every secret, so the contract's scan has something to find. */
function template(url: string, extra: Partial<HTTPTrigger> = {}): HTTPTrigger {
  return {
    url,
    method: 'POST',
    timeout: 1,
    payload: [
      { src: { dependencyName: 'test-dep', dataKey: 'body.message' }, dest: 'message' },
      { src: { dependencyName: 'test-dep', dataKey: 'body.n', useRawData: true }, dest: 'n' },
    ],
    basicAuth: {
      username: { name: 'http-auth', key: 'username' },
      password: { name: 'http-auth', key: 'password' },
    },
    secureHeaders: [
      {
        name: 'serviceToken',
        valueFrom: { secretKeyRef: { name: 'dev-services-secret', key: 'serviceToken' } },
      },
    ],
    ...extra,
  };
}

const answering = (a: Answer) => async () => {
  const peer = await startHttpPeer({ answer: () => a });
  return { template: template(`${peer.url}/hook`), stop: () => peer.stop() };
};
const allow200 = { status: { allow: [200] } };

describeTriggerContract<HTTPTrigger>({
  type: 'http',
  driver: createHttpDriver,
  secrets: SECRETS,
  timeoutMs: 4000,
  async accepting() {
    const peer = await startHttpPeer();
    return {
      template: template(`${peer.url}/hook`),
      stop: () => peer.stop(),
      async expectDelivered(events) {
        const r = await peer.nth(1);
        assert.equal(r.method, 'POST');
        assert.equal(r.url, '/hook');
        assert.deepEqual(JSON.parse(r.body), { message: 'hello from the contract', n: 42 });
        assert.equal(r.headers['content-type'], undefined, 'no Content-Type is added (upstream)');
        const basic = Buffer.from('trigger-user:pa55-w0rd-http-basic').toString('base64');
        assert.equal(r.headers.authorization, `Basic ${basic}`);
        assert.equal(r.headers.servicetoken, 'svc-token-0123456789');
        assert.equal(r.headers[EVENT_ID_HEADER.toLowerCase()], events['test-dep']!.context.id);
        assert.match(String(r.headers[IDEMPOTENCY_KEY_HEADER.toLowerCase()]), /^[0-9a-f]{64}$/);
      },
    };
  },
  refused: async () => template(`http://127.0.0.1:${await freePort()}/hook`),
  hanging: answering('hang'),
  failures: [
    {
      name: 'HTTP 500 outside policy.status.allow',
      retryable: true,
      policy: allow200,
      start: answering({ status: 500 }),
      message: /http response status 500 is not allowed/,
    },
    {
      name: 'HTTP 503 with Retry-After',
      retryable: true,
      policy: allow200,
      retryAfterMs: 7000,
      start: answering({ status: 503, headers: { 'Retry-After': '7' } }),
    },
    { name: 'HTTP 429', retryable: true, policy: allow200, start: answering({ status: 429 }) },
    { name: 'HTTP 408', retryable: true, policy: allow200, start: answering({ status: 408 }) },
    {
      name: 'HTTP 404 outside policy.status.allow',
      retryable: false,
      policy: allow200,
      start: answering({ status: 404 }),
    },
    {
      name: 'HTTP 201 not in allow [200] (disallowed status)',
      retryable: false,
      policy: allow200,
      start: answering({ status: 201 }),
      message: /policy application resulted in failure\. http response status 201 is not allowed/,
    },
    {
      name: 'a method outside GET, DELETE, PATCH, POST, PUT',
      retryable: false,
      message: /only GET, DELETE, PATCH, POST and PUT methods are supported/,
      async start() {
        const peer = await startHttpPeer();
        return { template: template(peer.url, { method: 'post' }), stop: () => peer.stop() };
      },
    },
    {
      name: 'a missing secret',
      retryable: false,
      message: /secret "nope" key "k" not found/,
      async start() {
        const peer = await startHttpPeer();
        const t = template(peer.url, { basicAuth: { password: { name: 'nope', key: 'k' } } });
        return { template: t, stop: () => peer.stop() };
      },
    },
  ],
});
