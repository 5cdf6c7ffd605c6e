/**
 * The controller's writes, through @kubernetes/client-node: reading the live objects a plan is made
 * against, carrying out a plan (create, replace, delete), and writing a custom resource's status
 * through its /status subresource.
 * @module
 */
import {
  ApiException,
  CustomObjectsApi,
  KubernetesObjectApi,
  type KubeConfig,
  type KubernetesObject,
} from '@kubernetes/client-node';
import { CONTROLLER_FIELD_MANAGER, CONTROLLER_OWNER_UID_LABEL } from '../../api/index.js';
import { objectKey, updateBody, type Action, type KubeObj } from './plan.js';
import type { StatusBody } from './status.js';

/** The kinds render can produce: listed by owner label to find what is no longer desired. */
export const MANAGED_KINDS: ReadonlyArray<{ apiVersion: string; kind: string }> = [
  { apiVersion: 'v1', kind: 'Secret' },
  { apiVersion: 'v1', kind: 'ConfigMap' },
  { apiVersion: 'v1', kind: 'Service' },
  { apiVersion: 'v1', kind: 'ServiceAccount' },
  { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget' },
  { apiVersion: 'apps/v1', kind: 'StatefulSet' },
  { apiVersion: 'apps/v1', kind: 'Deployment' },
];

/** A failed API call, with the Kubernetes Status message (never the request, which has the token). */
export class ApplyError extends Error {
  override name = 'ApplyError';
  constructor(
    readonly code: number | undefined,
    message: string,
  ) {
    super(message);
  }
}

export function statusCode(err: unknown): number | undefined {
  if (err instanceof ApplyError) return err.code;
  if (err instanceof ApiException) return err.code;
  return undefined;
}

/** The `message` of a Kubernetes Status body, else a short description. */
function apiMessage(err: unknown): string {
  if (err instanceof ApiException) {
    const body: unknown = typeof err.body === 'string' ? safeJson(err.body) : err.body;
    const msg = (body as { message?: unknown } | undefined)?.message;
    return typeof msg === 'string' ? msg : `HTTP ${err.code}`;
  }
  return err instanceof Error ? err.message : String(err);
}

function safeJson(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return undefined;
  }
}

const describe = (o: KubeObj) => `${o.kind} ${o.metadata.namespace ?? ''}/${o.metadata.name ?? ''}`;

async function call<T>(what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw new ApplyError(statusCode(err), `${what}: ${apiMessage(err)}`);
  }
}

/** The API calls of one controller. */
export class ControllerClient {
  private readonly objects: KubernetesObjectApi;
  private readonly custom: CustomObjectsApi;

  constructor(kc: KubeConfig) {
    this.objects = KubernetesObjectApi.makeApiClient(kc);
    this.custom = kc.makeApiClient(CustomObjectsApi);
  }

  /** Everything labelled with the owner's uid, plus the desired objects that exist without the label. */
  async liveObjects(namespace: string, ownerUid: string, desired: KubeObj[]): Promise<KubeObj[]> {
    const found = new Map<string, KubeObj>();
    const kinds = new Map(MANAGED_KINDS.map((k) => [`${k.apiVersion}/${k.kind}`, k]));
    for (const o of desired)
      kinds.set(`${o.apiVersion}/${o.kind}`, { apiVersion: o.apiVersion, kind: o.kind });
    for (const { apiVersion, kind } of kinds.values()) {
      const list = await call(`listing ${kind} in ${namespace}`, () =>
        this.objects.list(
          apiVersion,
          kind,
          namespace,
          undefined,
          undefined,
          undefined,
          undefined,
          `${CONTROLLER_OWNER_UID_LABEL}=${ownerUid}`,
        ),
      );
      for (const item of list.items) {
        const obj = { apiVersion, kind, ...item } as KubeObj;
        found.set(objectKey(obj), obj);
      }
    }
    for (const o of desired) {
      if (found.has(objectKey(o))) continue;
      const live = await this.read(o);
      if (live) found.set(objectKey(live), live);
    }
    return [...found.values()];
  }

  async read(o: KubeObj): Promise<KubeObj | undefined> {
    try {
      const ref = {
        apiVersion: o.apiVersion,
        kind: o.kind,
        metadata: { name: o.metadata.name ?? '', namespace: o.metadata.namespace },
      };
      const live = (await this.objects.read(ref)) as KubeObj;
      return { ...live, apiVersion: o.apiVersion, kind: o.kind };
    } catch (err) {
      if (statusCode(err) === 404) return undefined;
      throw new ApplyError(statusCode(err), `reading ${describe(o)}: ${apiMessage(err)}`);
    }
  }

  /** Carry out a plan in order; the first failure stops it (the next reconcile starts over). */
  async apply(actions: Action[]): Promise<void> {
    for (const a of actions) await this.applyOne(a);
  }

  private async applyOne(a: Action): Promise<void> {
    const fm = CONTROLLER_FIELD_MANAGER;
    if (a.op === 'create') {
      await call(`creating ${describe(a.object)}`, () =>
        this.objects.create(a.object as KubernetesObject, undefined, undefined, fm),
      );
    } else if (a.op === 'update') {
      // a replace of the Deployment/StatefulSet pod template makes the server roll the pods
      const body = updateBody(a.object, a.live);
      await call(`updating ${describe(a.object)}`, () =>
        this.objects.replace(body as KubernetesObject, undefined, undefined, fm),
      );
    } else {
      try {
        await this.objects.delete(
          a.live as KubernetesObject,
          undefined,
          undefined,
          undefined,
          undefined,
          'Background',
        );
      } catch (err) {
        if (statusCode(err) !== 404)
          throw new ApplyError(statusCode(err), `deleting ${describe(a.live)}: ${apiMessage(err)}`);
      }
    }
  }

  /** Replace the status (PUT on /status with the resourceVersion read: a concurrent change → 409, retried). */
  async writeStatus(cr: KubeObj, plural: string, status: StatusBody): Promise<void> {
    const [group, version] = cr.apiVersion.split('/');
    const body = { ...cr, status };
    await call(`writing the status of ${describe(cr)}`, () =>
      this.custom.replaceNamespacedCustomObjectStatus({
        group,
        version,
        namespace: cr.metadata.namespace ?? 'default',
        plural,
        name: cr.metadata.name ?? '',
        body,
        fieldManager: CONTROLLER_FIELD_MANAGER,
      }),
    );
  }

  /** Replace a custom resource (its metadata: the finalizers), with the resourceVersion read: 409 if it changed. */
  async replaceCustom(cr: KubeObj, plural: string): Promise<KubeObj> {
    const [group, version] = cr.apiVersion.split('/');
    return (await call(`updating ${describe(cr)}`, () =>
      this.custom.replaceNamespacedCustomObject({
        group,
        version,
        namespace: cr.metadata.namespace ?? 'default',
        plural,
        name: cr.metadata.name ?? '',
        body: cr,
        fieldManager: CONTROLLER_FIELD_MANAGER,
      }),
    )) as KubeObj;
  }

  /** One custom resource as the server has it now, `undefined` when gone. */
  async readCustom(
    apiVersion: string,
    plural: string,
    namespace: string,
    name: string,
  ): Promise<KubeObj | undefined> {
    const [group, version] = apiVersion.split('/');
    try {
      return (await this.custom.getNamespacedCustomObject({
        group,
        version,
        namespace,
        plural,
        name,
      })) as KubeObj;
    } catch (err) {
      if (statusCode(err) === 404) return undefined;
      throw new ApplyError(statusCode(err), `reading ${plural} ${namespace}/${name}: ${apiMessage(err)}`);
    }
  }

  /** All custom resources of a plural, in one namespace or all, with the list's resourceVersion. */
  async listCustom(
    apiVersion: string,
    plural: string,
    namespace?: string,
  ): Promise<{ items: KubeObj[]; resourceVersion?: string }> {
    const [group, version] = apiVersion.split('/');
    const list = (await call(`listing ${plural}`, () =>
      namespace
        ? this.custom.listNamespacedCustomObject({ group, version, namespace, plural })
        : this.custom.listClusterCustomObject({ group, version, plural }),
    )) as { items?: KubeObj[]; metadata?: { resourceVersion?: string } };
    return { items: list.items ?? [], resourceVersion: list.metadata?.resourceVersion };
  }
}
