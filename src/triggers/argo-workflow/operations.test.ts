import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../k8s/index.js';
import { resubmitWorkflow, workflowFrom, workflowPatch, WorkflowStateError } from './operations.js';

const NOW = '2026-01-01T00:00:00Z';
const wf = (status: Record<string, unknown>, labels: Record<string, string> = {}): KubeObject => ({
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'Workflow',
  metadata: { name: 'w', namespace: 'ns', resourceVersion: '5', labels },
  spec: { entrypoint: 'main', templates: [{ name: 'main' }] },
  status,
});

describe('argoWorkflow operations as Workflow changes', () => {
  it('suspend, terminate, stop', () => {
    assert.deepEqual(workflowPatch('suspend', wf({}), NOW), { spec: { suspend: true } });
    assert.deepEqual(workflowPatch('terminate', wf({}), NOW), { spec: { shutdown: 'Terminate' } });
    assert.deepEqual(workflowPatch('stop', wf({}), NOW), { spec: { shutdown: 'Stop' } });
  });

  it('resume clears spec.suspend and completes running suspend nodes, with the resourceVersion', () => {
    const live = wf({
      nodes: {
        w: { type: 'Steps', phase: 'Running' },
        s1: { type: 'Suspend', phase: 'Running' },
        s2: { type: 'Suspend', phase: 'Succeeded' },
      },
    });
    assert.deepEqual(workflowPatch('resume', live, NOW), {
      metadata: { resourceVersion: '5' },
      spec: { suspend: null },
      status: { nodes: { s1: { phase: 'Succeeded', finishedAt: NOW } } },
    });
  });

  it('retry only from Failed/Error: failed leaves removed, failed groups reset, phase Running', () => {
    assert.throws(() => workflowPatch('retry', wf({ phase: 'Running' }), NOW), WorkflowStateError);
    const live = wf(
      {
        phase: 'Failed',
        finishedAt: NOW,
        message: 'boom',
        nodes: {
          w: { type: 'Steps', phase: 'Failed' },
          ok: { type: 'Pod', phase: 'Succeeded' },
          bad: { type: 'Pod', phase: 'Failed' },
        },
      },
      { 'workflows.argoproj.io/completed': 'true', 'workflows.argoproj.io/phase': 'Failed' },
    );
    assert.deepEqual(workflowPatch('retry', live, NOW), {
      metadata: {
        resourceVersion: '5',
        labels: { 'workflows.argoproj.io/completed': 'false', 'workflows.argoproj.io/phase': null },
      },
      spec: { shutdown: null },
      status: {
        phase: 'Running',
        finishedAt: null,
        message: null,
        nodes: { w: { phase: 'Running', finishedAt: null, message: null }, bad: null },
      },
    });
  });

  it('resubmit: a new Workflow with generateName <name>- and the old spec, run labels dropped', () => {
    const live = wf({ phase: 'Failed' }, { app: 'a', 'workflows.argoproj.io/completed': 'true' });
    assert.deepEqual(resubmitWorkflow(live), {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Workflow',
      metadata: {
        generateName: 'w-',
        namespace: 'ns',
        labels: { app: 'a', 'workflows.argoproj.io/resubmitted-from-workflow': 'w' },
      },
      spec: live.spec,
    });
  });

  it('submit-from a WorkflowTemplate references it; from a CronWorkflow copies workflowSpec', () => {
    const tmpl: KubeObject = {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'WorkflowTemplate',
      metadata: { name: 't' },
    };
    assert.deepEqual(workflowFrom(tmpl, 'ns', { l: 'v' }).spec, { workflowTemplateRef: { name: 't' } });
    assert.equal(workflowFrom(tmpl, 'ns', {}).metadata.generateName, 't-');
    const cron: KubeObject = {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'CronWorkflow',
      metadata: { name: 'c' },
      spec: {
        schedule: '* * * * *',
        workflowSpec: { entrypoint: 'x' },
        workflowMetadata: { labels: { m: 'n' } },
      },
    };
    const w = workflowFrom(cron, 'ns', { l: 'v' });
    assert.deepEqual(w.spec, { entrypoint: 'x' });
    assert.deepEqual(w.metadata.labels, { m: 'n', l: 'v', 'workflows.argoproj.io/cron-workflow': 'c' });
  });
});
