/**
 * The `webhook` type against a real JetStream: payload shapes (POST JSON, GET query, form), refusals
 * that publish nothing (405, 401, 413, 400), /health, and metrics (spec/metrics.md §5, scenarios C16).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eventSubject } from '../../../src/api/names.js';
import { assertEnvelope } from '../../../src/sources/contract.js';
import { freePort } from '../../harness/index.js';
import {
  request,
  startBus,
  startHost,
  storedEvents,
  waitForEvents,
  type BusFixture,
  type HostFixture,
} from './helpers.js';

const ES = 'webhook';
const TOKEN = 's3cr3t-token';

describe('webhook event source', { timeout: 60_000 }, () => {
  let bus: BusFixture;
  let fx: HostFixture;
  let base: string;
  const count = async (ev: string) => (await storedEvents(bus.nc, eventSubject(ES, ev))).length;

  before(async () => {
    bus = await startBus();
    const port = String(await freePort());
    base = `http://127.0.0.1:${port}`;
    fx = await startHost(
      bus,
      ES,
      {
        webhook: {
          example: { port, endpoint: '/example', method: 'POST', metadata: { team: 'a' } },
          query: { port, endpoint: '/query', method: 'GET' },
          secured: { port, endpoint: '/secured', method: 'POST', authSecret: { name: 'hook', key: 'token' } },
          small: { port, endpoint: '/small', method: 'POST', maxPayloadSize: 64 },
          filtered: {
            port,
            endpoint: '/filtered',
            method: 'POST',
            filter: { expression: "(body.id == 4) && (body.name != 'Joe')" },
          },
          failing: { port, endpoint: '/failing', method: 'POST', filter: { expression: "body.id in ['a']" } },
        },
      },
      { env: { JETFLOW_SECRET_HOOK_TOKEN: TOKEN }, namespace: 'argo-events' },
    );
  });
  after(async () => {
    await fx?.host.stop();
    await bus?.stop();
  });

  it('POST JSON: answers success after storing {header, body, metadata} on default.<es>.<event>', async () => {
    const r = await request(`${base}/example`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-custom': 'v1' },
      body: JSON.stringify({ message: 'hello', n: 1 }),
    });
    assert.equal(r.status, 200);
    assert.equal(r.text, 'success');
    // answered only after the store: the event is already there
    const [got] = await storedEvents(bus.nc, eventSubject(ES, 'example'));
    assert.ok(got, 'stored before the 200 was sent');
    assertEnvelope(got.event, got.msgId, ES, 'example', 'webhook');
    assert.match(got.event.id, /^[0-9a-f]{32}$/);
    const data = got.event.data as { header: Record<string, string[]>; body: unknown; metadata: unknown };
    assert.deepEqual(data.body, { message: 'hello', n: 1 });
    assert.deepEqual(data.metadata, { team: 'a' });
    assert.deepEqual(data.header['Content-Type'], ['application/json']);
    assert.deepEqual(data.header['X-Custom'], ['v1']);
    assert.equal(data.header.Host, undefined, 'Host is not a header in Go');
  });

  it('GET: body is the query as arrays of values', async () => {
    const r = await request(`${base}/query?a=1&a=2&b=x%20y`);
    assert.equal(r.status, 200);
    const [got] = await waitForEvents(bus, eventSubject(ES, 'query'), 1);
    assert.deepEqual((got!.event.data as { body: unknown }).body, { a: ['1', '2'], b: ['x y'] });
    assert.equal(
      (got!.event.data as { metadata?: unknown }).metadata,
      undefined,
      'empty metadata is omitted',
    );
  });

  it('POST form: body is the form as arrays of values', async () => {
    const before = await count('example');
    const r = await request(`${base}/example`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'x=1&y=2&y=3',
    });
    assert.equal(r.status, 200);
    const got = await waitForEvents(bus, eventSubject(ES, 'example'), before + 1);
    assert.deepEqual((got.at(-1)!.event.data as { body: unknown }).body, { x: ['1'], y: ['2', '3'] });
  });

  it('refusals publish nothing: 405, 401, 413, 400', async () => {
    const before = {
      example: await count('example'),
      secured: await count('secured'),
      small: await count('small'),
    };
    const wrongMethod = await request(`${base}/example`, { method: 'PUT', body: '{}' });
    assert.equal(wrongMethod.status, 405);
    assert.equal(wrongMethod.text, 'http method does not match');
    assert.equal(wrongMethod.headers.get('allow'), 'POST');
    const noAuth = await request(`${base}/secured`, { method: 'POST', body: '{}' });
    assert.deepEqual([noAuth.status, noAuth.text], [401, 'Invalid Authorization Header']);
    const basic = await request(`${base}/secured`, {
      method: 'POST',
      body: '{}',
      headers: { authorization: `Basic ${TOKEN}` },
    });
    assert.deepEqual([basic.status, basic.text], [401, 'Invalid Authorization Header']);
    const wrong = await request(`${base}/secured`, {
      method: 'POST',
      body: '{}',
      headers: { authorization: 'Bearer nope' },
    });
    assert.deepEqual([wrong.status, wrong.text], [401, 'Invalid Auth token']);
    const big = await request(`${base}/small`, {
      method: 'POST',
      body: JSON.stringify({ pad: 'x'.repeat(100) }),
    });
    assert.deepEqual([big.status, big.text], [413, 'http: request body too large']);
    const invalid = await request(`${base}/example`, { method: 'POST', body: 'Invalid JSON' });
    assert.equal(invalid.status, 400);
    assert.match(invalid.text, /^json: error calling MarshalJSON for type \*json\.RawMessage: /);
    const empty = await request(`${base}/example`, { method: 'POST' });
    assert.deepEqual(
      [empty.status, empty.text],
      [400, 'json: error calling MarshalJSON for type *json.RawMessage: unexpected end of JSON input'],
    );
    // the server is still fine after refusing an oversized body mid-stream
    const ok = await request(`${base}/small`, { method: 'POST', body: '{"a":1}' });
    assert.equal(ok.status, 200);
    assert.equal(await count('example'), before.example);
    assert.equal(await count('secured'), before.secured);
    assert.equal(await count('small'), before.small + 1);
  });

  it('authSecret: the right bearer token is accepted and masked in the event', async () => {
    const r = await request(`${base}/secured`, {
      method: 'POST',
      body: '{"k":1}',
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    assert.equal(r.status, 200);
    const [got] = await waitForEvents(bus, eventSubject(ES, 'secured'), 1);
    assert.deepEqual((got!.event.data as { header: Record<string, string[]> }).header.Authorization, [
      '*** Masked Auth Secret ***',
    ]);
    assert.ok(!JSON.stringify(got!.event).includes(TOKEN), 'the token never reaches the bus');
  });

  it('source-side filter: non-matching events are answered success but not stored (C15)', async () => {
    const post = (p: string, b: unknown) =>
      request(`${base}${p}`, { method: 'POST', body: JSON.stringify(b) });
    assert.deepEqual(await post('/filtered', { id: 2, name: 'Johnson' }).then((r) => [r.status, r.text]), [
      200,
      'success',
    ]);
    assert.deepEqual(await post('/filtered', { id: 4, name: 'John' }).then((r) => [r.status, r.text]), [
      200,
      'success',
    ]);
    const got = await storedEvents(bus.nc, eventSubject(ES, 'filtered'));
    assert.deepEqual(
      got.map((e) => (e.event.data as { body: unknown }).body),
      [{ id: 4, name: 'John' }],
    );
    // an evaluation error is logged and the event skipped; the sender still gets success
    assert.equal((await post('/failing', { id: 1 })).status, 200);
    assert.equal(await count('failing'), 0);
    assert.ok(fx.records.some((r) => r.msg === 'Failed to filter event' && r.eventName === 'failing'));
  });

  it('serves /health on every port and 404 elsewhere', async () => {
    assert.deepEqual(await request(`${base}/health`).then((r) => [r.status, r.text]), [200, 'OK']);
    assert.equal((await request(`${base}/nope`)).status, 404);
  });

  it('metrics after valid and invalid POSTs (spec/metrics.md §5)', async () => {
    await request(`${base}/example`, { method: 'POST', body: '{}' });
    await request(`${base}/example`, { method: 'POST', body: 'Invalid JSON' });
    const text = await fx.registry.metrics();
    const labels = `{namespace="argo-events",eventsource_name="${ES}",event_name="example"}`;
    assert.match(
      text,
      /argo_events_event_service_running_total\{namespace="argo-events",eventsource_name="webhook"\} 6/,
    );
    const sent = Number(new RegExp(`argo_events_events_sent_total${escape(labels)} (\\d+)`).exec(text)?.[1]);
    assert.equal(sent, await count('example'));
    const failed = Number(
      new RegExp(`argo_events_events_processing_failed_total${escape(labels)} (\\d+)`).exec(text)?.[1],
    );
    assert.ok(failed >= 1, `processing failed ${failed}`);
    assert.match(text, new RegExp(`argo_events_events_sent_failed_total${escape(labels)} 0`));
    assert.match(
      text,
      new RegExp(`argo_events_event_processing_duration_milliseconds_count${escape(labels)} \\d+`),
    );
    assert.doesNotMatch(text, /quantile=/, 'summaries have no quantiles');
  });
});

function escape(s: string): string {
  return s.replace(/[{}"]/g, (c) => `\\${c}`);
}
