import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { asWritten, controllerRender } from './desired.js';
import type { KubeObj } from './plan.js';

const served = (spec: Record<string, unknown>, extra: Partial<KubeObj['metadata']> = {}): KubeObj => ({
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'EventSource',
  metadata: {
    name: 'hooks',
    namespace: 'team',
    uid: 'u-1',
    resourceVersion: '12',
    generation: 3,
    managedFields: [{ manager: 'kubectl' }],
    annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{}', note: 'kept' },
    ...extra,
  },
  spec,
  status: { conditions: [{ type: 'Deployed', status: 'True' }] },
});

const webhook = (port: number) => ({
  service: { ports: [{ port, targetPort: 12000 }] },
  webhook: { example: { port: '12000', endpoint: '/example', method: 'POST' } },
});

describe('controller render of one custom resource', () => {
  it('renders the resource as written: no status, no server fields', () => {
    const w = asWritten(served(webhook(80)));
    assert.deepEqual(w.metadata, { name: 'hooks', namespace: 'team', annotations: { note: 'kept' } });
    assert.equal(w.status, undefined);
  });

  it('the objects do not change when only the status or the resourceVersion does', async () => {
    const render = controllerRender({ image: 'jetflow:t' });
    const a = await render(served(webhook(80)), []);
    const b = await render({ ...served(webhook(80), { resourceVersion: '99' }), status: {} }, []);
    assert.deepEqual(a.problems, []);
    assert.ok(a.objects.some((o) => o.kind === 'Deployment'));
    assert.deepEqual(a.objects, b.objects);
  });

  it('an invalid rendered object comes back as a problem at the source field path', async () => {
    const r = await controllerRender({ image: 'jetflow:t' })(served(webhook(70000)), []);
    // (objects may still come back; the loop applies nothing when there is a problem)
    assert.ok(r.problems.length >= 1);
    assert.match(r.problems[0].path, /^spec\.service\.ports\[0\]\.port$/);
  });

  it('a name too long for a Service is refused at metadata.name', async () => {
    const r = await controllerRender({ image: 'jetflow:t' })(
      served(webhook(80), { name: 'x'.repeat(60) }),
      [],
    );
    assert.ok(
      r.problems.some((p) => p.path === 'metadata.name'),
      JSON.stringify(r.problems),
    );
  });
});
