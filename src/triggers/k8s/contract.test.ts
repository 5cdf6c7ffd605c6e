/**
 * The trigger contract (../contract.ts) for `k8s` and `argoWorkflow`, against the local fake Kubernetes
 * API server (./testing.ts). The cluster is not part of the template, so each peer points the driver's
 * client at itself; the API token is the secret that must never show up in logs or errors.
 */
import assert from 'node:assert/strict';
import type { KubeConfig } from '@kubernetes/client-node';
import type { StandardK8STrigger } from '../../api/index.js';
import { freePort } from '../../../test/harness/index.js';
import { describeTriggerContract, type ContractPeer } from '../contract.js';
import type { TriggerEvent } from '../types.js';
import { KubeClient } from '../../kube/index.js';
import { createK8sDriver } from './driver.js';
import { startFakeKube, type FakeKube } from './testing.js';

const TIMEOUT_MS = 1000;
let target: KubeConfig | undefined;
const secrets = { kube: { token: 'filled-in-by-each-peer' } };
const client = () => new KubeClient(target!);
const nameOf = (events: Record<string, TriggerEvent>) => Object.values(events)[0]!.context.id;

async function usePeer(over?: (k: FakeKube) => void): Promise<FakeKube> {
  const kube = await startFakeKube();
  secrets.kube.token = kube.token;
  target = kube.kubeConfig();
  over?.(kube);
  return kube;
}

/** Point the client at a closed port (nothing listens). */
async function refusedTarget(): Promise<void> {
  const kube = await usePeer();
  const kc = kube.kubeConfig();
  kc.clusters[0] = { ...kc.clusters[0]!, server: `http://127.0.0.1:${await freePort()}` };
  target = kc;
  await kube.stop();
}

const cmTemplate: StandardK8STrigger = {
  source: { resource: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'placeholder' } } },
  parameters: [{ src: { dependencyName: 'test-dep', contextKey: 'id' }, dest: 'metadata.name' }],
};

function peerOf<T>(kube: FakeKube, template: T): ContractPeer<T> {
  return { template, stop: () => kube.stop() };
}

describeTriggerContract<StandardK8STrigger>({
  type: 'k8s',
  driver: () => createK8sDriver({ client, timeoutMs: TIMEOUT_MS }),
  secrets,
  timeoutMs: 3 * TIMEOUT_MS + 1000,
  async accepting() {
    const kube = await usePeer();
    return {
      ...peerOf(kube, cmTemplate),
      expectDelivered: async (events) => {
        const cm = kube.get('configmaps', 'argo-events', nameOf(events));
        assert.ok(cm, `ConfigMap ${nameOf(events)} created: ${kube.requests.join(', ')}`);
        assert.equal(cm.metadata.labels['events.argoproj.io/trigger'], 'contract-k8s');
      },
    };
  },
  async refused() {
    await refusedTarget();
    return cmTemplate;
  },
  async hanging() {
    return peerOf(await usePeer((k) => (k.hang = true)), cmTemplate);
  },
  failures: [
    { code: 500, reason: 'InternalError', retryable: true },
    { code: 429, reason: 'TooManyRequests', retryable: true },
    { code: 409, reason: 'Conflict', retryable: true },
    { code: 409, reason: 'AlreadyExists', retryable: false },
    { code: 403, reason: 'Forbidden', retryable: false },
    { code: 422, reason: 'Invalid', retryable: false },
  ].map(({ code, reason, retryable }) => ({
    name: `API answer ${code} ${reason}`,
    retryable,
    message: new RegExp(`${code}, ${reason}`),
    start: async () => {
      // discovery works (the kind is known), the write is answered with the failure
      const kube = await usePeer((k) => (k.failWith = { code, reason }));
      return peerOf(kube, cmTemplate);
    },
  })),
});
