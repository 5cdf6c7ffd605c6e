/**
 * Delivery semantics of webhook routes (DESIGN.md): 2xx only for stored events, 503 + Retry-After when
 * the bus cannot store (and recovery when it returns), many concurrent requests, one server per port
 * shared by EventSources, HTTPS.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { eventSubject } from '../../../src/api/names.js';
import { SourceError } from '../../../src/api/errors.js';
import { freePort, isListening, waitFor } from '../../harness/index.js';
import { request, startBus, startHost, storedEvents, waitForEvents, type BusFixture } from './helpers.js';

const hook = (port: string, endpoint: string, extra: Record<string, unknown> = {}) => ({
  port,
  endpoint,
  method: 'POST',
  ...extra,
});

describe('webhook delivery', { timeout: 120_000 }, () => {
  let bus: BusFixture;
  before(async () => {
    bus = await startBus(1500);
  });
  after(async () => {
    await bus?.stop();
  });

  it('answers 2xx exactly for the events in the stream under 500 concurrent POSTs, one copy each', async () => {
    const port = String(await freePort());
    const fx = await startHost(bus, 'burst', { webhook: { in: hook(port, '/in') } });
    try {
      const n = 500;
      const answers = await Promise.all(
        Array.from({ length: n }, (_, i) =>
          request(`http://127.0.0.1:${port}/in`, { method: 'POST', body: JSON.stringify({ i }) }).then(
            (r) => ({ i, status: r.status }),
          ),
        ),
      );
      const ok = answers.filter((a) => a.status === 200).map((a) => a.i);
      const stored = (await storedEvents(bus.nc, eventSubject('burst', 'in'))).map(
        (e) => (e.event.data as { body: { i: number } }).body.i,
      );
      assert.equal(
        ok.length,
        n,
        `all answered 200 (statuses: ${[...new Set(answers.map((a) => a.status))].join(',')})`,
      );
      assert.equal(stored.length, new Set(stored).size, 'one stored copy per event');
      assert.deepEqual(
        [...stored].sort((a, b) => a - b),
        [...ok].sort((a, b) => a - b),
      );
    } finally {
      await fx.host.stop();
    }
  });

  it('answers 503 with Retry-After while the bus is down (not 200, not hanging) and recovers', async () => {
    const port = String(await freePort());
    const url = `http://127.0.0.1:${port}/in`;
    const fx = await startHost(bus, 'outage', { webhook: { in: hook(port, '/in') } });
    try {
      assert.equal((await request(url, { method: 'POST', body: '{"phase":"before"}' })).status, 200);
      await bus.nats.kill();
      const t0 = Date.now();
      const down = await request(url, { method: 'POST', body: '{"phase":"down"}' });
      assert.equal(down.status, 503);
      assert.equal(down.text, 'failed to record event');
      assert.ok(Number(down.headers.get('retry-after')) >= 1, 'Retry-After in seconds');
      assert.ok(Date.now() - t0 < 10_000, 'answered within the publish deadline');
      await bus.nats.restart();
      await waitFor(
        async () => (await request(url, { method: 'POST', body: '{"phase":"after"}' })).status === 200,
        {
          timeout: 20_000,
          interval: 200,
          message: 'webhook accepts again after the bus returned',
        },
      );
      const phases = (await waitForEvents(bus, eventSubject('outage', 'in'), 2)).map(
        (e) => (e.event.data as { body: { phase: string } }).body.phase,
      );
      assert.ok(!phases.includes('down'), 'the refused event was not stored');
      assert.equal(phases[0], 'before');
      assert.ok(phases.includes('after'));
      const metrics = await fx.registry.metrics();
      assert.match(metrics, /argo_events_events_sent_failed_total\{[^}]*event_name="in"\} [1-9]/);
    } finally {
      await fx.host.stop();
    }
  });

  it('shares one server per port across EventSources, refuses a taken endpoint, frees the port', async () => {
    const p = await freePort();
    const port = String(p);
    const a = await startHost(bus, 'share-a', { webhook: { one: hook(port, '/one') } });
    const b = await startHost(bus, 'share-b', { webhook: { two: hook(port, '/two') } });
    assert.equal((await request(`http://127.0.0.1:${port}/one`, { method: 'POST', body: '{}' })).status, 200);
    assert.equal((await request(`http://127.0.0.1:${port}/two`, { method: 'POST', body: '{}' })).status, 200);
    await waitForEvents(bus, eventSubject('share-a', 'one'), 1);
    await waitForEvents(bus, eventSubject('share-b', 'two'), 1);
    const taken = await startHost(bus, 'share-c', { webhook: { dup: hook(port, '/one') } }).then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.ok(taken instanceof SourceError);
    assert.match(
      taken.message,
      /webhook event source share-c\/dup: .*endpoint \/one on port \d+ is already served by share-a\/one/,
    );
    await a.host.stop();
    assert.equal((await request(`http://127.0.0.1:${port}/one`, { method: 'POST', body: '{}' })).status, 404);
    assert.equal((await request(`http://127.0.0.1:${port}/two`, { method: 'POST', body: '{}' })).status, 200);
    await b.host.stop();
    assert.equal(await isListening(p), false, 'the port is closed with its last route');
  });

  it('serves HTTPS when serverCertSecret and serverKeySecret are set', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'jetflow-tls-'));
    try {
      execFileSync(
        'openssl',
        [
          'req',
          '-x509',
          '-newkey',
          'ec',
          '-pkeyopt',
          'ec_paramgen_curve:P-256',
          '-nodes',
          '-days',
          '1',
          '-subj',
          '/CN=localhost',
          '-addext',
          'subjectAltName=IP:127.0.0.1',
          '-keyout',
          path.join(dir, 'key.pem'),
          '-out',
          path.join(dir, 'cert.pem'),
        ],
        { stdio: 'ignore' },
      );
      const cert = readFileSync(path.join(dir, 'cert.pem'), 'utf8');
      const key = readFileSync(path.join(dir, 'key.pem'), 'utf8');
      const port = String(await freePort());
      const tls = {
        serverCertSecret: { name: 'tls', key: 'crt' },
        serverKeySecret: { name: 'tls', key: 'key' },
      };
      const fx = await startHost(
        bus,
        'tls',
        { webhook: { secure: hook(port, '/secure', tls) } },
        {
          env: { JETFLOW_SECRET_TLS_CRT: cert, JETFLOW_SECRET_TLS_KEY: key },
        },
      );
      try {
        const status = await new Promise<number>((resolve, reject) => {
          const req = https.request(
            { host: '127.0.0.1', port: Number(port), path: '/secure', method: 'POST', ca: cert },
            (res) => {
              res.resume();
              resolve(res.statusCode ?? 0);
            },
          );
          req.on('error', reject);
          req.end('{"tls":true}');
        });
        assert.equal(status, 200);
        const [got] = await waitForEvents(bus, eventSubject('tls', 'secure'), 1);
        assert.deepEqual((got!.event.data as { body: unknown }).body, { tls: true });
        await assert.rejects(
          request(`http://127.0.0.1:${port}/secure`, { method: 'POST', body: '{}' }),
          'plain HTTP is not served',
        );
      } finally {
        await fx.host.stop();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
