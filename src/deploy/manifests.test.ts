/**
 * The shipped install files agree with the code: deploy/kustomize/crds.yaml is exactly what `jetflow
 * render --crds` prints, the CRD schemas are structural (what an API server requires), the kustomize base
 * builds with the installed kubectl and every object passes the Kubernetes OpenAPI schemas, and the
 * ClusterRole grants the controller every kind render produces, with no verb beyond the documented ones.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { ClusterRole } from 'kubernetes-models/rbac.authorization.k8s.io/v1';
import { CustomResourceDefinition } from 'kubernetes-models/apiextensions.k8s.io/v1';
import { Deployment } from 'kubernetes-models/apps/v1';
import { loadResources } from '../api/index.js';
import { allObjects, busKey, customResourceDefinitions, renderResources, toMultiDocYaml } from './index.js';
import { FIXED_MATERIAL } from './test-fixtures.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const KUSTOMIZE = path.join(REPO, 'deploy/kustomize');

test('deploy/kustomize/crds.yaml is exactly `jetflow render --crds` (regenerate it when this fails)', () => {
  const text = readFileSync(path.join(KUSTOMIZE, 'crds.yaml'), 'utf8').replace(/^#.*\n/, '');
  assert.equal(text, toMultiDocYaml(customResourceDefinitions()));
});

/** Structural schema rules of apiextensions/v1: every node typed unless it preserves unknown fields. */
function structuralIssues(node: Record<string, unknown>, at: string, out: string[]): string[] {
  const preserve = node['x-kubernetes-preserve-unknown-fields'] === true;
  const intOrString = node['x-kubernetes-int-or-string'] === true;
  if (!node.type && !preserve && !intOrString) out.push(`${at}: no type`);
  for (const k of ['$ref', 'oneOf', 'allOf', 'definitions', 'const'])
    if (k in node) out.push(`${at}: ${k} is not allowed`);
  if (node.anyOf && !intOrString) out.push(`${at}: anyOf without x-kubernetes-int-or-string`);
  const props = (node.properties ?? {}) as Record<string, Record<string, unknown>>;
  for (const [k, v] of Object.entries(props)) structuralIssues(v, `${at}.${k}`, out);
  if (node.items) structuralIssues(node.items as Record<string, unknown>, `${at}[]`, out);
  if (node.additionalProperties && typeof node.additionalProperties === 'object')
    structuralIssues(node.additionalProperties as Record<string, unknown>, `${at}{}`, out);
  return out;
}

test('the CRDs pass the OpenAPI schema and are structural; spec fields are typed, unknown ones kept', () => {
  for (const crd of customResourceDefinitions()) {
    new CustomResourceDefinition(crd as never).validate();
    const schema = (crd.spec as any).versions[0].schema.openAPIV3Schema;
    assert.deepEqual(structuralIssues(schema, crd.metadata.name, []), []);
    assert.equal(schema.properties.spec['x-kubernetes-preserve-unknown-fields'], true);
  }
  const bus = (customResourceDefinitions()[0]!.spec as any).versions[0].schema.openAPIV3Schema;
  assert.equal(bus.properties.spec.properties.jetstream.properties.replicas.type, 'integer');
});

const kubectl = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' });

test(
  'the kustomize base builds with kubectl and every object passes the OpenAPI schemas',
  { skip: kubectl.status !== 0 && 'no kubectl' },
  () => {
    const r = spawnSync('kubectl', ['kustomize', KUSTOMIZE], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const objs = parseAllDocuments(r.stdout).map((d) => d.toJS() as any);
    assert.deepEqual(objs.map((o) => o.kind).sort(), [
      'ClusterRole',
      'ClusterRoleBinding',
      'CustomResourceDefinition',
      'CustomResourceDefinition',
      'CustomResourceDefinition',
      'Deployment',
      'Namespace',
      'ServiceAccount',
    ]);
    const dep = objs.find((o) => o.kind === 'Deployment');
    new Deployment(dep).validate();
    assert.deepEqual(dep.spec.template.spec.containers[0].args.slice(0, 2), [
      'controller',
      '--all-namespaces',
    ]);
    assert.equal(dep.spec.template.spec.serviceAccountName, 'jetflow-controller');
    const binding = objs.find((o) => o.kind === 'ClusterRoleBinding');
    assert.deepEqual(binding.subjects, [
      { kind: 'ServiceAccount', name: 'jetflow-controller', namespace: 'jetflow' },
    ]);
  },
);

/** Kind → the REST plural the ClusterRole must name. */
const PLURAL: Record<string, [string, string]> = {
  Secret: ['', 'secrets'],
  ConfigMap: ['', 'configmaps'],
  Service: ['', 'services'],
  PodDisruptionBudget: ['policy', 'poddisruptionbudgets'],
  StatefulSet: ['apps', 'statefulsets'],
  Deployment: ['apps', 'deployments'],
};

test('the ClusterRole grants every kind render produces, and only the documented verbs', async () => {
  const role = parseAllDocuments(
    readFileSync(path.join(KUSTOMIZE, 'clusterrole.yaml'), 'utf8'),
  )[0]!.toJS() as any;
  new ClusterRole(role).validate();
  const verbs = (group: string, resource: string): string[] =>
    role.rules
      .filter((r: any) => r.apiGroups.includes(group) && r.resources.includes(resource))
      .flatMap((r: any) => r.verbs);
  const loaded = await loadResources([path.join(REPO, 'examples/quickstart')]);
  const r = renderResources(loaded.documents, {
    image: 'x',
    busSecrets: new Map([[busKey('default', 'default'), FIXED_MATERIAL]]),
  });
  const kinds = new Set(allObjects(r).map((o) => o.kind));
  assert.deepEqual([...kinds].sort(), Object.keys(PLURAL).sort());
  for (const kind of kinds) {
    const [group, plural] = PLURAL[kind]!;
    assert.deepEqual(verbs(group, plural).sort(), ['create', 'delete', 'get', 'list', 'update'], kind);
  }
  for (const p of ['eventbus', 'eventsources', 'sensors']) {
    // update of eventbus: its finalizer (jetflow.argoproj.io/eventbus-in-use)
    const read = ['get', 'list', 'watch'];
    assert.deepEqual(verbs('argoproj.io', p).sort(), p === 'eventbus' ? [...read, 'update'].sort() : read);
    assert.deepEqual(verbs('argoproj.io', `${p}/status`), ['update']);
  }
  const all = role.rules.flatMap((x: any) => x.verbs);
  for (const forbidden of ['*', 'patch', 'deletecollection', 'escalate', 'bind', 'impersonate'])
    assert.ok(!all.includes(forbidden), forbidden);
  assert.ok(existsSync(path.join(REPO, 'Dockerfile')));
});
