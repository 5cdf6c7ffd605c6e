/**
 * Secrets never appear in an answer: a full scenario with a secret value planted wherever the runtime
 * could hand one over (bus URLs and errors, a literal in a resource spec, a trigger URL, listener and
 * execution errors, even an event payload), then every answer of every endpoint and the live stream are
 * scanned for it and for the admin token.
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import pino from 'pino';
import { Registry } from 'prom-client';
import { waitFor } from '../../test/harness/index.js';
import { demoEnvelope, demoRuntime, feedDemo } from './demo.js';
import { createAdminServer, REDACTED, type AdminServer } from './index.js';
import { loadAssets } from './static.js';
import { openStream } from './sse-client.js';

const SECRET = 'pl4nted-Secret-"value"-8142';
const TOKEN = 'admin-token-planted-5f2e9c1d7b';
const servers: AdminServer[] = [];
after(() => Promise.all(servers.map((s) => s.close())));

function plantedRuntime() {
  const rt = demoRuntime();
  rt.secrets.push(SECRET);
  const url = `nats://jetflow:${encodeURIComponent(SECRET)}@127.0.0.1:4222`;
  rt.bus.clientUrls = [url];
  rt.bus.ready = false;
  rt.bus.message = `cannot connect to ${url}`;
  rt.bus.nodes![0]!.lastError = `auth failed for password ${SECRET}`;
  const webhook = rt.sources[0]!;
  const orders = webhook.resource.spec.webhook as Record<string, Record<string, unknown>>;
  orders.orders!.password = SECRET;
  orders.orders!.url = `https://user:${SECRET}@example.com/hook`;
  webhook.listeners[0]!.message = `rejected credentials ${SECRET}`;
  const http = rt.sensors[0]!.resource.spec.triggers[1]!.template.http as Record<string, unknown>;
  http.url = `http://ship:${SECRET}@127.0.0.1:9/ship`;
  http.headers = { Authorization: `Bearer ${SECRET}` };
  return rt;
}

test('no answer of a full scenario contains a planted secret or the token', async () => {
  const rt = plantedRuntime();
  const s = await createAdminServer({
    port: 0,
    token: TOKEN,
    view: rt.view,
    registry: new Registry(),
    logger: pino({ level: 'silent' }),
    heartbeatMs: 20,
    statusIntervalMs: 20,
  });
  servers.push(s);
  const auth = { authorization: `Bearer ${TOKEN}` };
  const stream = await openStream(`${s.url}/api/v1/stream`, { headers: auth });
  await feedDemo(rt.recorder);
  rt.recorder.recordEvent(
    demoEnvelope('webhook', 'orders', { body: { amount: 999, note: SECRET } }, 'leaky'),
  );
  rt.recorder.recordExecution({
    sensor: 'orders',
    trigger: 'ship',
    outcome: 'failed',
    durationMs: 5,
    error: new Error(`POST http://ship:${SECRET}@127.0.0.1:9/ship: refused (password=${SECRET})`),
  });
  await rt.recorder.idle();
  rt.sensors[1]!.state = 'failed';
  rt.sensors[1]!.message = `secret ${SECRET} not found`;

  const answers: [string, string][] = [];
  const fetchText = async (path: string, init: RequestInit = { headers: auth }) => {
    const r = await fetch(s.url + path, init);
    const text = `${[...r.headers].map(([k, v]) => `${k}: ${v}`).join('\n')}\n\n${await r.text()}`;
    answers.push([path, text]);
    return text;
  };
  const paths = [
    '/healthz',
    '/readyz',
    '/metrics',
    '/api/v1/resources',
    '/api/v1/events?traces=1',
    '/api/v1/executions',
    '/api/v1/sensors/orders/triggers',
    '/api/v1/sensors/ops/triggers',
    '/api/v1/nope',
    ...loadAssets().keys(),
  ];
  for (const p of paths) await fetchText(p);
  for (const e of rt.recorder.events()) {
    await fetchText(`/api/v1/events/${e.id}`);
    await fetchText(`/api/v1/events/${e.id}/trace`);
  }
  await fetchText('/api/v1/resources', { headers: {} });
  await fetchText('/', { headers: { accept: 'text/html' } });
  await fetchText('/login', {
    method: 'POST',
    body: new URLSearchParams({ token: 'wrong-token-wrong' }),
    redirect: 'manual',
  });
  await fetchText('/login', {
    method: 'POST',
    body: new URLSearchParams({ token: TOKEN }),
    redirect: 'manual',
  });
  await waitFor(
    () => stream.messages.some((m) => m.event === 'status') && stream.comments.includes('heartbeat'),
  );
  stream.close();
  answers.push(['/api/v1/stream', stream.raw()]);

  const forms = [SECRET, JSON.stringify(SECRET).slice(1, -1), encodeURIComponent(SECRET), TOKEN];
  for (const [path, text] of answers)
    for (const f of forms) assert.ok(!text.includes(f), `${path} leaks ${f}:\n${text.slice(0, 2000)}`);
  const all = answers.map(([, t]) => t).join('\n');
  assert.ok(all.includes(REDACTED), 'the planted values were there to be redacted');
  assert.ok(all.includes('"leaky"'), 'the event carrying the secret was served (with it redacted)');
  assert.ok(
    stream.messages.some((m) => m.event === 'event'),
    'the stream was scanned with content',
  );
  const resources = answers.find(([p]) => p === '/api/v1/resources')![1];
  assert.ok(resources.includes(`"password":"${REDACTED}"`), 'a literal password in a spec is redacted');
  assert.match(resources, /"clientUrls":\["nats:\/\/\[redacted\]@127\.0\.0\.1:4222"\]/);
});
