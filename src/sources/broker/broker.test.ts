/** Unit tests of the broker kit: backoff, body encoding, TLS checks, in-flight tracking, link health. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError } from '../../api/index.js';
import { SecretStore } from '../../api/index.js';
import {
  connectBackoff,
  connectDelayMs,
  MAX_RECONNECT_MS,
  reconnectDelayMs,
  withConnectRetry,
} from './backoff.js';
import { InFlight } from './in-flight.js';
import { linkReporter, redactUrl } from './link.js';
import { bodyJson, jsonObject, metadataJson } from './payload.js';
import { secretEnv, testContext } from './testing.js';
import { brokerTls } from './tls.js';

void test('connectionBackoff: upstream defaults, Go durations, nanoseconds, numeric strings', () => {
  assert.deepEqual(connectBackoff(undefined), { steps: 5, durationMs: 1000, factor: 1, jitter: 1 });
  assert.deepEqual(connectBackoff({ duration: '10s', steps: 3, factor: 2, jitter: '0.2' }), {
    steps: 3,
    durationMs: 10_000,
    factor: 2,
    jitter: 0.2,
  });
  assert.equal(connectBackoff({ duration: 2_000_000 }).durationMs, 2);
  assert.equal(connectBackoff({ duration: '0' }).durationMs, 0);
  assert.throws(() => connectBackoff({ duration: '5' }), ConfigError);
  assert.throws(() => connectBackoff({ factor: 'x' }), /connectionBackoff\.factor/);
});

void test('delays: first connection d·factor^k plus jitter; reconnects grow and are capped', () => {
  const b = connectBackoff({ duration: '1s', factor: 2, jitter: 0.5 });
  assert.equal(
    connectDelayMs(b, 0, () => 0),
    1000,
  );
  assert.equal(
    connectDelayMs(b, 2, () => 1),
    4000 * 1.5,
  );
  assert.equal(
    reconnectDelayMs(b, 1, () => 0),
    1000,
  );
  assert.equal(
    reconnectDelayMs(b, 3, () => 0),
    4000,
  );
  assert.equal(
    reconnectDelayMs(b, 30, () => 1),
    MAX_RECONNECT_MS,
  );
  // factor below 1 never shrinks the reconnect wait; a huge jitter at most doubles it
  const odd = connectBackoff({ duration: '1s', factor: 0.5, jitter: 30 });
  assert.equal(
    reconnectDelayMs(odd, 5, () => 1),
    2000,
  );
});

void test('withConnectRetry: steps attempts, the last error, stops early on abort', async () => {
  const b = connectBackoff({ duration: '1ms', steps: 3, jitter: 0 });
  let n = 0;
  await assert.rejects(
    withConnectRetry(b, new AbortController().signal, () => Promise.reject(new Error(`fail ${++n}`))),
    /fail 3/,
  );
  assert.equal(n, 3);
  let m = 0;
  assert.equal(
    await withConnectRetry(b, new AbortController().signal, async () =>
      ++m < 2 ? Promise.reject(new Error('x')) : 'ok',
    ),
    'ok',
  );
  const ac = new AbortController();
  const slow = connectBackoff({ duration: '1h', steps: 3 });
  const p = withConnectRetry(slow, ac.signal, () => Promise.reject(new Error('down')));
  ac.abort();
  assert.equal(await p, undefined);
});

void test('body: base64 without jsonBody, raw JSON text with it, undefined for non-JSON', () => {
  assert.equal(bodyJson(Buffer.from([0, 255]), false), '"AP8="');
  assert.equal(bodyJson(new Uint8Array(0), undefined), '""');
  assert.equal(bodyJson(Buffer.from('{"big":12345678901234567890}'), true), '{"big":12345678901234567890}');
  assert.equal(bodyJson(Buffer.from('nope'), true), undefined);
  assert.equal(bodyJson(new Uint8Array(0), true), undefined);
  const sub = Buffer.from('xx[1]').subarray(2);
  assert.equal(bodyJson(sub, true), '[1]');
  assert.equal(
    Buffer.from(
      jsonObject([
        ['a', '1'],
        ['b', undefined],
        ['c', metadataJson({ k: 'v' })],
        ['d', metadataJson({})],
      ]),
    ).toString(),
    '{"a":1,"c":{"k":"v"}}',
  );
});

void test('tls: upstream checks; insecureSkipVerify turns verification off', () => {
  const secrets = new SecretStore({ env: secretEnv('t', { ca: 'CA', cert: 'C', key: 'K' }) });
  const ref = (key: string) => ({ name: 't', key });
  assert.equal(brokerTls(undefined, secrets), undefined);
  assert.throws(() => brokerTls({}, secrets), /please configure either caCertSecret/);
  assert.throws(
    () => brokerTls({ clientCertSecret: ref('cert') }, secrets),
    /both clientCertSecret and clientKeySecret/,
  );
  assert.deepEqual(brokerTls({ enabled: true }, secrets), { rejectUnauthorized: true });
  assert.deepEqual(brokerTls({ insecureSkipVerify: true }, secrets), { rejectUnauthorized: false });
  assert.deepEqual(
    brokerTls(
      { caCertSecret: ref('ca'), clientCertSecret: ref('cert'), clientKeySecret: ref('key') },
      secrets,
    ),
    {
      ca: 'CA',
      cert: 'C',
      key: 'K',
      rejectUnauthorized: true,
    },
  );
});

void test('InFlight: idle waits for everything, room bounds what is under way', async () => {
  const f = new InFlight(1);
  let release!: () => void;
  f.track(new Promise<void>((r) => (release = r)));
  let roomy = false;
  const room = f.room().then(() => (roomy = true));
  await Promise.resolve();
  assert.equal(roomy, false);
  f.track(Promise.reject(new Error('handled elsewhere')).catch(() => undefined));
  release();
  await room;
  await f.idle();
  assert.equal(f.size, 0);
});

void test('link: health follows the link, a repeated error is logged once per interval', () => {
  const c = testContext('redis', {});
  const link = linkReporter(c.ctx, 'redis h:1', 60_000);
  for (let i = 0; i < 5; i++) link.down(new Error('ECONNREFUSED'));
  link.down(new Error('other'));
  assert.equal(c.logs.filter((r) => r.msg === 'broker connection lost, reconnecting with backoff').length, 2);
  assert.deepEqual(c.health.at(-1), { ok: false, message: 'redis h:1: connection lost: other' });
  link.up();
  assert.deepEqual(c.health.at(-1), { ok: true });
  assert.equal(c.logs.filter((r) => r.msg === 'reconnected to the broker').length, 1);
  link.down(new Error('ECONNREFUSED')); // after a reconnect the same error is news again
  assert.equal(c.logs.filter((r) => r.msg === 'broker connection lost, reconnecting with backoff').length, 3);
  assert.equal(redactUrl('amqp://u:p@h:5672/v'), 'amqp://***@h:5672/v');
});
