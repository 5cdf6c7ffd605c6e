import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CONTROLLER_HASH_ANNOTATION, CONTROLLER_OWNER_UID_LABEL } from '../../api/index.js';
import { desiredHash, plan, updateBody, withOwnership, type KubeObj, type Owner } from './plan.js';

const owner: Owner = {
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'Sensor',
  name: 's',
  namespace: 'ns',
  uid: 'u-1',
};

const deployment = (image: string): KubeObj => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 's-sensor', labels: { app: 's' } },
  spec: { replicas: 1, template: { spec: { containers: [{ name: 'main', image }] } } },
});
const secret = (v: string): KubeObj => ({
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: { name: 'auth' },
  stringData: { password: v },
});

/** What an API server returns: defaults added, server metadata set. */
function served(o: KubeObj): KubeObj {
  const copy = structuredClone(o);
  copy.metadata.uid = 'x';
  copy.metadata.resourceVersion = '7';
  copy.metadata.creationTimestamp = '2026-01-01T00:00:00Z';
  if (copy.kind === 'Deployment') {
    const spec = copy.spec as {
      strategy?: unknown;
      template: { spec: { containers: Record<string, unknown>[] } };
    };
    spec.strategy = { type: 'RollingUpdate' };
    spec.template.spec.containers[0].imagePullPolicy = 'IfNotPresent';
  }
  return copy;
}

describe('controller plan', () => {
  it('puts the owner reference, owner label and a hash on each object', () => {
    const d = withOwnership(deployment('a'), owner);
    assert.equal(d.metadata.namespace, 'ns');
    assert.equal(d.metadata.labels?.[CONTROLLER_OWNER_UID_LABEL], 'u-1');
    assert.deepEqual(
      d.metadata.ownerReferences,
      [{ ...owner, namespace: undefined, controller: true, blockOwnerDeletion: true }].map(
        ({ namespace: _, ...r }) => r,
      ),
    );
    assert.equal(d.metadata.annotations?.[CONTROLLER_HASH_ANNOTATION], desiredHash(d));
    assert.notEqual(desiredHash(withOwnership(deployment('b'), owner)), desiredHash(d));
  });

  it('hash ignores key order', () => {
    const a = deployment('a');
    const b: KubeObj = { spec: a.spec, metadata: a.metadata, kind: a.kind, apiVersion: a.apiVersion };
    assert.equal(desiredHash(a), desiredHash(b));
  });

  it('creates what is missing, in dependency order', () => {
    const desired = [deployment('a'), secret('p')].map((o) => withOwnership(o, owner));
    const actions = plan(desired, [], { ownerUid: 'u-1' });
    assert.deepEqual(
      actions.map((a) => [a.op, a.op === 'delete' ? a.live.kind : a.object.kind]),
      [
        ['create', 'Secret'],
        ['create', 'Deployment'],
      ],
    );
  });

  it('server-defaulted fields cause no update (converges)', () => {
    const desired = [withOwnership(deployment('a'), owner)];
    assert.deepEqual(plan(desired, desired.map(served), { ownerUid: 'u-1' }), []);
  });

  it('a spec change updates, keeping resourceVersion and foreign labels', () => {
    const live = served(withOwnership(deployment('a'), owner));
    live.metadata.labels = { ...live.metadata.labels, team: 'x' };
    const desired = withOwnership(deployment('b'), owner);
    const actions = plan([desired], [live], { ownerUid: 'u-1' });
    assert.equal(actions.length, 1);
    assert.equal(actions[0].op, 'update');
    const body = updateBody(desired, live);
    assert.equal(body.metadata.resourceVersion, '7');
    assert.equal(body.metadata.labels?.team, 'x');
    assert.equal(body.metadata.annotations?.[CONTROLLER_HASH_ANNOTATION], desiredHash(desired));
  });

  it('adopts an object created without the controller (no owner reference yet)', () => {
    const live = served(deployment('a'));
    live.metadata.namespace = 'ns';
    const actions = plan([withOwnership(deployment('a'), owner)], [live], { ownerUid: 'u-1' });
    assert.deepEqual(
      actions.map((a) => a.op),
      ['update'],
    );
  });

  it('create-only Secrets are never updated', () => {
    const live = served(withOwnership(secret('old'), owner));
    const actions = plan([withOwnership(secret('new'), owner)], [live], {
      ownerUid: 'u-1',
      createOnly: (o) => o.kind === 'Secret',
    });
    assert.deepEqual(actions, []);
  });

  it('deletes owned objects no longer desired, never foreign ones', () => {
    const svc: KubeObj = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'svc' },
      spec: { ports: [] },
    };
    const owned = served(withOwnership(svc, owner));
    const labelledCopy = served(svc);
    labelledCopy.metadata.name = 'copy';
    labelledCopy.metadata.labels = { [CONTROLLER_OWNER_UID_LABEL]: 'u-1' }; // no owner reference
    const actions = plan([], [owned, labelledCopy], { ownerUid: 'u-1' });
    assert.deepEqual(
      actions.map((a) => (a.op === 'delete' ? a.live.metadata.name : a.op)),
      ['svc'],
    );
  });

  it('a Service update keeps the allocated clusterIP', () => {
    const svc: KubeObj = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'svc' },
      spec: { ports: [{ port: 1 }] },
    };
    const live = served(withOwnership(svc, owner));
    (live.spec as Record<string, unknown>).clusterIP = '10.0.0.1';
    const next = withOwnership({ ...svc, spec: { ports: [{ port: 2 }] } }, owner);
    const body = updateBody(next, live);
    assert.deepEqual(body.spec, { ports: [{ port: 2 }], clusterIP: '10.0.0.1' });
  });
});
