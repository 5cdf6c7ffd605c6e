import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { makeEvent } from '../contract.js';
import { applyParameters } from '../../sensors/index.js';
import {
  asKubeObject,
  deepMerge,
  describeGvk,
  groupVersionKind,
  jsonPatchOps,
  ObjectError,
  parseKubeObject,
  withTriggerLabels,
  type KubeObject,
} from './object.js';
import { objectSource, SourceError } from './source.js';
import { withNamespace } from './driver.js';

const cm = (data: Record<string, unknown>, meta: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'c', ...meta },
  data,
});

describe('k8s trigger object', () => {
  it('parses YAML and JSON sources and refuses what is not an object', () => {
    assert.deepEqual(parseKubeObject('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n').metadata, {
      name: 'a',
    });
    assert.equal(parseKubeObject('{"apiVersion":"apps/v1","kind":"Deployment"}').kind, 'Deployment');
    assert.throws(() => parseKubeObject('kind: ConfigMap'), ObjectError);
    assert.throws(() => parseKubeObject('apiVersion: v1'), /has no kind/);
    assert.throws(() => parseKubeObject('[1, 2]'), /not a Kubernetes object/);
    assert.throws(() => parseKubeObject('a: [b'), /not valid YAML/);
  });

  it('names group, version and kind', () => {
    assert.equal(
      describeGvk(groupVersionKind({ apiVersion: 'v1', kind: 'Pod' })),
      'group "", version "v1", kind "Pod"',
    );
    assert.deepEqual(groupVersionKind({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Workflow' }), {
      group: 'argoproj.io',
      version: 'v1alpha1',
      kind: 'Workflow',
    });
  });

  it('create labels: sensor, trigger, action timestamp in ms; existing labels kept; input untouched', () => {
    const o = cm({}, { labels: { app: 'x' } });
    const l = withTriggerLabels(o, 's1', 't1', 1700000000123.7);
    assert.deepEqual(l.metadata.labels, {
      app: 'x',
      'events.argoproj.io/sensor': 's1',
      'events.argoproj.io/trigger': 't1',
      'events.argoproj.io/action-timestamp': '1700000000123',
    });
    assert.deepEqual(o.metadata.labels, { app: 'x' });
  });

  it('parameters are applied to the object JSON with sjson dest paths', () => {
    const o = asKubeObject({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { generateName: 'd-' },
      spec: { template: { spec: { containers: [{ name: 'c', image: 'old' }] } } },
    });
    const events = { dep: makeEvent({ body: { image: 'nginx:1.27', replicas: 3 } }) };
    const out = applyParameters(
      o,
      [
        {
          src: { dependencyName: 'dep', dataKey: 'body.image' },
          dest: 'spec.template.spec.containers.0.image',
        },
        { src: { dependencyName: 'dep', dataKey: 'body.replicas', useRawData: true }, dest: 'spec.replicas' },
        { src: { dependencyName: 'dep', dataKey: 'body.replicas' }, dest: 'metadata.labels.n' },
        { src: { dependencyName: 'dep', value: 'x-' }, dest: 'metadata.generateName', operation: 'prepend' },
      ],
      events,
    );
    assert.equal((out.spec as any).template.spec.containers[0].image, 'nginx:1.27');
    // As upstream (sjson.SetBytes): a value is written as a string unless useRawData.
    assert.equal((out.spec as any).replicas, 3);
    assert.equal(out.metadata.labels?.n, '3');
    assert.equal(out.metadata.generateName, 'x-d-');
  });

  it('deep merge (mergo WithOverride): maps merge, scalars and null override, non-empty lists replace', () => {
    const live = { a: { b: 1, c: 2 }, l: [1, 2], keep: [9], f: true, s: 'x', n: 1 };
    const merged = deepMerge(live, { a: { c: 3, d: 4 }, l: [5], keep: [], f: false, s: '', n: null });
    assert.deepEqual(merged, { a: { b: 1, c: 3, d: 4 }, l: [5], keep: [9], f: false, s: '', n: null });
    assert.deepEqual(live.a, { b: 1, c: 2 });
  });

  it('json patch: test of resourceVersion, add for new members, replace for changed ones', () => {
    const live = cm({ a: '1', b: '2' }, { resourceVersion: '7', labels: { x: 'y' } });
    const want = cm({ a: '1', b: '3', 'c/d': '4' }, { resourceVersion: '1', labels: { x: 'y', z: 'w' } });
    assert.deepEqual(jsonPatchOps(live, want), [
      { op: 'test', path: '/metadata/resourceVersion', value: '7' },
      { op: 'add', path: '/metadata/labels/z', value: 'w' },
      { op: 'replace', path: '/data/b', value: '3' },
      { op: 'add', path: '/data/c~1d', value: '4' },
    ]);
  });

  it('namespace: object, else sensor; none for cluster-scoped kinds', () => {
    assert.equal(withNamespace(cm({}), true, 'sns').metadata.namespace, 'sns');
    assert.equal(withNamespace(cm({}, { namespace: 'own' }), true, 'sns').metadata.namespace, 'own');
    assert.equal('namespace' in withNamespace(cm({}, { namespace: 'own' }), false, 'sns').metadata, false);
  });

  it('source: missing, empty, git and s3 are refused; inline and resource are fixed', () => {
    assert.throws(() => objectSource(undefined), SourceError);
    assert.throws(() => objectSource({}), /names no location/);
    assert.throws(
      () => objectSource({ git: { url: 'u', cloneDirectory: '/tmp', filePath: 'f' } }),
      /git is not supported/,
    );
    assert.equal(objectSource({ inline: 'apiVersion: v1\nkind: Pod\n' }).fixed?.kind, 'Pod');
    assert.equal(objectSource({ resource: { apiVersion: 'v1', kind: 'Pod' } }).fixed?.kind, 'Pod');
    assert.equal(objectSource({ url: { path: 'http://x/y' } }).fixed, undefined);
  });
});
