/**
 * `jetflow render` as the built CLI (`node bin/jetflow.js`, needs `npm run build`): stdout is a sorted,
 * repeatable multi-document YAML without Secrets; `-o DIR` writes one file per resource and the Secrets
 * 0600, and a second run keeps them (never rotated); `--include-secrets` prints them; invalid input is
 * refused with file:line:col and field path and writes nothing; `--crds` alone prints the three CRDs.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { projectRoot } from '../harness/paths.js';

function render(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['bin/jetflow.js', 'render', ...args],
      { cwd: projectRoot, timeout: 60_000 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

const docs = (yaml: string) =>
  parseAllDocuments(yaml).map((d) => d.toJS() as { kind: string; metadata: { name: string } });
const quickstart = path.join(projectRoot, 'examples/quickstart');
let tmp: string;

before(async () => {
  assert.ok(
    existsSync(path.join(projectRoot, 'dist/cli/commands/render.js')),
    'run `npm run build` first: this test runs bin/jetflow.js',
  );
  tmp = await mkdtemp(path.join(os.tmpdir(), 'jetflow-render-cli-'));
});
after(() => rm(tmp, { recursive: true, force: true }));

test('stdout: sorted multi-document YAML, same bytes twice, no Secrets (and a note naming them)', async () => {
  const a = await render(quickstart, '--namespace', 'events', '--image', 'registry.example/jetflow:1');
  assert.equal(a.code, 0, a.stderr);
  const objs = docs(a.stdout);
  assert.deepEqual(
    objs.map((o) => o.kind),
    [
      'ConfigMap',
      'ConfigMap',
      'ConfigMap',
      'Service',
      'Service',
      'Service',
      'PodDisruptionBudget',
      'StatefulSet',
      'Deployment',
      'Deployment',
    ],
  );
  assert.ok(objs.every((o) => (o.metadata as { namespace?: string }).namespace === 'events'));
  assert.doesNotMatch(a.stdout, /kind: Secret/);
  assert.match(
    a.stderr,
    /Secrets not printed \(events\/eventbus-default-js-client-auth, events\/eventbus-default-js-tls\)/,
  );
  assert.match(
    a.stderr,
    /warning: .*eventbus\.yaml:\d+:\d+: spec\.jetstream\.version: version "latest" rendered as/,
  );
  assert.match(a.stdout, /image: registry\.example\/jetflow:1/);
  const b = await render(quickstart, '--namespace', 'events', '--image', 'registry.example/jetflow:1');
  assert.equal(b.stdout, a.stdout);
});

test('-o DIR: one file per resource, Secrets 0600 and kept on the next run (never rotated)', async () => {
  const dir = path.join(tmp, 'out');
  const first = await render(quickstart, '-o', dir);
  assert.equal(first.code, 0, first.stderr);
  assert.equal(first.stdout, '');
  assert.deepEqual((await readdir(dir)).sort(), [
    '10-secrets.yaml',
    '20-default-eventbus-default.yaml',
    '30-default-eventsource-webhook.yaml',
    '40-default-sensor-webhook.yaml',
  ]);
  const secretsFile = path.join(dir, '10-secrets.yaml');
  assert.equal((await stat(secretsFile)).mode & 0o777, 0o600);
  const secrets = await readFile(secretsFile, 'utf8');
  assert.deepEqual(
    docs(secrets).map((o) => `${o.kind}/${o.metadata.name}`),
    ['Secret/eventbus-default-js-client-auth', 'Secret/eventbus-default-js-tls'],
  );
  const rest = await readFile(path.join(dir, '20-default-eventbus-default.yaml'), 'utf8');
  assert.doesNotMatch(rest, /kind: Secret/);
  const second = await render(quickstart, '-o', dir);
  assert.equal(second.code, 0, second.stderr);
  assert.equal(await readFile(secretsFile, 'utf8'), secrets);
});

test('--include-secrets prints the generated Secrets; --tls-secret/--auth-secret generate none', async () => {
  const r = await render(quickstart, '--include-secrets');
  assert.equal(r.code, 0, r.stderr);
  assert.equal(docs(r.stdout).filter((o) => o.kind === 'Secret').length, 2);
  const named = await render(
    quickstart,
    '--include-secrets',
    '--tls-secret',
    'my-tls',
    '--auth-secret',
    'my-auth',
  );
  assert.equal(named.code, 0, named.stderr);
  assert.equal(docs(named.stdout).filter((o) => o.kind === 'Secret').length, 0);
  assert.match(named.stdout, /name: my-tls/);
});

test('invalid input: exit 1, every problem with file:line:col and field path, nothing written', async () => {
  const file = path.join(tmp, 'bad.yaml');
  await writeFile(
    file,
    [
      'apiVersion: argoproj.io/v1alpha1',
      'kind: EventSource',
      'metadata:',
      `  name: ${'x'.repeat(56)}`,
      'spec:',
      '  service:',
      '    ports:',
      '      - port: 0',
      '  webhook:',
      '    a: {port: "12000", endpoint: /a, method: POST}',
      '',
    ].join('\n'),
  );
  const dir = path.join(tmp, 'refused');
  const r = await render(file, '-o', dir);
  assert.equal(r.code, 1);
  assert.match(
    r.stderr,
    new RegExp(
      `${file}:8:\\d+: spec\\.service\\.ports\\[0\\]\\.port: Service x+-eventsource: port must be 1\\.\\.65535, found 0`,
    ),
  );
  assert.match(
    r.stderr,
    new RegExp(
      `${file}:4:\\d+: metadata\\.name: Service x+-eventsource: name "x+-eventsource" is 68 characters`,
    ),
  );
  assert.match(r.stderr, /render refused: \d+ problem\(s\), nothing written/);
  assert.equal(existsSync(dir), false);
});

test('--crds alone prints the three CustomResourceDefinitions', async () => {
  const r = await render('--crds');
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(
    docs(r.stdout).map((o) => o.metadata.name),
    ['eventbus.argoproj.io', 'eventsources.argoproj.io', 'sensors.argoproj.io'],
  );
  const none = await render();
  assert.equal(none.code, 2);
});
