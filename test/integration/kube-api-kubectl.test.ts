/**
 * The test Kubernetes API server (test/harness/kube-api; no real API server can be installed here)
 * against its second real client, the installed `kubectl` 1.32: `kubectl apply -f DIR` of hand-written
 * manifests of every kind jetflow renders (and a CRD + a custom resource of it), client-side (GET, then
 * create, or a strategic merge patch with the last-applied annotation) and `--server-side`, with
 * kubectl's default `--validate=strict` (the server's OpenAPI v3 documents say it validates fields
 * itself). Then `kubectl get` lists every object.
 *
 * The CRD is applied before the directory, as on a real cluster: kubectl maps every object of an
 * invocation to a resource before sending any, so a custom resource cannot be applied in the same
 * invocation as the CRD that defines it ("ensure CRDs are installed first").
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { stringify } from 'yaml';
import { startKubeApiServer, type KubeApiServer } from '../harness/kube-api/index.js';

const KUBECTL = process.env.KUBECTL_BIN ?? '/usr/bin/kubectl';
const run = promisify(execFile);

const labels = { app: 'demo' };
const podSpec = (image: string) => ({
  containers: [
    {
      name: 'main',
      image,
      env: [{ name: 'A', value: '1' }],
      ports: [{ containerPort: 4222, name: 'client' }],
    },
    { name: 'side', image: 'busybox:1.36' },
  ],
});

function manifests(image: string, data: string): Record<string, unknown>[] {
  const ns = 'demo';
  const meta = (name: string) => ({ name, namespace: ns, labels });
  return [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } },
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta('cm'), data: { key: data } },
    {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: meta('secret'),
      type: 'Opaque',
      stringData: { password: 'p' },
    },
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta('sa') },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: meta('svc'),
      spec: {
        clusterIP: 'None',
        selector: labels,
        ports: [{ name: 'client', port: 4222, targetPort: 4222 }],
      },
    },
    { apiVersion: 'v1', kind: 'Pod', metadata: meta('pod'), spec: podSpec(image) },
    {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: meta('pvc'),
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: meta('deploy'),
      spec: {
        replicas: 1,
        selector: { matchLabels: labels },
        template: { metadata: { labels }, spec: podSpec(image) },
      },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: meta('sts'),
      spec: {
        replicas: 3,
        serviceName: 'svc',
        selector: { matchLabels: labels },
        template: { metadata: { labels }, spec: podSpec(image) },
        volumeClaimTemplates: [
          {
            metadata: { name: 'data' },
            spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
          },
        ],
      },
    },
    {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: meta('pdb'),
      spec: { minAvailable: 2, selector: { matchLabels: labels } },
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: meta('role'),
      rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list', 'watch'] }],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: meta('rb'),
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'role' },
      subjects: [{ kind: 'ServiceAccount', name: 'sa', namespace: ns }],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: 'demo-cr', labels },
      rules: [{ apiGroups: ['argoproj.io'], resources: ['sensors'], verbs: ['get', 'list', 'watch'] }],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: 'demo-crb', labels },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'demo-cr' },
      subjects: [{ kind: 'ServiceAccount', name: 'sa', namespace: ns }],
    },
    {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Sensor',
      metadata: meta('sensor'),
      spec: { dependencies: [{ name: 'd', eventSourceName: 'es', eventName: data }] },
    },
  ];
}

const CRD = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'sensors.argoproj.io' },
  spec: {
    group: 'argoproj.io',
    scope: 'Namespaced',
    names: {
      kind: 'Sensor',
      listKind: 'SensorList',
      plural: 'sensors',
      singular: 'sensor',
      shortNames: ['sn'],
    },
    versions: [
      {
        name: 'v1alpha1',
        served: true,
        storage: true,
        subresources: { status: {} },
        schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
      },
    ],
  },
};

const TYPES =
  'ns,cm,secret,sa,svc,pod,pvc,deploy,sts,pdb,role,rolebinding,clusterrole,clusterrolebinding,crd,sensors';
const EXPECTED = [
  'namespace/demo',
  'configmap/cm',
  'secret/secret',
  'serviceaccount/sa',
  'service/svc',
  'pod/pod',
  'persistentvolumeclaim/pvc',
  'deployment.apps/deploy',
  'statefulset.apps/sts',
  'poddisruptionbudget.policy/pdb',
  'role.rbac.authorization.k8s.io/role',
  'rolebinding.rbac.authorization.k8s.io/rb',
  'clusterrole.rbac.authorization.k8s.io/demo-cr',
  'clusterrolebinding.rbac.authorization.k8s.io/demo-crb',
  'customresourcedefinition.apiextensions.k8s.io/sensors.argoproj.io',
  'sensor.argoproj.io/sensor',
];

describe('kubectl against the test Kubernetes API server', () => {
  let kube: KubeApiServer;
  let dir: string;
  const kubectl = async (...args: string[]) => {
    const env = { ...process.env, HOME: dir, KUBECONFIG: kube.kubeconfigPath };
    const { stdout } = await run(
      KUBECTL,
      ['--kubeconfig', kube.kubeconfigPath, '--cache-dir', path.join(dir, 'cache'), ...args],
      { env, timeout: 60_000 },
    );
    return stdout;
  };
  const writeAll = async (image: string, data: string) => {
    await mkdir(path.join(dir, 'crds'), { recursive: true });
    await mkdir(path.join(dir, 'app'), { recursive: true });
    await writeFile(path.join(dir, 'crds', 'sensor.yaml'), stringify(CRD));
    await writeFile(
      path.join(dir, 'app', 'all.yaml'),
      manifests(image, data)
        .map((m) => stringify(m))
        .join('---\n'),
    );
  };
  const names = async () =>
    (await kubectl('get', TYPES, '-A', '-o', 'name', '-l', 'app=demo'))
      .split('\n')
      .filter(Boolean)
      .concat(
        (await kubectl('get', 'ns/demo', 'crd/sensors.argoproj.io', '-o', 'name'))
          .split('\n')
          .filter(Boolean),
      );

  before(async () => {
    kube = await startKubeApiServer();
    dir = await mkdtemp(path.join(os.tmpdir(), 'jetflow-kubectl-'));
  });
  after(async () => {
    await kube?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('client-side apply creates every object; kubectl get lists them', async () => {
    await writeAll('nats:2.9.10', 'one');
    assert.match(await kubectl('apply', '-f', path.join(dir, 'crds')), /sensors\.argoproj\.io created/);
    const out = await kubectl('apply', '-f', path.join(dir, 'app'));
    assert.equal(out.split('\n').filter((l) => l.endsWith(' created')).length, EXPECTED.length - 1, out);
    assert.deepEqual(new Set(await names()), new Set(EXPECTED));
    const table = await kubectl('get', 'sensors', '-n', 'demo');
    assert.match(table, /^NAME\s+AGE\n\s*sensor\s+\d+s/m);
    const secret = kube.get('secrets', 'demo', 'secret')!;
    assert.equal(Buffer.from(secret.data.password, 'base64').toString(), 'p');
  });

  it('client-side apply of a change: strategic merge patch for built-ins, merge patch for the CR', async () => {
    await writeAll('nats:2.10.0', 'two');
    const out = await kubectl('apply', '-f', path.join(dir, 'app'));
    assert.match(out, /deployment\.apps\/deploy configured/);
    assert.match(out, /sensor\.argoproj\.io\/sensor configured/);
    assert.match(out, /role\.rbac\.authorization\.k8s\.io\/role unchanged/);
    const dep = kube.get('deployments', 'demo', 'deploy')!;
    const cs = dep.spec.template.spec.containers;
    assert.deepEqual(
      cs.map((c: any) => `${c.name}=${c.image}`),
      ['main=nats:2.10.0', 'side=busybox:1.36'],
    );
    assert.deepEqual(cs[0].env, [{ name: 'A', value: '1' }]);
    assert.equal(dep.metadata.generation, 2);
    assert.ok(dep.metadata.annotations['kubectl.kubernetes.io/last-applied-configuration']);
    assert.equal(kube.get('sensors', 'demo', 'sensor')!.spec.dependencies[0].eventName, 'two');
    assert.ok(kube.requests.some((r) => r.endsWith('application/strategic-merge-patch+json')));
    assert.ok(
      kube.requests.some(
        (r) => r.startsWith('PATCH /apis/argoproj.io/') && r.endsWith('application/merge-patch+json'),
      ),
    );
  });

  it('server-side apply of a change', async () => {
    await writeAll('nats:2.10.1', 'three');
    const out = await kubectl('apply', '--server-side', '-f', path.join(dir, 'app'));
    assert.equal(
      out.split('\n').filter((l) => l.endsWith(' serverside-applied')).length,
      EXPECTED.length - 1,
      out,
    );
    assert.equal(kube.get('cm', 'demo', 'cm')!.data.key, 'three');
    assert.equal(kube.get('sts', 'demo', 'sts')!.spec.template.spec.containers[0].image, 'nats:2.10.1');
    assert.ok(kube.requests.some((r) => r.endsWith('application/apply-patch+yaml')));
    assert.deepEqual(new Set(await names()), new Set(EXPECTED));
  });

  it('kubectl delete of the namespace removes what is in it', async () => {
    await kubectl('delete', 'namespace', 'demo', '--wait=false');
    const { waitFor } = await import('../harness/wait-for.js');
    await waitFor(
      () => kube.list('configmaps', 'demo').length === 0 && kube.list('sensors', 'demo').length === 0,
      {
        timeout: 10_000,
      },
    );
    assert.equal((await kubectl('get', 'cm', '-n', 'demo', '-o', 'name')).trim(), '');
  });
});
