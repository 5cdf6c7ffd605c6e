import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import pino from 'pino';
import { Registry } from 'prom-client';
import { ConfigError } from '../api/index.js';
import { isLoopback, safeEqual } from './auth.js';
import { demoRuntime } from './demo.js';
import { AdminConfigError, createAdminServer, type AdminServer } from './index.js';
import { openStream } from './sse-client.js';

const TOKEN = 'admin-token-0123456789abcdef';
const servers: AdminServer[] = [];
after(() => Promise.all(servers.map((s) => s.close())));

async function start(token?: string, host = '127.0.0.1') {
  const s = await createAdminServer({
    host,
    port: 0,
    token,
    view: demoRuntime().view,
    registry: new Registry(),
    logger: pino({ level: 'silent' }),
  });
  servers.push(s);
  return s;
}

test('loopback addresses', () => {
  for (const h of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]', '::ffff:127.0.0.1'])
    assert.ok(isLoopback(h), h);
  for (const h of ['0.0.0.0', '::', '10.0.0.1', 'example.com', '192.168.1.1']) assert.ok(!isLoopback(h), h);
});

test('constant-time comparison gives the right answers', () => {
  assert.ok(safeEqual('abc', 'abc'));
  assert.ok(!safeEqual('abc', 'abd'));
  assert.ok(!safeEqual('abc', 'abcd'));
});

test('a non-loopback address without a token is refused', async () => {
  await assert.rejects(start(undefined, '0.0.0.0'), (err: unknown) => {
    assert.ok(err instanceof AdminConfigError);
    assert.ok(err instanceof ConfigError);
    assert.match((err as Error).message, /refusing to serve the admin API on 0\.0\.0\.0 without a token/);
    return true;
  });
  await assert.rejects(start('short', '127.0.0.1'), /at least 16 characters/);
});

test('a non-loopback address with a token starts', async () => {
  const s = await start(TOKEN, '0.0.0.0');
  assert.match(s.url, /^http:\/\/0\.0\.0\.0:\d+$/);
  const port = s.port;
  assert.equal((await fetch(`http://127.0.0.1:${port}/api/v1/resources`)).status, 401);
});

test('with a token: bearer required everywhere but /healthz', async () => {
  const s = await start(TOKEN);
  const get = (path: string, auth?: string) =>
    fetch(s.url + path, { headers: auth ? { authorization: auth } : {} });
  assert.equal((await get('/healthz')).status, 200);
  for (const path of ['/readyz', '/metrics', '/api/v1/resources', '/api/v1/events', '/app.js', '/nope']) {
    const r = await get(path);
    assert.equal(r.status, 401, path);
    assert.equal(r.headers.get('www-authenticate'), 'Bearer realm="jetflow"');
    assert.equal((await get(path, 'Bearer wrong-token-wrong-token')).status, 401, path);
    assert.equal((await get(path, `Basic ${TOKEN}`)).status, 401, path);
    assert.equal((await get(path, `Bearer ${TOKEN}`)).status, path === '/nope' ? 404 : 200, path);
  }
  const stream = await openStream(`${s.url}/api/v1/stream`);
  assert.equal(stream.status, 401);
  stream.close();
});

test('without a token on loopback everything is open', async () => {
  const s = await start();
  assert.equal((await fetch(`${s.url}/api/v1/resources`)).status, 200);
});

test('the browser login exchanges the token for a session cookie', async () => {
  const s = await start(TOKEN);
  const page = await fetch(`${s.url}/`, { headers: { accept: 'text/html' } });
  assert.equal(page.status, 401);
  assert.match(await page.text(), /<form method="post" action="\/login">/);
  const login = (token: string) =>
    fetch(`${s.url}/login`, {
      method: 'POST',
      body: new URLSearchParams({ token }),
      redirect: 'manual',
    });
  const bad = await login('wrong-token-wrong-token');
  assert.equal(bad.status, 401);
  assert.equal(bad.headers.get('set-cookie'), null);
  const ok = await login(TOKEN);
  assert.equal(ok.status, 303);
  assert.equal(ok.headers.get('location'), '/');
  const cookie = ok.headers.get('set-cookie')!;
  assert.match(cookie, /^jetflow_admin=[0-9a-f]{64}; HttpOnly; SameSite=Strict; Path=\/$/);
  assert.ok(!cookie.includes(TOKEN), 'the cookie is not the token');
  const session = cookie.split(';')[0]!;
  assert.equal((await fetch(`${s.url}/api/v1/resources`, { headers: { cookie: session } })).status, 200);
  const stream = await openStream(`${s.url}/api/v1/stream`, { headers: { cookie: session } });
  assert.equal(stream.status, 200);
  stream.close();
  const forged = 'jetflow_admin=' + '0'.repeat(64);
  assert.equal((await fetch(`${s.url}/api/v1/resources`, { headers: { cookie: forged } })).status, 401);
});
