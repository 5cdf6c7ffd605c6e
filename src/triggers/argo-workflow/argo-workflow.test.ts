/**
 * The `argoWorkflow` trigger with the real @kubernetes/client-node against a local fake Kubernetes API
 * server (../k8s/testing.ts; no real API server or Argo controller can run here): each operation must
 * leave the Workflow object in the state the Argo server would.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { inspect } from 'node:util';
import { TriggerError, type ArgoWorkflowTrigger } from '../../api/index.js';
import { captureLogs, contractContext, makeEvent, secretStoreOf } from '../contract.js';
import { KubeClient } from '../k8s/index.js';
import { startFakeKube, type FakeKube } from '../k8s/testing.js';
import type { TriggerEvent } from '../types.js';
import { createArgoWorkflowDriver } from './driver.js';

const NS = 'argo-events';
const API = 'argoproj.io/v1alpha1';
const events: Record<string, TriggerEvent> = { dep: makeEvent({ body: { name: 'w1', msg: 'hi' } }) };

describe('argoWorkflow trigger against a Kubernetes API server', { timeout: 60_000 }, () => {
  let kube: FakeKube;
  before(async () => {
    kube = await startFakeKube();
  });
  after(async () => {
    await kube.stop();
  });
  const ctx = () => contractContext('argoWorkflow', captureLogs(), secretStoreOf({}), { namespace: NS });
  async function run(t: ArgoWorkflowTrigger) {
    const c = ctx();
    const client = new KubeClient(kube.kubeConfig());
    const prepared = await createArgoWorkflowDriver({
      client: () => client,
      now: () => 1_700_000_000_000,
    }).prepare(t, c);
    try {
      return await prepared.execute(t, events, c);
    } finally {
      await prepared.close();
    }
  }
  async function failure(t: ArgoWorkflowTrigger): Promise<TriggerError> {
    try {
      await run(t);
    } catch (err) {
      assert.ok(err instanceof TriggerError, inspect(err));
      return err;
    }
    assert.fail('expected a failure');
  }
  const byName = (operation: string, name = 'w1'): ArgoWorkflowTrigger => ({
    operation,
    source: { resource: { apiVersion: API, kind: 'Workflow', metadata: { name: 'placeholder' } } },
    parameters: [{ src: { dependencyName: 'dep', value: name }, dest: 'metadata.name' }],
  });
  const put = (name: string, spec: object, status: object = {}, labels: object = {}) =>
    kube.put('workflows', {
      apiVersion: API,
      kind: 'Workflow',
      metadata: { name, namespace: NS, labels },
      spec,
      status,
    });
  const wf = (name = 'w1') => kube.get('workflows', NS, name)!;

  it('submit: creates the Workflow (generateName), with the trigger labels and parameters', async () => {
    const out = await run({
      operation: 'submit',
      source: {
        resource: {
          apiVersion: API,
          kind: 'Workflow',
          metadata: { generateName: 'hello-' },
          spec: { entrypoint: 'main', arguments: { parameters: [{ name: 'message', value: 'x' }] } },
        },
      },
      parameters: [
        { src: { dependencyName: 'dep', dataKey: 'body.msg' }, dest: 'spec.arguments.parameters.0.value' },
      ],
    });
    assert.match(out.summary ?? '', /submitted Workflow argo-events\/hello-/);
    const [w] = kube.list('workflows');
    assert.match(w?.metadata.name, /^hello-/);
    assert.equal(w?.spec.arguments.parameters[0].value, 'hi');
    assert.equal(w?.metadata.labels['events.argoproj.io/sensor'], 'contract-sensor');
    assert.equal(w?.metadata.labels['events.argoproj.io/action-timestamp'], '1700000000000');
  });

  it('suspend / resume / terminate / stop change the named Workflow', async () => {
    put(
      'w1',
      { entrypoint: 'main' },
      { phase: 'Running', nodes: { s: { type: 'Suspend', phase: 'Running' } } },
    );
    await run(byName('suspend'));
    assert.equal(wf().spec.suspend, true);
    await run(byName('resume'));
    assert.equal('suspend' in wf().spec, false);
    assert.deepEqual(wf().status.nodes.s, {
      type: 'Suspend',
      phase: 'Succeeded',
      finishedAt: '2023-11-14T22:13:20Z',
    });
    await run(byName('stop'));
    assert.equal(wf().spec.shutdown, 'Stop');
    await run(byName('terminate'));
    assert.equal(wf().spec.shutdown, 'Terminate');
  });

  it('retry: a Failed Workflow is set back to Running with its failed nodes reset', async () => {
    put(
      'w2',
      { entrypoint: 'main', shutdown: 'Terminate' },
      {
        phase: 'Failed',
        message: 'boom',
        finishedAt: '2024-01-01T00:00:00Z',
        nodes: {
          w2: { type: 'Steps', phase: 'Failed' },
          ok: { type: 'Pod', phase: 'Succeeded' },
          bad: { type: 'Pod', phase: 'Failed' },
        },
      },
      { 'workflows.argoproj.io/completed': 'true', 'workflows.argoproj.io/phase': 'Failed' },
    );
    await run(byName('retry', 'w2'));
    const w = wf('w2');
    assert.equal(w.status.phase, 'Running');
    assert.equal('message' in w.status || 'finishedAt' in w.status, false);
    assert.deepEqual(Object.keys(w.status.nodes).sort(), ['ok', 'w2']);
    assert.equal(w.status.nodes.w2.phase, 'Running');
    assert.equal('shutdown' in w.spec, false);
    assert.deepEqual(w.metadata.labels, { 'workflows.argoproj.io/completed': 'false' });
    const again = await failure(byName('retry', 'w2'));
    assert.equal(again.retryable, false);
    assert.match(again.message, /must be Failed\/Error to retry/);
  });

  it('resubmit: a new Workflow from the old spec with generateName <name>-', async () => {
    put(
      'w3',
      { entrypoint: 'again' },
      { phase: 'Succeeded' },
      { app: 'a', 'workflows.argoproj.io/completed': 'true' },
    );
    const out = await run(byName('resubmit', 'w3'));
    assert.match(out.summary ?? '', /resubmitted Workflow argo-events\/w3 as Workflow argo-events\/w3-/);
    const copy = kube.list('workflows').find((w) => w.metadata.name.startsWith('w3-'));
    assert.deepEqual(copy?.spec, { entrypoint: 'again' });
    assert.deepEqual(copy?.metadata.labels, {
      app: 'a',
      'workflows.argoproj.io/resubmitted-from-workflow': 'w3',
    });
  });

  it('submit-from a WorkflowTemplate and a CronWorkflow', async () => {
    await run({
      operation: 'submit-from',
      source: { resource: { apiVersion: API, kind: 'WorkflowTemplate', metadata: { name: 'tmpl' } } },
    });
    const fromTmpl = kube.list('workflows').find((w) => w.metadata.name.startsWith('tmpl-'));
    assert.deepEqual(fromTmpl?.spec, { workflowTemplateRef: { name: 'tmpl' } });
    kube.put('cronworkflows', {
      apiVersion: API,
      kind: 'CronWorkflow',
      metadata: { name: 'nightly', namespace: NS },
      spec: { schedule: '0 0 * * *', workflowSpec: { entrypoint: 'n' } },
    });
    await run({
      operation: 'submit-from',
      source: { resource: { apiVersion: API, kind: 'CronWorkflow', metadata: { name: 'nightly' } } },
    });
    const fromCron = kube.list('workflows').find((w) => w.metadata.name.startsWith('nightly-'));
    assert.deepEqual(fromCron?.spec, { entrypoint: 'n' });
    assert.equal(fromCron?.metadata.labels['workflows.argoproj.io/cron-workflow'], 'nightly');
  });

  it('bad input: missing workflow, no name, invalid submit-from kind, missing source', async () => {
    const missing = await failure(byName('suspend', 'ghost'));
    assert.match(missing.message, /Workflow argo-events\/ghost not found/);
    const noName = await failure({
      operation: 'stop',
      source: { resource: { apiVersion: API, kind: 'Workflow', metadata: {} } },
    });
    assert.match(noName.message, /no name is given/);
    const kind = await failure({
      operation: 'submit-from',
      source: { resource: { apiVersion: API, kind: 'Workflow', metadata: { name: 'x' } } },
    });
    assert.match(kind.message, /invalid kind Workflow/);
    await assert.rejects(
      createArgoWorkflowDriver().prepare({ operation: 'submit' }, ctx()),
      /absolute action/,
    );
  });
});
