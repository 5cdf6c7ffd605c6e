/**
 * Issue 15 part 4 end to end, in process (the `System` of `jetflow run`, with its own nats-server): one
 * webhook event makes a Sensor's `k8s` trigger create a ConfigMap, its `argoWorkflow` triggers submit a
 * Workflow and suspend an existing one, on a Kubernetes API server reached the way a deployed sensor
 * reaches it: KUBECONFIG (a token user), read by the default drivers. The server is the small fake of
 * src/triggers/k8s/testing.ts (no real API server can be installed here), driven by the real
 * @kubernetes/client-node.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pino } from 'pino';
import { stringify } from 'yaml';
import { System } from '../../src/cli/run/system.js';
import { startFakeKube, type FakeKube } from '../../src/triggers/k8s/testing.js';
import { freePort, waitFor } from '../harness/index.js';

const T = 15_000;
const API = 'argoproj.io/v1alpha1';

async function writeResources(dir: string, webhookPort: number): Promise<void> {
  const eventSource = {
    apiVersion: API,
    kind: 'EventSource',
    metadata: { name: 'webhook' },
    spec: { webhook: { example: { port: String(webhookPort), endpoint: '/example', method: 'POST' } } },
  };
  const fromBody = (key: string, dest: string) => ({
    src: { dependencyName: 'in', dataKey: `body.${key}` },
    dest,
  });
  const sensor = {
    apiVersion: API,
    kind: 'Sensor',
    metadata: { name: 'kube', namespace: 'team' },
    spec: {
      dependencies: [{ name: 'in', eventSourceName: 'webhook', eventName: 'example' }],
      triggers: [
        {
          // trigger-level parameters change the source itself, type parameters the object
          parameters: [fromBody('name', 'k8s.source.resource.metadata.name')],
          template: {
            name: 'make-configmap',
            k8s: {
              operation: 'create',
              source: {
                resource: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' }, data: {} },
              },
              parameters: [fromBody('message', 'data.message')],
            },
          },
        },
        {
          template: {
            name: 'submit-workflow',
            argoWorkflow: {
              operation: 'submit',
              source: {
                inline: stringify({
                  apiVersion: API,
                  kind: 'Workflow',
                  metadata: { generateName: 'hello-' },
                  spec: { entrypoint: 'main', arguments: { parameters: [{ name: 'message', value: '' }] } },
                }),
              },
              parameters: [fromBody('message', 'spec.arguments.parameters.0.value')],
            },
          },
        },
        {
          template: {
            name: 'suspend-workflow',
            argoWorkflow: {
              operation: 'suspend',
              source: { resource: { apiVersion: API, kind: 'Workflow', metadata: { name: 'long-running' } } },
            },
          },
        },
      ],
    },
  };
  await writeFile(path.join(dir, 'eventsource.yaml'), stringify(eventSource));
  await writeFile(path.join(dir, 'sensor.yaml'), stringify(sensor));
}

describe('k8s and argoWorkflow triggers end to end through jetflow run', { timeout: 60_000 }, () => {
  let system: System | undefined;
  let kube: FakeKube;
  const dirs: string[] = [];
  let webhookUrl = '';
  const previousKubeconfig = process.env.KUBECONFIG;

  before(async () => {
    kube = await startFakeKube();
    kube.put('workflows', {
      apiVersion: API,
      kind: 'Workflow',
      metadata: { name: 'long-running', namespace: 'team' },
      spec: { entrypoint: 'main' },
      status: { phase: 'Running' },
    });
    const dir = await mkdtemp(path.join(os.tmpdir(), 'jetflow-k8s-e2e-'));
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'jetflow-k8s-e2e-data-'));
    const kubeDir = await mkdtemp(path.join(os.tmpdir(), 'jetflow-k8s-e2e-kube-'));
    dirs.push(dir, dataDir, kubeDir);
    const kubeconfig = path.join(kubeDir, 'config');
    await writeFile(kubeconfig, kube.kubeConfig().exportConfig(), { mode: 0o600 });
    process.env.KUBECONFIG = kubeconfig;
    const webhookPort = await freePort();
    webhookUrl = `http://127.0.0.1:${webhookPort}/example`;
    await writeResources(dir, webhookPort);
    system = new System({
      paths: [dir],
      dataDir,
      adminHost: '127.0.0.1',
      adminPort: 0,
      logger: pino({ level: 'silent' }),
    });
    await system.start();
    await system.ready();
  });

  after(async () => {
    await system?.stop();
    await kube?.stop();
    if (previousKubeconfig === undefined) delete process.env.KUBECONFIG;
    else process.env.KUBECONFIG = previousKubeconfig;
    await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
  });

  it('one event creates a ConfigMap, submits a Workflow and suspends another', async () => {
    const res = await fetch(webhookUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'made-by-event', message: 'hello' }),
    });
    assert.equal(res.status, 200, await res.text());

    await waitFor(() => kube.get('configmaps', 'team', 'made-by-event') !== undefined, {
      timeout: T,
      message: 'k8s trigger created the ConfigMap',
    });
    const cm = kube.get('configmaps', 'team', 'made-by-event')!;
    assert.deepEqual(cm.data, { message: 'hello' });
    assert.equal(cm.metadata.labels['events.argoproj.io/sensor'], 'kube');
    assert.equal(cm.metadata.labels['events.argoproj.io/trigger'], 'make-configmap');

    await waitFor(() => kube.list('workflows').some((w) => w.metadata.name.startsWith('hello-')), {
      timeout: T,
      message: 'argoWorkflow trigger submitted the Workflow',
    });
    const wf = kube.list('workflows').find((w) => w.metadata.name.startsWith('hello-'))!;
    assert.equal(wf.metadata.namespace, 'team');
    assert.equal(wf.spec.arguments.parameters[0].value, 'hello');

    await waitFor(() => kube.get('workflows', 'team', 'long-running')?.spec.suspend === true, {
      timeout: T,
      message: 'argoWorkflow trigger suspended the Workflow',
    });
  });
});
