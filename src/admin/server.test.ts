import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, test } from 'node:test';
import pino from 'pino';
import { Registry } from 'prom-client';
import { waitFor } from '../../test/harness/index.js';
import { SensorMetrics } from '../sensors/index.js';
import { EventMetrics } from '../sources/runtime/index.js';
import { demoEnvelope, demoRuntime, feedDemo, type DemoRuntime } from './demo.js';
import { createAdminServer, type AdminServer, type AdminServerOptions } from './index.js';
import { openStream } from './sse-client.js';

const servers: AdminServer[] = [];
after(() => Promise.all(servers.map((s) => s.close())));

async function start(rt: DemoRuntime, o: Partial<AdminServerOptions> = {}) {
  const registry = o.registry ?? new Registry();
  const s = await createAdminServer({
    port: 0,
    view: rt.view,
    registry,
    logger: pino({ level: 'silent' }),
    ...o,
  });
  servers.push(s);
  const get = (path: string, init?: RequestInit) => fetch(s.url + path, init);
  const json = async (path: string): Promise<any> => (await get(path)).json();
  return { s, registry, get, json };
}

test('probes and the JSON API answer from the recorder', async () => {
  const rt = demoRuntime();
  await feedDemo(rt.recorder);
  const { json } = await start(rt);
  assert.deepEqual(await json('/healthz'), { status: 'ok' });
  const res = await json('/api/v1/resources');
  assert.equal(res.ready, true);
  assert.equal(res.eventBus.nodes.length, 3);
  const webhook = res.eventSources.find((s: any) => s.name === 'webhook');
  assert.deepEqual(
    webhook.events.map((e: any) => [e.eventName, e.received]),
    [
      ['orders', 3],
      ['payments', 1],
    ],
  );
  const orders = res.sensors.find((s: any) => s.name === 'orders');
  assert.deepEqual(orders.triggers.find((t: any) => t.name === 'ship').dependencies, [
    'big-order',
    'payment',
  ]);
  assert.equal(orders.triggers.find((t: any) => t.name === 'ship').failed, 1);

  const events = (await json('/api/v1/events?source=webhook&limit=2')).events;
  assert.equal(events.length, 2);
  assert.ok(events.every((e: any) => e.source === 'webhook'));
  assert.equal(events[0].data.body.amount, 120);

  const execs = (await json('/api/v1/executions?sensor=orders&trigger=ship')).executions;
  assert.equal(execs.length, 1);
  assert.equal(execs[0].outcome, 'failed');
  assert.match(execs[0].error, /ECONNREFUSED/);

  const triggers = await json('/api/v1/sensors/orders/triggers');
  const ship = triggers.triggers.find((t: any) => t.name === 'ship');
  assert.deepEqual(
    ship.dependencies.map((d: any) => [d.name, d.satisfied]),
    [
      ['big-order', true],
      ['payment', false],
    ],
  );
  assert.ok(ship.dependencies[0].satisfiedAt);

  const filtered = rt.recorder
    .events({ source: 'webhook' })
    .find((e) => (e.data as any)?.body?.amount === 40)!;
  const trace = await json(`/api/v1/events/${filtered.id}/trace`);
  assert.equal(trace.event.id, filtered.id);
  assert.equal(trace.sensors[0].dependencies[0].passed, false);
  assert.match(trace.sensors[0].dependencies[0].reason, /did not pass/);
});

test('errors map to statuses: 404, 400, 405', async () => {
  const { get } = await start(demoRuntime());
  assert.equal((await get('/api/v1/nope')).status, 404);
  assert.equal((await get('/api/v1/events/unknown/trace')).status, 404);
  assert.equal((await get('/api/v1/sensors/unknown/triggers')).status, 404);
  const bad = await get('/api/v1/events?limit=0');
  assert.equal(bad.status, 400);
  assert.match(((await bad.json()) as any).error, /limit/);
  assert.equal((await get('/api/v1/executions?limit=abc')).status, 400);
  const post = await get('/api/v1/events', { method: 'POST' });
  assert.equal(post.status, 405);
  assert.equal(post.headers.get('allow'), 'GET');
});

test('an unexpected error answers 500 without details and is logged, scrubbed', async () => {
  const rt = demoRuntime();
  rt.secrets.push('hidden-value-123');
  const lines: string[] = [];
  const logger = pino({ level: 'info' }, { write: (l: string) => void lines.push(l) });
  const { get } = await start(rt, { logger });
  rt.view.eventSources = () => {
    throw new Error('boom with hidden-value-123');
  };
  const r = await get('/api/v1/resources');
  assert.equal(r.status, 500);
  assert.deepEqual(await r.json(), { error: 'internal error' });
  const logged = lines.find((l) => l.includes('admin request failed'))!;
  assert.match(logged, /boom with \[redacted\]/);
  assert.match(logged, /"endpoint":"\/api\/v1\/resources"/);
});

test('readyz follows the bus, every listener and every sensor', async () => {
  const rt = demoRuntime();
  const { get } = await start(rt);
  assert.equal((await get('/readyz')).status, 200);
  rt.bus.ready = false;
  rt.bus.message = 'no JetStream meta leader';
  rt.sources[0]!.listeners[1]!.state = 'failed';
  rt.sources[0]!.listeners[1]!.ok = false;
  rt.sources[0]!.listeners[1]!.message = 'listen EADDRINUSE';
  rt.sensors[1]!.state = 'starting';
  const r = await get('/readyz');
  assert.equal(r.status, 503);
  assert.deepEqual(((await r.json()) as any).notReady, [
    'EventBus default: no JetStream meta leader',
    'EventSource webhook: payments failed: listen EADDRINUSE',
    'Sensor ops: starting',
  ]);
  rt.bus.ready = true;
  rt.sources[0]!.listeners[1]!.state = 'running';
  rt.sources[0]!.listeners[1]!.ok = true;
  assert.equal((await get('/readyz')).status, 503, 'the sensor is still starting');
  rt.sensors[1]!.state = 'running';
  assert.equal((await get('/readyz')).status, 200);
});

test('metrics expose the upstream families from the registry and the bus metrics', async () => {
  const rt = demoRuntime();
  const registry = new Registry();
  new EventMetrics(registry, 'default', 'webhook', 'orders').eventSent();
  new SensorMetrics('default', 'orders', registry).init(['ship']);
  rt.bus.nodes![1]!.healthy = false;
  rt.bus.nodes![1]!.restarts = 2;
  const { get } = await start(rt, { registry });
  const r = await get('/metrics');
  assert.match(r.headers.get('content-type')!, /^text\/plain/);
  const text = await r.text();
  assert.match(
    text,
    /argo_events_events_sent_total\{namespace="default",eventsource_name="webhook",event_name="orders"\} 1/,
  );
  assert.match(
    text,
    /argo_events_action_triggered_total\{namespace="default",sensor_name="orders",trigger_name="ship"\} 0/,
  );
  assert.match(text, /jetflow_bus_ready\{bus="default"\} 1/);
  assert.match(text, /jetflow_bus_nodes\{bus="default"\} 3/);
  assert.match(text, /jetflow_bus_nodes_ready\{bus="default"\} 2/);
  assert.match(text, /jetflow_bus_node_up\{bus="default",node="default-1"\} 0/);
  assert.match(text, /jetflow_bus_node_restarts_total\{bus="default",node="default-1"\} 2/);
  assert.match(text, /jetflow_component_ready\{kind="Sensor",name="ops"\} 1/);
  rt.bus.nodes![1]!.restarts = 3;
  assert.match(
    await (await get('/metrics')).text(),
    /jetflow_bus_node_restarts_total\{bus="default",node="default-1"\} 3/,
  );
});

test('the live stream delivers events, traces, executions and status changes', async () => {
  const rt = demoRuntime();
  const { s } = await start(rt, { heartbeatMs: 50, statusIntervalMs: 20 });
  const stream = await openStream(`${s.url}/api/v1/stream`);
  try {
    rt.recorder.recordEvent(demoEnvelope('webhook', 'orders', { body: { amount: 7 } }, 'live-1'));
    const ev = await waitFor(() => stream.messages.find((m) => m.event === 'event'));
    assert.equal(JSON.parse(ev.data).id, 'live-1');
    const tr = await waitFor(() => stream.messages.find((m) => m.event === 'trace'));
    assert.equal(JSON.parse(tr.data).dependencies[0].passed, false);
    rt.recorder.recordExecution({ sensor: 'ops', trigger: 'report', outcome: 'succeeded', durationMs: 4 });
    await waitFor(() => stream.messages.find((m) => m.event === 'execution'));
    rt.sensors[0]!.state = 'failed';
    const st = await waitFor(() => stream.messages.find((m) => m.event === 'status'));
    assert.deepEqual(JSON.parse(st.data), { ready: false, notReady: ['Sensor orders: failed'] });
    await waitFor(() => stream.comments.includes('heartbeat'));
  } finally {
    stream.close();
  }
});

test('a client that does not read is dropped, the others keep streaming', async () => {
  const rt = demoRuntime();
  const registry = new Registry();
  const { s, get } = await start(rt, { registry, maxStreamBufferBytes: 256 * 1024 });
  const slow = await openStream(`${s.url}/api/v1/stream`, { paused: true });
  const fast = await openStream(`${s.url}/api/v1/stream`);
  try {
    // bursts stay below the limit, so a client that reads keeps up; the paused one falls behind
    const pad = 'x'.repeat(48 * 1024);
    let i = 0;
    await waitFor(
      async () => {
        for (let k = 0; k < 4; k++)
          rt.recorder.recordEvent(demoEnvelope('webhook', 'nobody', { pad }, `p${i++}`));
        return /jetflow_admin_stream_dropped_clients_total 1/.test(await (await get('/metrics')).text());
      },
      { timeout: 20_000 },
    );
    const n = fast.messages.length;
    rt.recorder.recordEvent(demoEnvelope('webhook', 'nobody', {}, 'after'));
    await waitFor(() => fast.messages.length > n);
    assert.match(await (await get('/metrics')).text(), /jetflow_admin_stream_clients 1/);
  } finally {
    slow.close();
    fast.close();
  }
});

test('stream clients are capped, and a malformed request line is refused without harm', async () => {
  const { s, get } = await start(demoRuntime(), { maxStreamClients: 1 });
  const first = await openStream(`${s.url}/api/v1/stream`);
  const second = await openStream(`${s.url}/api/v1/stream`);
  try {
    assert.equal(first.status, 200);
    assert.equal(second.status, 503);
  } finally {
    first.close();
    second.close();
  }
  const answer = await new Promise<string>((resolve, reject) => {
    const sock = connect(s.port, '127.0.0.1', () => sock.end('GET http://[ HTTP/1.1\r\nHost: x\r\n\r\n'));
    let text = '';
    sock.on('data', (d) => (text += String(d)));
    sock.on('close', () => resolve(text));
    sock.on('error', reject);
  });
  assert.match(answer, /^HTTP\/1\.1 (400|500) /);
  assert.equal((await get('/healthz')).status, 200, 'still serving');
});

test('the dashboard is served with a strict content security policy', async () => {
  const { get } = await start(demoRuntime());
  const r = await get('/');
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type')!, /text\/html/);
  assert.match(r.headers.get('content-security-policy')!, /default-src 'self'/);
  assert.match(await r.text(), /<script type="module" src="app.js">/);
  for (const f of ['/app.js', '/graph.js', '/events.js', '/style.css'])
    assert.equal((await get(f)).status, 200, f);
  assert.equal((await get('/../server.ts')).status, 404);
});
