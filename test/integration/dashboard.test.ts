/**
 * The dashboard in a real browser (Debian's chromium driven by playwright-core): the flow graph renders
 * with its failure highlight, a live event appears once recorded, the filter trace of a filtered-out
 * event is shown, and the token login works. The runtime is the admin's demo scenario over the real
 * recorder (events are recorded directly; the end-to-end test of `jetflow run` posts to a webhook).
 * Saves test-artifacts/dashboard.png. Skips only when chromium is absent outside CI.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import pino from 'pino';
import { chromium, type Browser, type Page } from 'playwright-core';
import { Registry } from 'prom-client';
import { createAdminServer, type AdminServer } from '../../src/admin/index.js';
import { demoEnvelope, demoRuntime, feedDemo, type DemoRuntime } from '../../src/admin/demo.js';
import { projectRoot } from '../harness/index.js';

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
const TIMEOUT = 15_000;

describe('dashboard in a browser', { skip }, () => {
  let browser: Browser;
  const servers: AdminServer[] = [];

  before(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  });
  after(async () => {
    await browser?.close();
    await Promise.all(servers.map((s) => s.close()));
  });

  async function serve(rt: DemoRuntime, token?: string): Promise<AdminServer> {
    const s = await createAdminServer({
      port: 0,
      token,
      view: rt.view,
      registry: new Registry(),
      logger: pino({ level: 'silent' }),
    });
    servers.push(s);
    return s;
  }

  /** Open `url`; `errors` collects script errors and failed loads (but `expected` ones). */
  async function open(
    url: string,
    width = 1400,
    expected?: RegExp,
  ): Promise<{ page: Page; errors: string[] }> {
    const page = await browser.newPage({ viewport: { width, height: 1000 }, colorScheme: 'light' });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => {
      if (m.type() === 'error' && !expected?.test(m.text())) errors.push(m.text());
    });
    await page.goto(url);
    return { page, errors };
  }

  it('renders the flow, shows live events and explains a filtered-out event', async () => {
    const rt = demoRuntime();
    await feedDemo(rt.recorder);
    const s = await serve(rt);
    const { page, errors } = await open(s.url);
    try {
      // the graph: every column, and the failing trigger highlighted
      await page.waitForSelector('#live[data-state="live"]', { timeout: TIMEOUT });
      for (const id of [
        's:webhook',
        'e:webhook/orders',
        'e:github/push',
        'd:orders/big-order',
        't:orders/ship',
      ])
        await page.waitForSelector(`#graph g.node[data-id="${id}"]`, { timeout: TIMEOUT });
      assert.match((await page.getAttribute('g.node[data-id="t:orders/ship"]', 'class'))!, /st-bad/);
      assert.match((await page.getAttribute('g.node[data-id="e:github/push"]', 'class'))!, /st-ext/);
      assert.ok((await page.locator('#graph path.edge').count()) >= 10);

      // a live event appears, and the counts follow
      rt.recorder.recordEvent(
        demoEnvelope('webhook', 'orders', { body: { amount: 777, customer: 'live' } }, 'live-1'),
      );
      const row = page.locator('details.ev[data-id="live-1"]');
      await row.waitFor({ timeout: TIMEOUT });
      await page
        .locator('g.node[data-id="e:webhook/orders"] .counts', { hasText: /^4$/ })
        .waitFor({ timeout: TIMEOUT });
      await page.locator('details.ev[data-id="live-1"] .chip.v-pass').waitFor({ timeout: TIMEOUT });

      // a filtered-out event: its chip, then its trace once opened
      rt.recorder.recordEvent(
        demoEnvelope('webhook', 'orders', { body: { amount: 5, customer: 'tiny' } }, 'tiny-1'),
      );
      const tiny = page.locator('details.ev[data-id="tiny-1"]');
      await tiny.locator('.chip.v-filtered').waitFor({ timeout: TIMEOUT });
      await tiny.locator('summary').click();
      const trace = tiny.locator('.trace .tr-dep.fail');
      await trace.waitFor({ timeout: TIMEOUT });
      assert.match(await trace.innerText(), /big-order[\s\S]*data[\s\S]*body\.amount = 5/i);
      assert.match(await tiny.locator('pre.json').innerText(), /"customer": "tiny"/);

      // per trigger, which dependencies are satisfied
      await page
        .locator('[data-trigger="orders/ship"] li.sat', { hasText: 'big-order' })
        .waitFor({ timeout: TIMEOUT });
      await mkdir(path.join(projectRoot, 'test-artifacts'), { recursive: true });
      await page.screenshot({ path: path.join(projectRoot, 'test-artifacts/dashboard.png'), fullPage: true });
      assert.deepEqual(errors, [], 'no script errors');
    } finally {
      await page.close();
    }
  });

  it('asks for the token, then streams with the session cookie', async () => {
    const rt = demoRuntime();
    const token = 'dashboard-test-token-8c1f2a';
    const s = await serve(rt, token);
    // the login page itself is a 401 answer, which the browser reports
    const { page, errors } = await open(s.url, 800, /status of 401/);
    try {
      await page.fill('input[name="token"]', token);
      await page.click('button[type="submit"]');
      await page.waitForSelector('#live[data-state="live"]', { timeout: TIMEOUT });
      rt.recorder.recordEvent(demoEnvelope('calendar', 'nightly', { tick: 1 }, 'tick-1'));
      await page.locator('details.ev[data-id="tick-1"]').waitFor({ timeout: TIMEOUT });
      assert.deepEqual(errors, [], 'no script errors');
    } finally {
      await page.close();
    }
  });
});
