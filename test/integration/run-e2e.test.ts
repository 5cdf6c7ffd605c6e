/**
 * `jetflow run` end to end, through the built binary: the quickstart (copied, free ports, an http
 * trigger to a recording server) from webhook POST to trigger, metrics and admin API; file changes
 * applied while running; refusal of invalid resources; the dashboard in a real browser. Every test
 * checks that no nats-server of its data dir is left running.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, unlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import { chromium } from 'playwright-core';
import { stringify } from 'yaml';
import { projectRoot, waitFor } from '../harness/index.js';
import {
  assertBuilt,
  CHROMIUM,
  CHROMIUM_ARGS,
  INVALID_SENSOR,
  eventId,
  getJson,
  httpTrigger,
  killAll,
  makeProject,
  messagesAt,
  natsServersUsing,
  postEvent,
  spawnRun,
  startRecorder,
  startRun,
  stopRun,
  type Project,
  type Run,
} from './run-helpers.js';

const T = 15_000;

describe('jetflow run', { timeout: 120_000 }, () => {
  let recorder: Awaited<ReturnType<typeof startRecorder>>;
  let run: Run | undefined;
  let project: Project | undefined;
  const dirs: string[] = [];

  before(async () => {
    assertBuilt();
    recorder = await startRecorder();
  });
  afterEach(async () => {
    killAll(run, project?.dataDir);
    run = undefined;
    project = undefined;
  });
  after(async () => {
    await recorder?.close();
    await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
  });

  async function begin(): Promise<{ p: Project; r: Run }> {
    project = await makeProject(recorder.url);
    dirs.push(project.dir, project.dataDir);
    run = await startRun([project.dir], project.dataDir);
    return { p: project, r: run };
  }

  /** SIGTERM: exit 0 and no nats-server of the data dir left. */
  async function stopCleanly(r: Run, p: Project): Promise<void> {
    assert.equal(await stopRun(r), 0, r.err());
    assert.match(r.out(), /"msg":"stopped"/);
    assert.deepEqual(natsServersUsing(p.dataDir), [], 'no nats-server left running');
  }

  it('carries a webhook POST to the triggers, with metrics, API and a clean stop', async () => {
    const { p, r } = await begin();
    const admin = r.adminUrl!;
    assert.equal(natsServersUsing(p.dataDir).length, 1, 'one nats-server for the 1-node bus');
    assert.equal((await fetch(`${admin}/readyz`)).status, 200);

    await postEvent(p.webhookUrl, { message: 'hello-e2e' });
    await waitFor(() => messagesAt(recorder.got, '/notify').includes('hello-e2e'), {
      timeout: T,
      message: 'the http trigger reached the recording server',
    });
    const req = recorder.got.find((g) => g.path === '/notify')!;
    assert.ok(req.headers['idempotency-key'], 'idempotency header');

    // the executions API shows both triggers of the execution, and the event behind them
    const { events } = await getJson<{ events: { id: string; data: any }[] }>(`${admin}/api/v1/events`);
    const ev = events.find((e) => e.data?.body?.message === 'hello-e2e');
    assert.ok(ev, JSON.stringify(events));
    const execs = await waitFor(
      async () => {
        const { executions } = await getJson<{ executions: any[] }>(`${admin}/api/v1/executions`);
        const mine = executions.filter((x) => x.eventIds?.includes(ev.id));
        return mine.length === 2 ? mine : undefined;
      },
      { timeout: T, message: 'two executions for the event' },
    );
    assert.deepEqual(execs.map((x) => `${x.sensor}/${x.trigger}:${x.outcome}`).sort(), [
      'webhook/log-message:succeeded',
      'webhook/notify:succeeded',
    ]);

    const res = await getJson(`${admin}/api/v1/resources`);
    assert.equal(res.ready, true);
    assert.equal(res.eventBus.name, 'default');
    assert.deepEqual(
      res.eventSources.map((s: any) => `${s.name}:${s.state}`),
      ['webhook:running'],
    );
    assert.deepEqual(
      res.sensors.map((s: any) => `${s.name}:${s.state}`),
      ['webhook:running'],
    );

    const metrics = await (await fetch(`${admin}/metrics`)).text();
    assert.match(
      metrics,
      /^argo_events_events_sent_total\{namespace="default",eventsource_name="webhook",event_name="example"\} 1$/m,
    );
    for (const t of ['log-message', 'notify'])
      assert.match(
        metrics,
        new RegExp(
          `^argo_events_action_triggered_total\\{namespace="default",sensor_name="webhook",trigger_name="${t}"\\} 1$`,
          'm',
        ),
      );
    await stopCleanly(r, p);
  });

  it('applies file changes while running: added sensor, changed filter, removed sensor', async () => {
    const { p, r } = await begin();
    const admin = r.adminUrl!;
    /** Wait until the admin API shows `name` running with `filterValue` (or gone, when undefined). */
    const sensorState = async (name: string, filterValue?: string) =>
      waitFor(
        async () => {
          const s = (await getJson(`${admin}/api/v1/resources`)).sensors.find((x: any) => x.name === name);
          if (filterValue === undefined) return !s;
          return s?.state === 'running' && s.spec.dependencies[0].filters.data[0].value[0] === filterValue;
        },
        { timeout: T, message: `sensor ${name} ${filterValue ?? 'removed'}` },
      );
    const notified = (m: string, at = '/notify') =>
      waitFor(() => messagesAt(recorder.got, at).includes(m), { timeout: T, message: `${at} got ${m}` });

    // add: a second sensor file with its own http trigger
    const second = structuredClone(p.sensor);
    second.metadata.name = 'second';
    second.spec.dependencies[0].filters.data[0].value = ['^second-'];
    second.spec.triggers = [httpTrigger('relay', `${recorder.url}/second`)];
    const secondFile = path.join(p.dir, 'second-sensor.yaml');
    await writeFile(secondFile, stringify(second));
    await sensorState('second', '^second-');
    await postEvent(p.webhookUrl, { message: 'second-1' });
    await notified('second-1', '/second');
    await notified('second-1');

    // change: the quickstart sensor now passes only "keep-…"; "alpha-…" passed before, now filtered
    await postEvent(p.webhookUrl, { message: 'alpha-1' });
    await notified('alpha-1');
    p.sensor.spec.dependencies[0].filters.data[0].value = ['^keep-'];
    await writeFile(p.sensorFile, stringify(p.sensor));
    await sensorState('webhook', '^keep-');
    await postEvent(p.webhookUrl, { message: 'alpha-2' });
    await postEvent(p.webhookUrl, { message: 'keep-1' });
    await notified('keep-1');
    // one consumer delivers in order: once keep-1 fired, alpha-2 was already seen (and filtered)
    const alpha2 = await eventId(admin, (b) => b?.message === 'alpha-2');
    const trace = await getJson(`${admin}/api/v1/events/${alpha2}/trace`);
    assert.match(JSON.stringify(trace), /body\.message/, JSON.stringify(trace));
    assert.ok(!messagesAt(recorder.got, '/notify').includes('alpha-2'), 'alpha-2 is filtered out');

    // remove: the second sensor's trigger no longer fires
    await unlink(secondFile);
    await sensorState('second');
    const before = messagesAt(recorder.got, '/second').length;
    await postEvent(p.webhookUrl, { message: 'second-2' });
    await postEvent(p.webhookUrl, { message: 'keep-2' });
    await notified('keep-2');
    const second2 = await eventId(admin, (b) => b?.message === 'second-2');
    const { executions } = await getJson(`${admin}/api/v1/executions`);
    assert.ok(
      !executions.some((x: any) => x.sensor === 'second' && x.eventIds?.includes(second2)),
      'no execution of the removed sensor',
    );
    assert.equal(messagesAt(recorder.got, '/second').length, before, 'removed sensor fired');
    await stopCleanly(r, p);
  });

  it('refuses to start on invalid resources, as lint reports them', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'jetflow-run-bad-'));
    const dataDir = path.join(dir, 'data');
    dirs.push(dir);
    project = { dir, dataDir } as Project;
    await writeFile(path.join(dir, 'bad-sensor.yaml'), INVALID_SENSOR);
    run = spawnRun([dir], dataDir);
    assert.equal(await run.exit, 1, run.out());
    assert.match(run.err(), /^error: invalid resources:$/m);
    assert.match(run.err(), /bad-sensor\.yaml:14:\d+: .*intervalSeconds/, run.err());
    assert.doesNotMatch(run.out(), /jetflow is ready/);
    assert.deepEqual(natsServersUsing(dataDir), [], 'no nats-server left running');
  });

  const skipBrowser =
    !existsSync(CHROMIUM) && !process.env.CI
      ? `${CHROMIUM} is not installed (apt-get install chromium)`
      : false;

  it('shows the flow, live events and a filter trace in the dashboard', { skip: skipBrowser }, async () => {
    const { p, r } = await begin();
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    try {
      const page = await browser.newPage({ viewport: { width: 1400, height: 1000 }, colorScheme: 'light' });
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      page.on('console', (m) => void (m.type() === 'error' && errors.push(m.text())));
      await page.goto(r.adminUrl!);
      await page.waitForSelector('#live[data-state="live"]', { timeout: T });
      for (const id of ['s:webhook', 'e:webhook/example', 'd:webhook/payload', 't:webhook/notify'])
        await page.waitForSelector(`#graph g.node[data-id="${id}"]`, { timeout: T });

      await postEvent(p.webhookUrl, { message: 'from-the-browser-test' });
      const liveId = await eventId(r.adminUrl!, (b) => b?.message === 'from-the-browser-test');
      const live = page.locator(`details.ev[data-id="${liveId}"]`);
      await live.locator('.chip.v-pass').waitFor({ timeout: T });

      await postEvent(p.webhookUrl, { other: 'no message here' });
      const filteredId = await eventId(r.adminUrl!, (b) => b?.other === 'no message here');
      const filtered = page.locator(`details.ev[data-id="${filteredId}"]`);
      await filtered.locator('.chip.v-filtered').waitFor({ timeout: T });
      await filtered.locator('summary').click();
      const trace = filtered.locator('.trace .tr-dep.fail');
      await trace.waitFor({ timeout: T });
      assert.match(await trace.innerText(), /payload[\s\S]*body\.message/i);
      assert.match(await filtered.locator('pre.json').innerText(), /"other": "no message here"/);

      await mkdir(path.join(projectRoot, 'test-artifacts'), { recursive: true });
      await page.screenshot({
        path: path.join(projectRoot, 'test-artifacts/run-dashboard.png'),
        fullPage: true,
      });
      assert.deepEqual(errors, [], 'no script errors');
    } finally {
      await browser.close();
    }
    await stopCleanly(r, p);
  });
});
