import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadText, KUBE_ANNOTATIONS, KUBE_LABELS, type LoadedDocument } from '../api/index.js';
import {
  allObjects,
  busKey,
  isCreateOnly,
  renderResources,
  toMultiDocYaml,
  type KubeObject,
  type RenderOptions,
} from './index.js';
import { FIXED_MATERIAL, seedEventBusBlocks } from './test-fixtures.js';

const GOLDEN = path.join(path.dirname(fileURLToPath(import.meta.url)), '__golden__');
const opts = (extra: Partial<RenderOptions> = {}): RenderOptions => ({
  image: 'ghcr.io/example/jetflow:test',
  busSecrets: new Map([[busKey('default', 'default'), FIXED_MATERIAL]]),
  ...extra,
});
const load = (text: string, file = 'in.yaml'): LoadedDocument[] => loadText(text, file);
const find = (objs: KubeObject[], kind: string, name?: string) =>
  objs.find((o) => o.kind === kind && (!name || o.metadata.name === name));

const seed = seedEventBusBlocks().filter((b) => /^\s+jetstream:/m.test(b));

test(
  'the seed has its two jetstream EventBus examples',
  { skip: seed.length === 0 && 'no /work/shared/seed' },
  () => {
    assert.equal(seed.length, 2);
  },
);

for (const [i, block] of seed.entries()) {
  test(`seed EventBus example ${i + 1} renders exactly its golden file (UPDATE_GOLDEN=1 rewrites)`, () => {
    const r = renderResources(load(block, `seed-eventbus-${i + 1}.yaml`), opts());
    assert.deepEqual(r.problems, []);
    const yaml = toMultiDocYaml(allObjects(r));
    const file = path.join(GOLDEN, `seed-eventbus-${i + 1}.yaml`);
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(file, yaml);
    assert.equal(yaml, readFileSync(file, 'utf8'));
  });
}

test('the 5-replica seed bus: StatefulSet of 5, routes to every pod by stable DNS name, PVC template, startArgs', () => {
  const r = renderResources(load(seed[1] ?? ''), opts());
  const objs = allObjects(r);
  const sts = find(objs, 'StatefulSet') as any;
  assert.equal(sts.spec.replicas, 5);
  assert.equal(sts.spec.serviceName, 'eventbus-default-js-svc');
  assert.deepEqual(sts.spec.template.spec.containers[0].args, ['-D']);
  assert.deepEqual(sts.spec.volumeClaimTemplates[0].spec, {
    accessModes: ['ReadWriteOnce'],
    storageClassName: 'standard',
    volumeMode: 'Filesystem',
    resources: { requests: { storage: '10Gi' } },
  });
  const conf = (find(objs, 'ConfigMap') as any).data['nats-js'] as string;
  for (let i = 0; i < 5; i++)
    assert.match(
      conf,
      new RegExp(`nats://eventbus-default-js-${i}\\.eventbus-default-js-svc\\.default\\.svc:6222`),
    );
  assert.match(conf, /max_file_store: 1GB/);
  assert.doesNotMatch(conf, /max_memory_store/, 'settings replace the default body');
  assert.equal(
    sts.spec.template.spec.volumes.find((v: any) => v.name === 'data'),
    undefined,
    'no emptyDir',
  );
  assert.ok(r.warnings.some((w) => w.path === 'spec.jetstream.version' && /2\.10\.29/.test(w.message)));
});

test('render is deterministic and independent of document order', () => {
  const text = `${seed[1] ?? seed[0] ?? ''}\n---\n${ES}\n---\n${SENSOR}`;
  const docs = load(text);
  const a = toMultiDocYaml(allObjects(renderResources(docs, opts())));
  const b = toMultiDocYaml(allObjects(renderResources([...docs].reverse(), opts())));
  assert.equal(a, b);
  assert.equal(a, toMultiDocYaml(allObjects(renderResources(load(text), opts()))));
});

const BUS = `apiVersion: argoproj.io/v1alpha1
kind: EventBus
metadata: {name: default}
spec:
  jetstream: {version: "2.9.16", replicas: 3, streamConfig: "maxAge: 1h"}
`;
const ES = `apiVersion: argoproj.io/v1alpha1
kind: EventSource
metadata: {name: hooks, labels: {team: a}}
spec:
  replicas: 2
  template:
    serviceAccountName: hooks-sa
    container: {resources: {limits: {memory: 128Mi}}}
  webhook:
    one: {port: "12000", endpoint: /one, method: POST}
    two: {port: "12000", endpoint: /two, method: POST}
  github:
    gh:
      repositories: [{owner: o, names: [r]}]
      webhook: {port: "13000", endpoint: /gh, method: POST}
      webhookSecret: {name: gh-secret, key: token}
`;
const SENSOR = `apiVersion: argoproj.io/v1alpha1
kind: Sensor
metadata: {name: notify}
spec:
  dependencies: [{name: d, eventSourceName: hooks, eventName: one}]
  triggers:
    - template:
        name: t
        http:
          url: http://example.com
          headers: {}
          secureHeaders: [{name: Authorization, valueFrom: {secretKeyRef: {name: api, key: token}}}]
`;

test('EventSource → Deployment running `jetflow eventsource NAME` with its resource, bus and secrets mounted', () => {
  const r = renderResources(load(`${BUS}---\n${ES}`), opts());
  assert.deepEqual(r.problems, []);
  const es = r.resources.find((x) => x.source.kind === 'EventSource')!;
  assert.deepEqual(es.source, { kind: 'EventSource', name: 'hooks', namespace: 'default', file: 'in.yaml' });
  const dep = find(es.objects, 'Deployment') as any;
  assert.equal(dep.metadata.name, 'hooks-eventsource');
  assert.equal(dep.spec.replicas, 2);
  const pod = dep.spec.template.spec;
  assert.equal(pod.serviceAccountName, 'hooks-sa');
  const main = pod.containers[0];
  assert.deepEqual(main.args.slice(0, 4), ['eventsource', 'hooks', '-f', '/etc/jetflow/resources']);
  assert.deepEqual(main.resources, { limits: { memory: '128Mi' } });
  assert.deepEqual(
    main.ports.map((p: any) => p.containerPort),
    [7777, 13000, 12000],
  );
  const sources = pod.volumes.find((v: any) => v.name === 'secrets').projected.sources;
  assert.deepEqual(
    sources.map((s: any) => [s.secret.name, s.secret.items.map((i: any) => i.path)]),
    [
      ['eventbus-default-js-client-auth', ['eventbus-default-js-client-auth/client-auth']],
      ['eventbus-default-js-tls', ['eventbus-default-js-tls/ca-cert']],
      ['gh-secret', ['gh-secret/token']],
    ],
  );
  const svc = find(es.objects, 'Service') as any;
  assert.deepEqual(
    svc.spec.ports.map((p: any) => p.port),
    [13000, 12000],
  );
  const cm = find(es.objects, 'ConfigMap') as any;
  assert.match(cm.data['eventbus.yaml'], /url: nats:\/\/eventbus-default-js-client\.default\.svc:4222/);
  assert.match(cm.data['eventbus.yaml'], /maxAge: 1h/, 'the bus streamConfig merged over the defaults');
  assert.match(cm.data['eventbus.yaml'], /maxMsgs: 50000/);
  assert.match(cm.data['eventsource.yaml'], /name: hooks/);
  for (const o of es.objects) {
    assert.equal(o.metadata.labels?.[KUBE_LABELS.managedBy], 'jetflow');
    assert.equal(o.metadata.labels?.[KUBE_LABELS.kind], 'EventSource');
    assert.equal(o.metadata.labels?.[KUBE_LABELS.name], 'hooks');
  }
});

test('Sensor → Deployment running `jetflow sensor NAME`; trigger secrets projected', () => {
  const r = renderResources(load(`${BUS}---\n${SENSOR}`), opts({ namespace: 'prod' }));
  assert.deepEqual(r.problems, []);
  const s = r.resources.find((x) => x.source.kind === 'Sensor')!;
  assert.equal(s.source.namespace, 'prod');
  const dep = find(s.objects, 'Deployment') as any;
  assert.equal(dep.metadata.namespace, 'prod');
  assert.deepEqual(dep.spec.template.spec.containers[0].args.slice(0, 2), ['sensor', 'notify']);
  const names = dep.spec.template.spec.volumes[1].projected.sources.map((x: any) => x.secret.name);
  assert.ok(names.includes('api'));
  assert.equal(find(s.objects, 'Service'), undefined);
});

test('generated Secrets are create-only; absent material renders none; --tls-secret/--auth-secret are used by name', () => {
  const withSecrets = allObjects(renderResources(load(BUS), opts()));
  const secrets = withSecrets.filter((o) => o.kind === 'Secret');
  assert.equal(secrets.length, 2);
  assert.ok(secrets.every(isCreateOnly));
  const none = allObjects(renderResources(load(BUS), opts({ busSecrets: new Map() })));
  assert.equal(none.filter((o) => o.kind === 'Secret').length, 0);
  const named = allObjects(
    renderResources(load(`${BUS}---\n${SENSOR}`), opts({ tlsSecret: 'my-tls', authSecret: 'my-auth' })),
  );
  assert.equal(named.filter((o) => o.kind === 'Secret').length, 0);
  const sts = find(named, 'StatefulSet') as any;
  const text = JSON.stringify(sts);
  assert.match(text, /"my-tls"/);
  assert.match(text, /"my-auth"/);
  assert.match(JSON.stringify(find(named, 'ConfigMap', 'notify-sensor')), /my-auth/);
});

test('jetstreamExotic renders no server; pods reach it through its own secrets', () => {
  const exotic =
    seedEventBusBlocks().find((b) => /jetstreamExotic/.test(b)) ??
    'apiVersion: argoproj.io/v1alpha1\nkind: EventBus\nmetadata: {name: default}\nspec:\n  jetstreamExotic: {url: "nats://x:4222", accessSecret: {name: my-secret-name, key: secret-key}}\n';
  const r = renderResources(load(`${exotic}\n---\n${SENSOR}`), opts());
  assert.deepEqual(r.problems, []);
  assert.deepEqual(r.resources.find((x) => x.source.kind === 'EventBus')!.objects, []);
  const dep = find(allObjects(r), 'Deployment') as any;
  const names = dep.spec.template.spec.volumes[1].projected.sources.map((x: any) => x.secret.name);
  assert.ok(names.includes('my-secret-name'));
});

test('bad input: a Service port out of range is refused at spec.service.ports[0].port of its file', () => {
  const text = `apiVersion: argoproj.io/v1alpha1
kind: EventSource
metadata: {name: svc}
spec:
  service: {ports: [{port: 70000, targetPort: 12000}]}
  webhook: {a: {port: "12000", endpoint: /a, method: POST}}
`;
  const r = renderResources(load(`${BUS}---\n${text}`, 'sources/svc.yaml'), opts());
  assert.equal(r.problems.length, 1, JSON.stringify(r.problems));
  assert.equal(r.problems[0]!.file, 'sources/svc.yaml');
  assert.equal(r.problems[0]!.path, 'spec.service.ports[0].port');
  assert.match(r.problems[0]!.message, /1\.\.65535, found 70000/);
});

test('bad input: a name that makes a Service name over 63 characters is refused at metadata.name', () => {
  const long = `a${'b'.repeat(51)}`; // 52 chars: "<name>-eventsource" is 64, labels stay valid
  const text = `apiVersion: argoproj.io/v1alpha1
kind: EventSource
metadata: {name: ${long}}
spec:
  webhook: {a: {port: "12000", endpoint: /a, method: POST}}
`;
  const r = renderResources(load(`${BUS}---\n${text}`, 'es.yaml'), opts());
  const p = r.problems.find((x) => /Service/.test(x.message));
  assert.ok(p, JSON.stringify(r.problems));
  assert.equal(p.file, 'es.yaml');
  assert.equal(p.path, 'metadata.name');
  assert.match(p.message, /64 characters, a Service name may have at most 63/);
});

test('bad input: an unknown version lists the table; loader errors come back as problems', () => {
  const bad = BUS.replace('2.9.16', '9.9.9');
  const r = renderResources(load(bad, 'bus.yaml'), opts());
  assert.equal(r.problems[0]!.path, 'spec.jetstream.version');
  assert.match(r.problems[0]!.message, /unsupported version "9\.9\.9": expected one of .*2\.9\.16/);
  const invalid = renderResources(load(BUS.replace('replicas: 3', 'replicas: 0'), 'bus.yaml'), opts());
  assert.equal(invalid.problems[0]!.path, 'spec.jetstream.replicas');
  assert.deepEqual(invalid.resources, []);
});

const podHash = (objs: KubeObject[], kind: string): string =>
  (find(objs, kind) as any).spec.template.metadata.annotations[KUBE_ANNOTATIONS.configHash];

test('config hash: a trigger-only change alters the Sensor pod template (rolls the pods); same input, same hash', () => {
  const render = (sensor: string) => allObjects(renderResources(load(`${BUS}---\n${sensor}`), opts()));
  const before = podHash(render(SENSOR), 'Deployment');
  assert.match(before, /^[0-9a-f]{16}$/);
  assert.equal(podHash(render(SENSOR), 'Deployment'), before, 'deterministic');
  const changed = SENSOR.replace('http://example.com', 'http://example.org');
  assert.notEqual(podHash(render(changed), 'Deployment'), before);
  assert.equal(
    podHash(render(changed), 'StatefulSet'),
    podHash(render(SENSOR), 'StatefulSet'),
    'bus untouched',
  );
});

test('config hash: an event-only change alters the EventSource pod template; user annotations are kept', () => {
  const annotated = ES.replace(
    'serviceAccountName: hooks-sa',
    'serviceAccountName: hooks-sa\n    metadata: {annotations: {a: b}}',
  );
  const render = (es: string) => allObjects(renderResources(load(`${BUS}---\n${es}`), opts()));
  const objs = render(annotated);
  const tplMeta = (find(objs, 'Deployment') as any).spec.template.metadata;
  assert.equal(tplMeta.annotations.a, 'b');
  assert.notEqual(
    podHash(render(annotated.replace('endpoint: /two', 'endpoint: /three')), 'Deployment'),
    podHash(objs, 'Deployment'),
  );
});
