/**
 * The admin replay endpoint against a real nats-server and a recording HTTP peer: without `confirm` it
 * answers the count of matching events (and samples with verdicts) and fires nothing; with `confirm` it
 * fires them; bad input answers 400/404/415, and the endpoint needs the token like every other.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pino from 'pino';
import { Registry } from 'prom-client';
import { SecretStore } from '../../src/api/index.js';
import { createAdminServer, createRecorder, type AdminServer } from '../../src/admin/index.js';
import { runReplay } from '../../src/sensors/index.js';
import { triggerDriver } from '../../src/triggers/index.js';
import { publishEvent, replaySensorYaml, SENSOR } from './replay-helpers.js';
import { sensorFromYaml, startBus, type Bus } from './sensor-harness.js';
import { startHttpPeer, type HttpPeer } from './triggers-e2e-helpers.js';

const TOKEN = 'replay-admin-token-0123456789';

describe('admin replay endpoint', () => {
  let bus: Bus;
  let peer: HttpPeer;
  let admin: AdminServer;

  before(async () => {
    bus = await startBus();
    peer = await startHttpPeer();
    const sensor = sensorFromYaml(replaySensorYaml(peer.url));
    for (let n = 1; n <= 6; n++) await publishEvent(bus.nc, 'a', n);
    const env = {
      nc: bus.nc,
      logger: pino({ level: 'silent' }),
      secrets: new SecretStore({ env: {} }),
      drivers: triggerDriver,
    };
    admin = await createAdminServer({
      port: 0,
      token: TOKEN,
      registry: new Registry(),
      logger: pino({ level: 'silent' }),
      view: {
        recorder: createRecorder({ sensors: () => [sensor] }),
        bus: () => undefined,
        eventSources: () => [],
        sensors: () => [{ resource: sensor, state: 'running' }],
        replay: (request, options) => runReplay(request, env, options),
      },
    });
  });
  after(async () => {
    await admin?.close();
    await peer?.close();
    await bus?.close();
  });

  const post = (trigger: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${admin.url}/api/v1/sensors/${SENSOR}/triggers/${trigger}/replay`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  it('counts first, fires on confirm', { timeout: 30_000 }, async () => {
    const plan = await post('filtered', { from: '1' });
    assert.equal(plan.status, 200);
    const p = (await plan.json()) as any;
    assert.equal(p.confirmed, false);
    assert.equal(p.scanned, 6);
    assert.equal(p.matched, 3);
    assert.equal(p.fired, 3, 'would fire');
    assert.equal(p.events.length, 6);
    assert.equal(p.events[0].dependencies[0].passed, false);
    assert.match(p.events[0].dependencies[0].reason, /kind/);
    assert.equal(peer.hits.length, 0, 'the plan fired nothing');

    const run = await post('filtered', { from: 1, confirm: true });
    assert.equal(run.status, 200);
    const r = (await run.json()) as any;
    assert.equal(r.confirmed, true);
    assert.equal(r.fired, 3);
    assert.equal(r.failed, 0);
    assert.equal(peer.hits.length, 3);
    assert.ok(peer.hits.every((h) => h.headers['x-jetflow-replay'] === r.replayId));
  });

  it('refuses bad input and anonymous callers', { timeout: 30_000 }, async () => {
    const outside = await post('hook', { from: '500' });
    assert.equal(outside.status, 400);
    assert.match(
      ((await outside.json()) as any).error,
      /outside the stream: the stream default holds sequences 1 \(/,
    );
    const unknown = await post('nope', { from: '1' });
    assert.equal(unknown.status, 404);
    assert.match(((await unknown.json()) as any).error, /its triggers: hook, filtered, pair/);
    assert.equal((await post('hook', { to: '3' })).status, 400, 'from is required');
    assert.equal(
      (await post('hook', 'from=1', { 'content-type': 'application/x-www-form-urlencoded' })).status,
      415,
    );
    const anonymous = await fetch(`${admin.url}/api/v1/sensors/${SENSOR}/triggers/hook/replay`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ from: '1', confirm: true }),
    });
    assert.equal(anonymous.status, 401);
    assert.equal(peer.hits.length, 3, 'nothing more fired');
  });

  it(
    'serves the dashboard form, and answers 501 where the process cannot replay',
    { timeout: 30_000 },
    async () => {
      const js = await fetch(`${admin.url}/replay.js`, { headers: { authorization: `Bearer ${TOKEN}` } });
      assert.equal(js.status, 200);
      assert.match(await js.text(), /export function replayForm/);
      const sensor = sensorFromYaml(replaySensorYaml(peer.url));
      const bare = await createAdminServer({
        port: 0,
        registry: new Registry(),
        logger: pino({ level: 'silent' }),
        view: {
          recorder: createRecorder({ sensors: () => [sensor] }),
          bus: () => undefined,
          eventSources: () => [],
          sensors: () => [{ resource: sensor, state: 'running' }],
        },
      });
      try {
        const r = await fetch(`${bare.url}/api/v1/sensors/${SENSOR}/triggers/hook/replay`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ from: '1' }),
        });
        assert.equal(r.status, 501);
      } finally {
        await bare.close();
      }
    },
  );
});
