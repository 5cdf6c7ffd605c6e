/**
 * The replay form of a trigger's panel in a real browser (Debian's chromium driven by playwright-core),
 * against a real nats-server and a recording HTTP peer: "Check" shows how many stored events match and
 * fires nothing; the confirmation button then replays exactly those, marked with the replay header.
 * Skips only when chromium is absent outside CI.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import pino from 'pino';
import { chromium, type Browser } from 'playwright-core';
import { Registry } from 'prom-client';
import { REPLAY_HEADER, SecretStore } from '../../src/api/index.js';
import { createAdminServer, createRecorder, type AdminServer } from '../../src/admin/index.js';
import { runReplay } from '../../src/sensors/index.js';
import { triggerDriver } from '../../src/triggers/index.js';
import { waitFor } from '../harness/index.js';
import { publishEvent, replaySensorYaml, SENSOR } from './replay-helpers.js';
import { sensorFromYaml, startBus, type Bus } from './sensor-harness.js';
import { startHttpPeer, type HttpPeer } from './triggers-e2e-helpers.js';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const skip =
  !existsSync(CHROMIUM) && !process.env.CI
    ? `${CHROMIUM} is not installed (apt-get install chromium); the dashboard browser test needs it`
    : false;
const TIMEOUT = 20_000;

describe('dashboard replay form in a browser', { skip }, () => {
  let browser: Browser;
  let bus: Bus;
  let peer: HttpPeer;
  let admin: AdminServer;

  before(async () => {
    bus = await startBus();
    peer = await startHttpPeer();
    const sensor = sensorFromYaml(replaySensorYaml(peer.url));
    // 6 events of `a`: the `filtered` trigger keeps the 3 with an even n (kind: keep)
    for (let n = 1; n <= 6; n++) await publishEvent(bus.nc, 'a', n);
    const env = {
      nc: bus.nc,
      logger: pino({ level: 'silent' }),
      secrets: new SecretStore({ env: {} }),
      drivers: triggerDriver,
    };
    admin = await createAdminServer({
      port: 0,
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
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  });
  after(async () => {
    await browser?.close();
    await admin?.close();
    await peer?.close();
    await bus?.close();
  });

  it('checks, shows the count, and replays on confirmation', { timeout: 60_000 }, async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    try {
      await page.goto(admin.url);
      const card = page.locator(`[data-trigger="${SENSOR}/filtered"]`);
      await card.waitFor({ timeout: TIMEOUT });
      await card.locator('details.replay > summary').click();
      await card.locator('input[name="from"]').fill('1');
      await card.locator('button.replay-check').click();

      const out = card.locator('.replay-out');
      await out.getByText('3 of 6 stored events match').waitFor({ timeout: TIMEOUT });
      assert.match(await out.innerText(), /3 execution\(s\) would fire/);
      assert.equal(
        await card.locator('.replay-samples li').count(),
        6,
        'every scanned event with its verdict',
      );
      assert.equal(await card.locator('.replay-samples li.pass').count(), 3);
      const confirm = card.locator('button.replay-confirm');
      assert.equal(await confirm.innerText(), 'Replay 3 events');
      assert.equal(peer.hits.length, 0, 'checking fired nothing');

      await confirm.click();
      await out.getByText(/fired 3, failed 0/).waitFor({ timeout: TIMEOUT });
      await waitFor(() => peer.hits.length === 3, { timeout: TIMEOUT, message: '3 replayed requests' });
      const replayId = /Replay (\S+):/.exec(await out.innerText())?.[1];
      assert.ok(replayId, 'the answer names the replay');
      const header = REPLAY_HEADER.toLowerCase();
      assert.ok(peer.hits.every((h) => h.headers[header] === replayId));
      assert.deepEqual(errors, [], 'no script errors');
    } finally {
      await page.close();
    }
  });
});
