/** The generic driver against a real gRPC server implementing `generic.Eventing` (started by the test). */
import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import type { GenericEventSource } from '../../api/index.js';
import { freePort, waitFor } from '../../../test/harness/index.js';
import { collectingContext } from '../file/testing.js';
import type { Listener } from '../types.js';
import { createGenericDriver } from './driver.js';
import { startEventingServer, type TestEventingServer } from './test-server.js';

const driver = createGenericDriver({ reconnectMs: 100 });
const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});
const server = async (port?: number) => {
  const s = await startEventingServer(port);
  cleanup.push(() => s.stop());
  return s;
};
const listen = async (cfg: GenericEventSource, env: Record<string, string> = {}) => {
  const c = collectingContext('generic', cfg, env);
  const health: { ok: boolean; message?: string }[] = [];
  c.ctx.setHealth = (h) => void health.push(h);
  const l: Listener = await driver.start(c.ctx);
  cleanup.push(() => l.stop());
  return { c, l, health };
};
const connected = (s: TestEventingServer) => waitFor(() => s.open().length > 0);

void test('StartEventSource carries the event name, the config and the bearer token; jsonBody embeds JSON', async () => {
  const s = await server();
  const { c } = await listen(
    {
      url: s.url,
      config: 'key1: value1\nkey2: value2',
      insecure: true,
      jsonBody: true,
      metadata: { k: 'v' },
      authSecret: { name: 'g', key: 'token' },
    },
    { JETFLOW_SECRET_G_TOKEN: 's3cret' },
  );
  await connected(s);
  assert.equal(s.calls[0]!.request.name, 'example');
  assert.equal(s.calls[0]!.request.config.toString(), 'key1: value1\nkey2: value2');
  assert.equal(s.calls[0]!.authorization, 'Bearer s3cret');
  s.send('{"hello": ["world"]}');
  s.send('not json');
  s.send('');
  await waitFor(() => c.events.length === 2);
  assert.deepEqual(c.events, [
    { body: { hello: ['world'] }, metadata: { k: 'v' } },
    { body: null, metadata: { k: 'v' } },
  ]);
  assert.equal(c.processingFailed, 1, 'the non-JSON payload is a processing failure');
});

void test('without jsonBody the payload is base64; no metadata key when there is none', async () => {
  const s = await server();
  const { c } = await listen({ url: s.url, config: 'c', insecure: true });
  await connected(s);
  s.send(Buffer.from([0, 1, 2, 255]));
  await waitFor(() => c.events.length === 1);
  assert.deepEqual(c.events[0], { body: 'AAEC/w==' });
  assert.equal(s.calls[0]!.authorization, undefined);
});

void test('connects once the server comes up, and reconnects after the stream ends', async () => {
  const port = await freePort();
  const { c, health } = await listen({ url: `127.0.0.1:${port}`, config: 'c', insecure: true });
  await waitFor(() => health.some((h) => !h.ok), { message: 'reports the server as unreachable' });
  const s = await server(port);
  await connected(s);
  await waitFor(() => health.at(-1)?.ok === true);
  for (const stream of s.open()) stream.end();
  await waitFor(() => s.calls.length === 2 && s.open().length === 1, {
    message: 'a new StartEventSource call',
  });
  s.send('x');
  await waitFor(() => c.events.length === 1);
});

void test('stop cancels the stream', async () => {
  const s = await server();
  const { l } = await listen({ url: s.url, config: 'c', insecure: true });
  await connected(s);
  await l.stop();
  await waitFor(() => s.calls[0]!.cancelled);
  await l.done;
});

void test('insecure: false speaks TLS, which a plaintext server refuses', async () => {
  const s = await server();
  const { health } = await listen({ url: s.url, config: 'c' });
  await waitFor(() => health.some((h) => !h.ok));
  assert.equal(s.calls.length, 0);
});

void test('stop does not wait for an unreachable server', { timeout: 3000 }, async () => {
  const c = collectingContext('generic', {
    url: `127.0.0.1:${await freePort()}`,
    config: 'c',
    insecure: true,
  });
  const health: boolean[] = [];
  c.ctx.setHealth = (h) => void health.push(h.ok);
  const l = await createGenericDriver().start(c.ctx);
  await l.stop();
  await l.done;
  assert.deepEqual(health, []);
});
