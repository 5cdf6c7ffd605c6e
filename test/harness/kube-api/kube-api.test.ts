/**
 * The local Kubernetes API server of the tests (no real API server can be installed here), driven
 * by the real @kubernetes/client-node: CRUD, Status bodies, patches, CRDs and /status, watch with
 * bookmarks, resume and 410 Gone, garbage collection, finalizers, auth.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { stat } from 'node:fs/promises';
import https from 'node:https';
import {
  ApiException,
  AppsV1Api,
  CoreV1Api,
  CustomObjectsApi,
  KubernetesObjectApi,
  type KubernetesObject,
  PatchStrategy,
  Watch,
  setHeaderOptions,
} from '@kubernetes/client-node';
import { waitFor } from '../wait-for.js';
import { crdFor, startKubeApiServer, type KubeApiServer } from './index.js';

const NS = 'default';
let kube: KubeApiServer;

function body(err: unknown): any {
  assert.ok(err instanceof ApiException, `ApiException: ${String(err)}`);
  return typeof err.body === 'string' ? JSON.parse(err.body) : err.body;
}

async function rejects(p: Promise<unknown>, code: number, reason: string): Promise<any> {
  try {
    await p;
  } catch (err) {
    const b = body(err);
    assert.equal(err instanceof ApiException && err.code, code);
    assert.equal(b.kind, 'Status');
    assert.equal(b.reason, reason);
    assert.equal(b.code, code);
    return b;
  }
  assert.fail(`expected HTTP ${code} ${reason}`);
}

function rawGet(k: KubeApiServer, path: string, token?: string): Promise<{ code: number; body: any }> {
  return new Promise((resolve, reject) => {
    const req = https.get(
      `${k.url}${path}`,
      { ca: k.caPem, headers: token ? { authorization: `Bearer ${token}` } : {} },
      (res) => {
        let b = '';
        res.on('data', (c: Buffer) => (b += c.toString()));
        res.on('end', () => resolve({ code: res.statusCode!, body: JSON.parse(b) }));
      },
    );
    req.on('error', reject);
  });
}

describe('kube-api harness server with @kubernetes/client-node', () => {
  before(async () => {
    kube = await startKubeApiServer({ bookmarkIntervalMs: 200, historySize: 50 });
  });
  after(() => kube.stop());

  it('writes a 0600 kubeconfig; requests without the token get 401 Status', async () => {
    assert.equal((await stat(kube.kubeconfigPath)).mode & 0o777, 0o600);
    const kc = kube.kubeConfig();
    kc.users[0] = { name: 'fake', token: 'wrong' } as never;
    // the generated client keeps no body for 401: the Status body is checked on the raw answer
    await assert.rejects(
      kc.makeApiClient(CoreV1Api).listNamespace(),
      (e: ApiException<unknown>) => e.code === 401,
    );
    const raw = await rawGet(kube, '/api/v1/namespaces', 'wrong');
    assert.equal(raw.code, 401);
    assert.equal(raw.body.kind, 'Status');
    assert.equal(raw.body.reason, 'Unauthorized');
    assert.equal((await rawGet(kube, '/version')).body.major, '1');
  });

  it('create/get/replace/delete with generateName, 404/409/422 Status bodies', async () => {
    const core = kube.kubeConfig().makeApiClient(CoreV1Api);
    const cm = await core.createNamespacedConfigMap({
      namespace: NS,
      body: { metadata: { generateName: 'gen-', labels: { app: 'x' } }, data: { a: '1' } },
    });
    const name = cm.metadata!.name!;
    assert.match(name, /^gen-[a-z0-9]{5}$/);
    assert.ok(cm.metadata!.uid && cm.metadata!.creationTimestamp && cm.metadata!.resourceVersion);
    assert.equal(cm.metadata!.generation, 1);
    const got = await core.readNamespacedConfigMap({ name, namespace: NS });
    assert.deepEqual(got.data, { a: '1' });
    const replaced = await core.replaceNamespacedConfigMap({
      name,
      namespace: NS,
      body: { ...got, data: { a: '2' } },
    });
    assert.notEqual(replaced.metadata!.resourceVersion, got.metadata!.resourceVersion);
    assert.equal(replaced.metadata!.uid, got.metadata!.uid);
    // a stale resourceVersion is a conflict
    await rejects(
      core.replaceNamespacedConfigMap({ name, namespace: NS, body: { ...got, data: { a: '3' } } }),
      409,
      'Conflict',
    );
    await rejects(
      core.createNamespacedConfigMap({ namespace: NS, body: { metadata: { name }, data: {} } }),
      409,
      'AlreadyExists',
    );
    const inv = await rejects(
      core.createNamespacedService({
        namespace: NS,
        body: { metadata: { name: 'x'.repeat(64) }, spec: { ports: [{ port: 80 }] } },
      }),
      422,
      'Invalid',
    );
    assert.match(inv.message, /metadata\.name/);
    await core.deleteNamespacedConfigMap({ name, namespace: NS });
    const nf = await rejects(core.readNamespacedConfigMap({ name, namespace: NS }), 404, 'NotFound');
    assert.equal(nf.message, `configmaps "${name}" not found`);
  });

  it('list with labelSelector and fieldSelector', async () => {
    const core = kube.kubeConfig().makeApiClient(CoreV1Api);
    for (const [n, tier] of [
      ['l1', 'a'],
      ['l2', 'b'],
      ['l3', 'a'],
    ])
      await core.createNamespacedConfigMap({
        namespace: NS,
        body: { metadata: { name: n, labels: { tier: tier!, sel: 'y' } } },
      });
    const names = (l: { items: { metadata?: { name?: string } }[] }) => l.items.map((i) => i.metadata!.name);
    assert.deepEqual(
      names(await core.listNamespacedConfigMap({ namespace: NS, labelSelector: 'sel=y,tier=a' })),
      ['l1', 'l3'],
    );
    assert.deepEqual(
      names(await core.listNamespacedConfigMap({ namespace: NS, labelSelector: 'sel,tier notin (a)' })),
      ['l2'],
    );
    assert.deepEqual(
      names(await core.listNamespacedConfigMap({ namespace: NS, fieldSelector: 'metadata.name=l3' })),
      ['l3'],
    );
    const all = await core.listConfigMapForAllNamespaces({
      labelSelector: 'sel=y',
      fieldSelector: 'metadata.namespace=default',
    });
    assert.equal(all.items.length, 3);
  });

  it('PATCH: merge, json, strategic (keyed lists), apply; 415 for others', async () => {
    const kc = kube.kubeConfig();
    const objs = KubernetesObjectApi.makeApiClient(kc);
    const dep = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'd1', namespace: NS },
      spec: {
        selector: { matchLabels: { app: 'd1' } },
        template: {
          metadata: { labels: { app: 'd1' } },
          spec: {
            containers: [
              { name: 'a', image: 'a:1', env: [{ name: 'E', value: '1' }] },
              { name: 'b', image: 'b:1' },
            ],
          },
        },
      },
    };
    await objs.create(dep);
    const merged = await objs.patch(
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'd1', namespace: NS, labels: { l: 'v' } },
      },
      undefined,
      undefined,
      undefined,
      undefined,
      PatchStrategy.MergePatch,
    );
    assert.equal(merged.metadata?.labels?.l, 'v');
    const apps = kc.makeApiClient(AppsV1Api);
    const smp = await apps.patchNamespacedDeployment(
      {
        name: 'd1',
        namespace: NS,
        body: {
          spec: {
            template: {
              spec: {
                $setElementOrder: undefined,
                '$setElementOrder/containers': [{ name: 'a' }, { name: 'b' }],
                containers: [{ name: 'b', image: 'b:2' }],
              },
            },
          },
        },
      },
      setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch),
    );
    const cs = smp.spec!.template.spec!.containers;
    assert.deepEqual(
      cs.map((c) => `${c.name}=${c.image}`),
      ['a=a:1', 'b=b:2'],
    );
    assert.equal(cs[0]!.env![0]!.value, '1', 'strategic merge keeps the other container untouched');
    assert.equal(smp.metadata!.generation, 2, 'a spec change bumps generation');
    const jp = await apps.patchNamespacedDeployment(
      {
        name: 'd1',
        namespace: NS,
        body: [{ op: 'replace', path: '/spec/template/spec/containers/0/image', value: 'a:2' }],
      },
      setHeaderOptions('Content-Type', PatchStrategy.JsonPatch),
    );
    assert.equal(jp.spec!.template.spec!.containers[0]!.image, 'a:2');
    await rejects(
      apps.patchNamespacedDeployment(
        { name: 'd1', namespace: NS, body: [{ op: 'test', path: '/spec/replicas', value: 9 }] },
        setHeaderOptions('Content-Type', PatchStrategy.JsonPatch),
      ),
      422,
      'Invalid',
    );
    // server-side apply creates when absent, merges when present
    const applied = await objs.patch<KubernetesObject & { data?: Record<string, string> }>(
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'ssa', namespace: NS }, data: { a: '1' } },
      undefined,
      undefined,
      'test',
      true,
      PatchStrategy.ServerSideApply,
    );
    assert.equal(applied.metadata?.uid !== undefined, true);
    const again = (await objs.patch(
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'ssa', namespace: NS }, data: { b: '2' } },
      undefined,
      undefined,
      'test',
      true,
      PatchStrategy.ServerSideApply,
    )) as { data?: Record<string, string> };
    assert.deepEqual(again.data, { a: '1', b: '2' });
    await rejects(
      kc
        .makeApiClient(CoreV1Api)
        .patchNamespacedConfigMap(
          { name: 'ssa', namespace: NS, body: {} },
          setHeaderOptions('Content-Type', 'text/plain'),
        ),
      415,
      'UnsupportedMediaType',
    );
  });

  it('a CRD serves its kind; /status writes do not bump generation, spec writes do', async () => {
    const kc = kube.kubeConfig();
    await KubernetesObjectApi.makeApiClient(kc).create(crdFor({ group: 'argoproj.io', kind: 'Sensor' }));
    const crd = kube.get('crd', undefined, 'sensors.argoproj.io')!;
    assert.ok(crd.status.conditions.some((c: any) => c.type === 'Established' && c.status === 'True'));
    const co = kc.makeApiClient(CustomObjectsApi);
    const ref = { group: 'argoproj.io', version: 'v1alpha1', namespace: NS, plural: 'sensors' };
    const s = await co.createNamespacedCustomObject({
      ...ref,
      body: {
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'Sensor',
        metadata: { name: 's1' },
        spec: { a: 1 },
        status: { dropped: true },
      },
    });
    assert.equal(s.status, undefined, 'status is dropped on create');
    const st = await co.patchNamespacedCustomObjectStatus(
      {
        ...ref,
        name: 's1',
        body: { status: { conditions: [{ type: 'Deployed', status: 'True' }] }, spec: { ignored: true } },
      },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    assert.equal(st.metadata.generation, 1);
    assert.deepEqual(st.spec, { a: 1 }, 'a /status write changes only status');
    const sp = await co.patchNamespacedCustomObject(
      { ...ref, name: 's1', body: { spec: { a: 2 }, status: { ignored: true } } },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    assert.equal(sp.metadata.generation, 2);
    assert.deepEqual(
      sp.status,
      { conditions: [{ type: 'Deployed', status: 'True' }] },
      'a main write keeps status',
    );
    await rejects(co.getNamespacedCustomObject({ ...ref, plural: 'nopes', name: 'x' }), 404, 'NotFound');
  });

  it('garbage collection: deleting an owner deletes its dependents', async () => {
    const owner = kube.put({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'owner', namespace: NS },
    });
    const ref = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      name: 'owner',
      uid: owner.metadata.uid,
      controller: true,
    };
    kube.put({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'dep', namespace: NS, ownerReferences: [ref] },
    });
    kube.put({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: {
        name: 'other',
        namespace: NS,
        ownerReferences: [
          { ...ref, uid: 'gone-already' },
          { ...ref, name: 'l1', uid: kube.get('cm', NS, 'l1')!.metadata.uid },
        ],
      },
    });
    await KubernetesObjectApi.makeApiClient(kube.kubeConfig()).delete({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'owner', namespace: NS },
    });
    await waitFor(() => kube.get('secrets', NS, 'dep') === undefined, {
      timeout: 5000,
      message: 'dependent collected',
    });
    assert.ok(kube.get('secrets', NS, 'other'), 'an object with a live owner stays');
  });

  it('finalizers: DELETE only sets deletionTimestamp; emptying them completes the delete', async () => {
    const core = kube.kubeConfig().makeApiClient(CoreV1Api);
    const ref = { name: 'held', namespace: NS };
    await core.createNamespacedConfigMap({
      namespace: NS,
      body: { metadata: { ...ref, finalizers: ['example.com/hold'] } },
    });
    await core.deleteNamespacedConfigMap(ref);
    const marked = await core.readNamespacedConfigMap(ref);
    assert.ok(marked.metadata?.deletionTimestamp, 'marked, still there');
    await core.deleteNamespacedConfigMap(ref); // a second DELETE changes nothing
    const again = await core.readNamespacedConfigMap(ref);
    assert.equal(again.metadata?.resourceVersion, marked.metadata?.resourceVersion);
    await core.replaceNamespacedConfigMap({
      ...ref,
      body: { ...again, metadata: { ...again.metadata, finalizers: [] } },
    });
    await rejects(core.readNamespacedConfigMap(ref), 404, 'NotFound');
  });

  it('watch: events from a resourceVersion, bookmarks, resume after dropWatches, 410 when too old', async () => {
    const kc = kube.kubeConfig();
    const core = kc.makeApiClient(CoreV1Api);
    const list = await core.listNamespacedConfigMap({ namespace: NS });
    const seen: string[] = [];
    let lastRv = list.metadata!.resourceVersion!;
    let bookmarks = 0;
    let ended = 0;
    const start = () =>
      new Watch(kc).watch(
        `/api/v1/namespaces/${NS}/configmaps`,
        { resourceVersion: lastRv, allowWatchBookmarks: true },
        (type, obj) => {
          lastRv = obj.metadata.resourceVersion;
          if (type === 'BOOKMARK') bookmarks++;
          else seen.push(`${type} ${obj.metadata.name}`);
        },
        () => ended++,
      );
    await start();
    await core.createNamespacedConfigMap({ namespace: NS, body: { metadata: { name: 'w1' } } });
    await waitFor(() => seen.length === 1 && bookmarks > 0, { timeout: 5000 });
    assert.equal(kube.dropWatches(), 1);
    await waitFor(() => ended === 1);
    // changes while disconnected are replayed from the last seen resourceVersion
    await core.patchNamespacedConfigMap(
      { name: 'w1', namespace: NS, body: { data: { x: '1' } } },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    await core.deleteNamespacedConfigMap({ name: 'w1', namespace: NS });
    await start();
    await waitFor(() => seen.length === 3, { timeout: 5000 });
    assert.deepEqual(seen, ['ADDED w1', 'MODIFIED w1', 'DELETED w1']);
    kube.dropWatches();
    await waitFor(() => ended === 2);
    // a history that no longer reaches back: ERROR event with a 410 Expired Status
    await core.createNamespacedConfigMap({ namespace: NS, body: { metadata: { name: 'w2' } } });
    kube.compactHistory();
    let error: any;
    await new Watch(kc).watch(
      `/api/v1/namespaces/${NS}/configmaps`,
      { resourceVersion: list.metadata!.resourceVersion! },
      (type, obj) => {
        if (type === 'ERROR') error = obj;
      },
      () => ended++,
    );
    await waitFor(() => ended === 3);
    assert.equal(error?.code, 410);
    assert.equal(error?.reason, 'Expired');
  });
});
