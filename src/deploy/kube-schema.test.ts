/**
 * Every object rendered from all of upstream's examples (eventbus, event-sources, sensors under
 * /work/shared/examples/argo-events) and the project's own examples/ is validated against the
 * Kubernetes OpenAPI schemas through the `kubernetes-models` dev dependency (each model's validate()).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigMap, Secret, Service } from 'kubernetes-models/v1';
import { Deployment, StatefulSet } from 'kubernetes-models/apps/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { loadResources } from '../api/index.js';
import { allObjects, busKey, renderResources, type KubeObject, type RenderedResource } from './index.js';
import { FIXED_MATERIAL, UPSTREAM_EXAMPLES } from './test-fixtures.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const MODELS: Record<string, new (data: any) => { validate(): void }> = {
  'v1/ConfigMap': ConfigMap,
  'v1/Secret': Secret,
  'v1/Service': Service,
  'apps/v1/Deployment': Deployment,
  'apps/v1/StatefulSet': StatefulSet,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
};

function validateAll(objects: KubeObject[]): string[] {
  const failures: string[] = [];
  for (const o of objects) {
    const Model = MODELS[`${o.apiVersion}/${o.kind}`];
    if (!Model) {
      failures.push(`${o.kind} ${o.metadata.name}: no schema for ${o.apiVersion}`);
      continue;
    }
    try {
      new Model(o).validate();
    } catch (err) {
      failures.push(`${o.kind} ${o.metadata.namespace}/${o.metadata.name}: ${(err as Error).message}`);
    }
  }
  return failures;
}

/**
 * Inputs rendered one at a time, as a user would: each upstream EventBus example alone (they are all
 * named `default`), each source and sensor example alone (several share a name; their bus is assumed to
 * be rendered separately), and each project example on its own.
 */
function corpora(): string[][] {
  const up = (d: string) => path.join(UPSTREAM_EXAMPLES, d);
  const ex = (d: string) => path.join(REPO, 'examples', d);
  const files = (dir: string) =>
    readdirSync(dir)
      .filter((f) => /\.ya?ml$/.test(f))
      .map((f) => [path.join(dir, f)]);
  return [
    ...files(up('eventbus')),
    ...files(up('event-sources')),
    ...files(up('sensors')),
    ...files(ex('eventbus')),
    [ex('quickstart')],
  ];
}

test(
  'every object rendered from upstream examples and examples/ passes the Kubernetes OpenAPI schemas',
  { skip: !existsSync(UPSTREAM_EXAMPLES) && 'no upstream examples on this machine' },
  async () => {
    const objects: KubeObject[] = [];
    const rendered: RenderedResource[] = [];
    for (const paths of corpora()) {
      const loaded = await loadResources(paths);
      const busSecrets = new Map<string, typeof FIXED_MATERIAL>();
      for (const d of loaded.documents)
        if (d.kind === 'EventBus') busSecrets.set(busKey(d.namespace, d.name ?? ''), FIXED_MATERIAL);
      const r = renderResources(loaded.documents, { image: 'jetflow:test', busSecrets });
      // Documents the loader refused come back as problems; nothing the loader accepted may be refused.
      const refusedByRender = r.problems.filter((p) =>
        loaded.documents.some((d) => d.file === p.file && d.resource),
      );
      assert.deepEqual(refusedByRender, [], paths.join(', '));
      objects.push(...allObjects(r));
      rendered.push(...r.resources.filter((x) => x.objects.length > 0));
    }
    const kinds = new Set(rendered.map((x) => x.source.kind));
    assert.deepEqual([...kinds].sort(), ['EventBus', 'EventSource', 'Sensor']);
    assert.ok(objects.length > 100, `only ${objects.length} objects rendered`);
    assert.deepEqual(validateAll(objects), []);
    // The harness reports its coverage, so a shrinking corpus is visible.
    console.log(`validated ${objects.length} objects from ${rendered.length} resources`);
  },
);

test('the schema check is real: a malformed object fails it', () => {
  const bad = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'x' },
    spec: {
      selector: {},
      template: { spec: { containers: [{ name: 'm', ports: [{ containerPort: 'x' }] }] } },
    },
  } as KubeObject;
  assert.match(validateAll([bad]).join('\n'), /containerPort must be integer/);
});
