/**
 * src/kube against the test Kubernetes API server (test/harness/kube-api; no real API server can be
 * installed here): configuration loading, and watchObjects() across disconnects and 410 Gone.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startKubeApiServer, type KubeApiServer } from '../../test/harness/kube-api/index.js';
import { waitFor } from '../../test/harness/wait-for.js';
import { KubeClient, KubeConfigError, loadKubeConfig, watchObjects, type ObjectEvent } from './index.js';

const NS = 'w';
let kube: KubeApiServer;
let dir: string;

before(async () => {
  kube = await startKubeApiServer({ bookmarkIntervalMs: 100 });
  dir = await mkdtemp(path.join(os.tmpdir(), 'jetflow-kube-'));
});
after(async () => {
  await kube.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('loadKubeConfig', () => {
  it('names what it tried when nothing is there', () => {
    assert.throws(
      () => loadKubeConfig({ env: {}, homeDir: dir }),
      (e: Error) =>
        e instanceof KubeConfigError &&
        e.message.includes('KUBERNETES_SERVICE_HOST is not set') &&
        e.message.includes(path.join(dir, '.kube', 'config')),
    );
    assert.throws(
      () => loadKubeConfig({ env: { KUBECONFIG: '/nope/a' }, homeDir: dir }),
      /KUBECONFIG=\/nope\/a \(no such file\)/,
    );
  });

  it('loads KUBECONFIG; a broken file is named without its content', async () => {
    const kc = loadKubeConfig({ env: { KUBECONFIG: kube.kubeconfigPath } });
    assert.equal(kc.getCurrentCluster()?.server, kube.url);
    assert.ok(await new KubeClient(kc).resource({ apiVersion: 'v1', kind: 'ConfigMap' }));
    const bad = path.join(dir, 'bad');
    await writeFile(bad, `users:\n- name: u\n  user: { token: SECRET-TOKEN\n`);
    assert.throws(
      () => loadKubeConfig({ env: { KUBECONFIG: bad } }),
      (e: Error) =>
        e instanceof KubeConfigError && e.message.startsWith(bad) && !e.message.includes('SECRET'),
    );
  });
});

describe('watchObjects', () => {
  const cm = (name: string, data: Record<string, string> = {}) => ({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, namespace: NS, labels: { w: 'y' } },
    data,
  });
  const show = (e: ObjectEvent) =>
    `${e.type} ${e.object.metadata.name} ${JSON.stringify((e.object as any).data ?? {})}${e.initial ? ' initial' : ''}${e.synthetic ? ' synthetic' : ''}`;

  it('emits the list, then every change exactly once and in order across dropped connections', async () => {
    kube.put(cm('pre'));
    kube.put({ ...cm('other'), metadata: { name: 'other', namespace: NS, labels: { w: 'n' } } });
    const seen: string[] = [];
    const ac = new AbortController();
    let starts = 0;
    const done = watchObjects({
      kubeConfig: kube.kubeConfig(),
      group: '',
      version: 'v1',
      resource: 'configmaps',
      namespace: NS,
      labelSelector: 'w=y',
      signal: ac.signal,
      onEvent: (e) => void seen.push(show(e)),
      onWatchStart: () => void starts++,
      backoff: { initialMs: 20, maxMs: 200 },
    });
    await waitFor(() => kube.watchCount() === 1, { timeout: 10_000 });
    const expected = ['ADDED pre {} initial'];
    for (let i = 0; i < 5; i++) {
      kube.put(cm(`c${i}`, { i: String(i) }));
      expected.push(`ADDED c${i} {"i":"${i}"}`);
      // while disconnected: changes must be replayed from the last seen resourceVersion
      kube.dropWatches({ abrupt: i % 2 === 1 });
      kube.put(cm(`c${i}`, { i: `${i}b` }));
      expected.push(`MODIFIED c${i} {"i":"${i}b"}`);
      if (i > 0) {
        kube.remove('configmaps', NS, `c${i - 1}`);
        expected.push(`DELETED c${i - 1} {"i":"${i - 1}b"}`);
      }
      await waitFor(() => seen.length === expected.length && kube.watchCount() === 1, { timeout: 10_000 });
    }
    kube.bookmarkNow();
    assert.deepEqual(seen, expected);
    assert.ok(starts >= 6, `watch restarted after each drop (${starts})`);
    ac.abort();
    await done;
  });

  it('410 Gone: relists and emits only the differences', async () => {
    for (const n of ['g1', 'g2', 'g3']) kube.put(cm(n, { v: '1' }));
    const seen: string[] = [];
    const errors: unknown[] = [];
    const ac = new AbortController();
    const done = watchObjects({
      kubeConfig: kube.kubeConfig(),
      group: '',
      version: 'v1',
      resource: 'configmaps',
      namespace: NS,
      fieldSelector: 'metadata.name!=pre',
      labelSelector: 'w=y',
      signal: ac.signal,
      onEvent: (e) => void seen.push(show(e)),
      onError: (e) => void errors.push(e),
      backoff: { initialMs: 20, maxMs: 100 },
    });
    await waitFor(() => seen.length >= 4 && kube.watchCount() === 1, {
      timeout: 10_000,
      message: `${seen.join(',')} watches ${kube.watchCount()}`,
    });
    const initial = seen.splice(0);
    assert.ok(
      initial.every((s) => s.endsWith(' initial')),
      initial.join('\n'),
    );
    // keep it disconnected while the history moves on and is forgotten
    kube.failWith = { code: 503, reason: 'ServiceUnavailable' };
    kube.dropWatches();
    await waitFor(() => errors.length > 0, { timeout: 10_000 });
    kube.put(cm('g1', { v: '2' })); // modified
    kube.remove('configmaps', NS, 'g2'); // deleted
    kube.put(cm('g4', { v: '1' })); // added
    kube.compactHistory();
    kube.failWith = undefined;
    await waitFor(() => seen.length === 3, {
      timeout: 10_000,
      message: `${seen.join(',')} errors ${errors.map(String).join(',')}`,
    });
    assert.deepEqual(seen.sort(), [
      'ADDED g4 {"v":"1"} synthetic',
      'DELETED g2 {"v":"1"} synthetic',
      'MODIFIED g1 {"v":"2"} synthetic',
    ]);
    assert.ok(kube.requests.filter((r) => r.startsWith('GET /api/v1/namespaces/w/configmaps')).length >= 3);
    // and it keeps watching afterwards
    await waitFor(() => kube.watchCount() === 1, { timeout: 10_000 });
    kube.put(cm('g5'));
    await waitFor(() => seen.length === 4, { timeout: 10_000 });
    assert.equal(seen[3], 'ADDED g5 {}');
    ac.abort();
    await done;
  });
});
