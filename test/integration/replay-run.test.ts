/**
 * The replay endpoint as `jetflow run` wires it (the in-process System: local bus, webhook source,
 * sensor, admin server): events POSTed to the webhook are fired live, then replayed through the admin
 * API — counted first, fired on confirm with the replay header — and the replayed executions are listed.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pino } from 'pino';
import { System } from '../../src/cli/run/system.js';
import { freePort, waitFor } from '../harness/index.js';
import { startHttpPeer, type HttpPeer } from './triggers-e2e-helpers.js';

describe('replay through jetflow run', { timeout: 60_000 }, () => {
  let system: System | undefined;
  let peer: HttpPeer;
  const dirs: string[] = [];
  let webhookUrl = '';

  before(async () => {
    peer = await startHttpPeer();
    const dir = await mkdtemp(path.join(os.tmpdir(), 'jetflow-replay-run-'));
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'jetflow-replay-run-data-'));
    dirs.push(dir, dataDir);
    const port = await freePort();
    webhookUrl = `http://127.0.0.1:${port}/in`;
    await writeFile(
      path.join(dir, 'resources.yaml'),
      `apiVersion: argoproj.io/v1alpha1
kind: EventSource
metadata: {name: hooks}
spec:
  webhook:
    in: {port: "${port}", endpoint: /in, method: POST}
---
apiVersion: argoproj.io/v1alpha1
kind: Sensor
metadata: {name: relay}
spec:
  dependencies: [{name: in, eventSourceName: hooks, eventName: in}]
  triggers:
    - template:
        name: out
        http:
          url: ${peer.url}/out
          method: POST
          payload: [{src: {dependencyName: in, dataKey: body.n}, dest: n}]
`,
    );
    system = new System({
      paths: [dir],
      dataDir,
      adminHost: '127.0.0.1',
      adminPort: 0,
      logger: pino({ level: 'silent' }),
    });
    await system.start();
    await system.ready();
  });
  after(async () => {
    await system?.stop();
    await peer?.close();
    await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
  });

  it('counts, then replays on confirm', async () => {
    for (let n = 1; n <= 3; n++) {
      const res = await fetch(webhookUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ n }),
      });
      assert.equal(res.status, 200);
    }
    await waitFor(() => peer.hits.length === 3, { timeout: 15_000, message: 'live executions' });
    const replay = (body: unknown) =>
      fetch(`${system!.adminUrl}/api/v1/sensors/relay/triggers/out/replay`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }).then(async (r) => ({ status: r.status, body: (await r.json()) as any }));

    const plan = await replay({ from: '-1h' });
    assert.equal(plan.status, 200, JSON.stringify(plan.body));
    assert.equal(plan.body.matched, 3);
    assert.equal(peer.hits.length, 3, 'the count fired nothing');

    const run = await replay({ from: '-1h', confirm: true });
    assert.equal(run.status, 200, JSON.stringify(run.body));
    assert.equal(run.body.fired, 3);
    const replayed = peer.hits.filter((h) => h.headers['x-jetflow-replay'] === run.body.replayId);
    assert.deepEqual(replayed.map((h) => (JSON.parse(h.body) as { n: string }).n).sort(), ['1', '2', '3']);
    const execs = (await (await fetch(`${system!.adminUrl}/api/v1/executions?trigger=out`)).json()) as any;
    assert.equal(execs.executions.length, 6, 'live and replayed executions are listed');
  });
});
