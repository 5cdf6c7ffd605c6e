/**
 * The `k8s` trigger with the real @kubernetes/client-node against a local fake Kubernetes API server
 * (./testing.ts: no real API server can be installed here).
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { inspect } from 'node:util';
import { TriggerError, type StandardK8STrigger, type TriggerPolicy } from '../../api/index.js';
import { captureLogs, contractContext, makeEvent, secretStoreOf } from '../contract.js';
import type { TriggerEvent } from '../types.js';
import { KubeClient } from '../../kube/index.js';
import { createK8sDriver } from './driver.js';
import { startFakeKube, type FakeKube } from './testing.js';

const NS = 'argo-events';
const events: Record<string, TriggerEvent> = {
  dep: makeEvent({ body: { name: 'from-event', value: 'v1', image: 'nginx:1.27' } }),
};

describe('k8s trigger against a Kubernetes API server', { timeout: 60_000 }, () => {
  let kube: FakeKube;
  let dir: string;
  before(async () => {
    kube = await startFakeKube();
    dir = await mkdtemp(path.join(os.tmpdir(), 'jetflow-k8s-trigger-'));
  });
  after(async () => {
    await kube.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const ctx = (policy?: TriggerPolicy) =>
    contractContext('k8s', captureLogs(), secretStoreOf({}), { namespace: NS, ...(policy && { policy }) });
  async function run(
    t: StandardK8STrigger,
    client = new KubeClient(kube.kubeConfig()),
    policy?: TriggerPolicy,
  ) {
    const c = ctx(policy);
    const prepared = await createK8sDriver({ client: () => client, now: () => 1_700_000_000_000 }).prepare(
      t,
      c,
    );
    try {
      return await prepared.execute(t, events, c);
    } finally {
      await prepared.close();
    }
  }
  async function failure(
    t: StandardK8STrigger,
    client?: KubeClient,
    policy?: TriggerPolicy,
  ): Promise<TriggerError> {
    try {
      await run(t, client, policy);
    } catch (err) {
      assert.ok(err instanceof TriggerError, inspect(err));
      assert.ok(!inspect(err, { depth: 10 }).includes(kube.token), 'the token leaked into the error');
      return err;
    }
    assert.fail('expected a failure');
  }
  const cmParams = [
    { src: { dependencyName: 'dep', dataKey: 'body.name' }, dest: 'metadata.name' },
    { src: { dependencyName: 'dep', dataKey: 'body.value' }, dest: 'data.value' },
  ];

  it('create: a ConfigMap named by the event, in the sensor namespace, with the trigger labels', async () => {
    const out = await run({
      source: {
        resource: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' }, data: { a: '1' } },
      },
      parameters: cmParams,
    });
    assert.match(out.summary ?? '', /created ConfigMap argo-events\/from-event/);
    const cm = kube.get('configmaps', NS, 'from-event');
    assert.deepEqual(cm?.data, { a: '1', value: 'v1' });
    assert.deepEqual(cm?.metadata.labels, {
      'events.argoproj.io/sensor': 'contract-sensor',
      'events.argoproj.io/trigger': 'contract-k8s',
      'events.argoproj.io/action-timestamp': '1700000000000',
    });
  });

  it('create: a Deployment with generateName from inline YAML, image from the event', async () => {
    const inline = [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata: {generateName: web-, namespace: other}',
      'spec: {template: {spec: {containers: [{name: c, image: old}]}}}',
    ].join('\n');
    const out = await run({
      source: { inline },
      parameters: [
        {
          src: { dependencyName: 'dep', dataKey: 'body.image' },
          dest: 'spec.template.spec.containers.0.image',
        },
      ],
    });
    assert.match(out.summary ?? '', /created Deployment other\/web-/);
    const [d] = kube.list('deployments');
    assert.match(d?.metadata.name, /^web-.+/);
    assert.equal(d?.metadata.namespace, 'other');
    assert.equal(d?.spec.template.spec.containers[0].image, 'nginx:1.27');
  });

  it('create: a cluster-scoped kind gets no namespace', async () => {
    await run({
      source: { resource: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a' } } },
    });
    assert.ok(kube.get('namespaces', undefined, 'team-a'));
  });

  it('update: creates when missing, else deep-merges over the live object', async () => {
    const t: StandardK8STrigger = {
      operation: 'update',
      source: {
        resource: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'upd' }, data: { a: '1' } },
      },
    };
    assert.match((await run(t)).summary ?? '', /created ConfigMap argo-events\/upd \(it did not exist\)/);
    kube.put('configmaps', { ...kube.get('configmaps', NS, 'upd')!, data: { a: '0', keep: 'k' } });
    await run({
      ...t,
      parameters: [{ src: { dependencyName: 'dep', dataKey: 'body.value' }, dest: 'data.b' }],
    });
    assert.deepEqual(kube.get('configmaps', NS, 'upd')?.data, { a: '1', keep: 'k', b: 'v1' });
  });

  it('update with liveObject: parameters change the live object, the rest is kept', async () => {
    kube.put('configmaps', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'live', namespace: NS, labels: { app: 'x' } },
      data: { a: 'live-a', b: 'live-b' },
    });
    await run({
      operation: 'update',
      liveObject: true,
      source: {
        resource: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'live' }, data: { a: 'src' } },
      },
      parameters: [{ src: { dependencyName: 'dep', dataKey: 'body.value' }, dest: 'data.b' }],
    });
    const cm = kube.get('configmaps', NS, 'live');
    // The source's own data.a is not used: the live object is the base.
    assert.deepEqual(cm?.data, { a: 'live-a', b: 'v1' });
    assert.deepEqual(cm?.metadata.labels, { app: 'x' });
  });

  it('liveObject of a missing object fails without retry', async () => {
    const err = await failure({
      operation: 'update',
      liveObject: true,
      source: { resource: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'nope' } } },
    });
    assert.equal(err.retryable, false);
    assert.match(err.message, /live object ConfigMap argo-events\/nope not found/);
  });

  it('patch: merge patch (default) and JSON patch on an existing object; creates a missing one', async () => {
    const base = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'p' } };
    kube.put('configmaps', { ...base, metadata: { name: 'p', namespace: NS }, data: { a: '1', b: '2' } });
    const merge = await run({
      operation: 'patch',
      source: { resource: { ...base, data: { b: null, c: '3' } } },
    });
    assert.match(merge.summary ?? '', /patched ConfigMap argo-events\/p \(application\/merge-patch\+json\)/);
    assert.deepEqual(kube.get('configmaps', NS, 'p')?.data, { a: '1', c: '3' });
    await run({
      operation: 'patch',
      patchStrategy: 'application/json-patch+json',
      source: { resource: { ...base, data: { a: '9', d: '4' } } },
    });
    assert.deepEqual(kube.get('configmaps', NS, 'p')?.data, { a: '9', c: '3', d: '4' });
    assert.ok(
      kube.requests.some((r) =>
        r.startsWith('PATCH /api/v1/namespaces/argo-events/configmaps/p application/json-patch+json'),
      ),
    );
    await run({
      operation: 'patch',
      source: { resource: { ...base, metadata: { name: 'p2' }, data: { x: '1' } } },
    });
    assert.deepEqual(kube.get('configmaps', NS, 'p2')?.data, { x: '1' });
  });

  it('delete: deletes; a missing object is success', async () => {
    kube.put('configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'del', namespace: NS } });
    const t: StandardK8STrigger = {
      operation: 'delete',
      source: { resource: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'del' } } },
    };
    assert.match((await run(t)).summary ?? '', /deleted ConfigMap argo-events\/del/);
    assert.equal(kube.get('configmaps', NS, 'del'), undefined);
    assert.match((await run(t)).summary ?? '', /did not exist/);
  });

  it('sources: file and configmap are read at execution', async () => {
    const file = path.join(dir, 'cm.yaml');
    await writeFile(file, 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: from-file}\ndata: {f: "1"}\n');
    await run({ source: { file: { path: file } } });
    assert.deepEqual(kube.get('configmaps', NS, 'from-file')?.data, { f: '1' });
    kube.put('configmaps', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'holder', namespace: NS },
      data: { obj: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: from-cm}\ndata: {c: "2"}\n' },
    });
    await run({ source: { configmap: { name: 'holder', key: 'obj' } } });
    assert.deepEqual(kube.get('configmaps', NS, 'from-cm')?.data, { c: '2' });
  });

  it('unknown kind: refused at prepare for an inline source, at execution for a file, naming group/version/kind', async () => {
    const client = new KubeClient(kube.kubeConfig());
    const bad = { apiVersion: 'apps/v1', kind: 'Deploymnt', metadata: { name: 'x' } };
    await assert.rejects(
      createK8sDriver({ client: () => client }).prepare({ source: { resource: bad } }, ctx()),
      (err: unknown) =>
        err instanceof TriggerError &&
        !err.retryable &&
        /unknown resource kind: group "apps", version "v1", kind "Deploymnt"/.test(err.message),
    );
    const file = path.join(dir, 'bad.json');
    await writeFile(file, JSON.stringify({ ...bad, apiVersion: 'nothere.io/v1' }));
    const err = await failure({ source: { file: { path: file } } });
    assert.equal(err.retryable, false);
    assert.match(err.message, /group "nothere.io", version "v1", kind "Deploymnt"/);
  });

  it('missing source and unknown operation are refused at prepare', async () => {
    await assert.rejects(createK8sDriver().prepare({}, ctx()), /does not contain an absolute action/);
    await assert.rejects(
      createK8sDriver().prepare(
        { operation: 'apply', source: { inline: 'apiVersion: v1\nkind: Pod' } },
        ctx(),
      ),
      /unknown operation type apply/,
    );
  });

  it('a refused token is a non-retryable error that does not show the token', async () => {
    const kc = kube.kubeConfig();
    const wrong = `wrong-${kube.token}`;
    kc.users[0] = { name: 'u', token: wrong };
    const err = await failure({ source: { file: { path: path.join(dir, 'cm.yaml') } } }, new KubeClient(kc));
    assert.equal(err.retryable, false);
    assert.match(err.message, /Unauthorized.*401/);
    assert.ok(!inspect(err, { depth: 10 }).includes(wrong));
  });

  it('policy.k8s: success once the object carries the labels; failure after the steps with errorOnBackoffTimeout', async () => {
    const t = (name: string): StandardK8STrigger => ({
      source: {
        resource: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, labels: { ready: 'yes' } } },
      },
    });
    const backoff = { steps: 2, duration: '10ms' };
    await run(t('pol-ok'), undefined, {
      k8s: { labels: { ready: 'yes' }, backoff, errorOnBackoffTimeout: true },
    });
    const before = kube.requests.length;
    const err = await failure(t('pol-bad'), undefined, {
      k8s: { labels: { ready: 'no' }, backoff, errorOnBackoffTimeout: true },
    });
    assert.equal(err.retryable, false);
    assert.match(err.message, /did not get the labels of policy.k8s in 2 reads/);
    const reads = kube.requests
      .slice(before)
      .filter((r) => r === 'GET /api/v1/namespaces/argo-events/configmaps/pol-bad');
    assert.equal(reads.length, 2);
    // without errorOnBackoffTimeout the same outcome counts as success (upstream)
    await run(t('pol-soft'), undefined, { k8s: { labels: { ready: 'no' }, backoff } });
  });
});
