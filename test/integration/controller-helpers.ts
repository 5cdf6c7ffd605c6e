/**
 * Shared by the controller tests: clients of the local Kubernetes API server (test/harness/kube-api),
 * custom resources to create, and the queries the tests wait on.
 */
import {
  AppsV1Api,
  CoreV1Api,
  CustomObjectsApi,
  KubernetesObjectApi,
  PatchStrategy,
  setHeaderOptions,
  type KubeConfig,
  type KubernetesObject,
} from '@kubernetes/client-node';
import { pino } from 'pino';
import { CONTROLLER_OWNER_UID_LABEL } from '../../src/api/index.js';
import { customResourceDefinitions } from '../../src/deploy/index.js';
import type { startKubeApiServer } from '../harness/kube-api/index.js';

export const API = 'argoproj.io/v1alpha1';
export const [GROUP, VERSION] = API.split('/');
export const T = 20_000;
export const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });

export type Obj = KubernetesObject & Record<string, any>;
export type Server = Awaited<ReturnType<typeof startKubeApiServer>>;

export interface Clients {
  custom: CustomObjectsApi;
  apps: AppsV1Api;
  core: CoreV1Api;
  objects: KubernetesObjectApi;
}

export function clients(kc: KubeConfig): Clients {
  return {
    custom: kc.makeApiClient(CustomObjectsApi),
    apps: kc.makeApiClient(AppsV1Api),
    core: kc.makeApiClient(CoreV1Api),
    objects: KubernetesObjectApi.makeApiClient(kc),
  };
}

export const sensor = (name: string, namespace: string, extra: Record<string, unknown> = {}): Obj => ({
  apiVersion: API,
  kind: 'Sensor',
  metadata: { name, namespace },
  spec: {
    dependencies: [{ name: 'in', eventSourceName: 'webhook', eventName: 'example' }],
    triggers: [{ template: { name: 'log', log: {} } }],
    ...extra,
  },
});

export const webhookSource = (name: string, namespace: string, port: number): Obj => ({
  apiVersion: API,
  kind: 'EventSource',
  metadata: { name, namespace },
  spec: {
    service: { ports: [{ port, targetPort: 12000 }] },
    webhook: { example: { port: '12000', endpoint: '/example', method: 'POST' } },
  },
});

export async function createCr(c: Clients, plural: string, obj: Obj): Promise<Obj> {
  return (await c.custom.createNamespacedCustomObject({
    group: GROUP,
    version: VERSION,
    namespace: obj.metadata!.namespace!,
    plural,
    body: obj,
  })) as Obj;
}

export async function getCr(c: Clients, plural: string, namespace: string, name: string): Promise<Obj> {
  return (await c.custom.getNamespacedCustomObject({
    group: GROUP,
    version: VERSION,
    namespace,
    plural,
    name,
  })) as Obj;
}

export async function patchSpec(
  c: Clients,
  plural: string,
  obj: Obj,
  spec: Record<string, unknown>,
): Promise<void> {
  await c.custom.patchNamespacedCustomObject(
    {
      group: GROUP,
      version: VERSION,
      namespace: obj.metadata!.namespace!,
      plural,
      name: obj.metadata!.name!,
      body: { spec },
    },
    setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
  );
}

/** The objects of a kind owned (label + owner reference) by the custom resource with this uid. */
export async function owned(
  c: Clients,
  apiVersion: string,
  kind: string,
  namespace: string,
  uid: string,
): Promise<Obj[]> {
  const list = await c.objects.list(
    apiVersion,
    kind,
    namespace,
    undefined,
    undefined,
    undefined,
    undefined,
    `${CONTROLLER_OWNER_UID_LABEL}=${uid}`,
  );
  return list.items as Obj[];
}

export const condition = (cr: Obj, type: string) =>
  (
    cr.status?.conditions as { type: string; status: string; reason?: string; message?: string }[] | undefined
  )?.find((x) => x.type === type);

export async function installCrds(c: Clients): Promise<void> {
  // what `jetflow render --crds` prints (upstream's schemas, /status subresource)
  for (const crd of customResourceDefinitions()) await c.objects.create(crd as KubernetesObject);
}

export async function deleteCr(c: Clients, plural: string, namespace: string, name: string): Promise<void> {
  await c.custom.deleteNamespacedCustomObject({ group: GROUP, version: VERSION, namespace, plural, name });
}

/** The custom resource, or `undefined` once the server has deleted it. */
export async function findCr(
  c: Clients,
  plural: string,
  namespace: string,
  name: string,
): Promise<Obj | undefined> {
  try {
    return await getCr(c, plural, namespace, name);
  } catch (err) {
    if ((err as { code?: number }).code === 404) return undefined;
    throw err;
  }
}
