import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EVENTBUS_FINALIZER } from '../../api/index.js';
import { busUsers, finalizerStep, withFinalizer } from './finalizer.js';
import type { KubeObj } from './plan.js';

const obj = (kind: string, name: string, spec: Record<string, unknown> = {}, meta = {}): KubeObj => ({
  apiVersion: 'argoproj.io/v1alpha1',
  kind,
  metadata: { name, namespace: 'ns', ...meta },
  spec,
});

test('busUsers: eventBusName, default "default", sorted Kind/name', () => {
  const clients = [
    obj('Sensor', 's1'),
    obj('EventSource', 'e1', { eventBusName: 'other' }),
    obj('EventSource', 'e2', { eventBusName: 'default' }),
    obj('Sensor', 's0', { eventBusName: '' }),
  ];
  assert.deepEqual(busUsers('default', clients), ['EventSource/e2', 'Sensor/s0', 'Sensor/s1']);
  assert.deepEqual(busUsers('other', clients), ['EventSource/e1']);
  assert.deepEqual(busUsers('none', clients), []);
});

test('finalizerStep: add while live, hold while used, release when unused, nothing when not ours', () => {
  const live = obj('EventBus', 'default');
  assert.deepEqual(finalizerStep(live, []), { op: 'add' });
  const kept = withFinalizer(live, true);
  assert.deepEqual(finalizerStep(kept, []), { op: 'none' });
  const deleting = { ...kept, metadata: { ...kept.metadata, deletionTimestamp: '2026-01-01T00:00:00Z' } };
  assert.deepEqual(finalizerStep(deleting, ['Sensor/a']), { op: 'hold', users: ['Sensor/a'] });
  assert.deepEqual(finalizerStep(deleting, []), { op: 'release' });
  const foreign = { ...live, metadata: { ...live.metadata, deletionTimestamp: 'x', finalizers: ['x/y'] } };
  assert.deepEqual(finalizerStep(foreign, ['Sensor/a']), { op: 'none' });
});

test('withFinalizer keeps other finalizers and never duplicates ours', () => {
  const bus = obj('EventBus', 'b', {}, { finalizers: ['x/y'] });
  const added = withFinalizer(withFinalizer(bus, true), true);
  assert.deepEqual(added.metadata.finalizers, ['x/y', EVENTBUS_FINALIZER]);
  assert.deepEqual(withFinalizer(added, false).metadata.finalizers, ['x/y']);
});
