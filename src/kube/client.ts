/**
 * Generic object calls on any group/version/kind (used by the `k8s`/`argoWorkflow` triggers, the
 * `resource` source and the controller), through
 * @kubernetes/client-node's `KubernetesObjectApi` (discovery tells the resource name and whether the
 * kind is namespaced). Answers are plain JSON objects; "not found" is `undefined` where the callers
 * treat it as a normal outcome.
 * @module
 */
import {
  ApiException,
  KubeConfig,
  KubernetesObjectApi,
  PatchStrategy,
  type KubernetesObject,
  type V1APIResource,
} from '@kubernetes/client-node';
import { KUBE_FIELD_MANAGER } from '../api/index.js';
import { loadKubeConfig } from './config.js';
import { describeGvk, groupVersionKind, type JsonPatchOp, type KubeObject } from './object.js';

/** The kind is not served by the API server (discovery has no such group/version or kind). */
export class UnknownKindError extends Error {
  constructor(readonly obj: Pick<KubeObject, 'apiVersion' | 'kind'>) {
    super(`unknown resource kind: ${describeGvk(groupVersionKind(obj))} is not served by the API server`);
    this.name = 'UnknownKindError';
  }
}

/** A Kubernetes API answer that is not 2xx, with the Status message (never request headers). */
export class KubeApiError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly reason?: string,
  ) {
    super(message);
    this.name = 'KubeApiError';
  }
}

/** `KubernetesObjectApi` plus the one call it lacks: a JSON patch (its `patch` sends the object). */
class ObjectApi extends KubernetesObjectApi {
  static fromConfig(kc: KubeConfig): ObjectApi {
    const api = kc.makeApiClient(ObjectApi);
    api.setDefaultNamespace(kc);
    return api;
  }

  /** Discovery of one kind (the base class keeps it protected). */
  discover(apiVersion: string, kind: string): Promise<V1APIResource | undefined> {
    return this.resource(apiVersion, kind);
  }

  async jsonPatch(target: KubeObject, ops: JsonPatchOp[]): Promise<KubernetesObject> {
    const path = await this.specUriPath(structuredClone(target), 'patch');
    const req = this.configuration.baseServer.makeRequestContext(path, 'PATCH' as never);
    req.setHeaderParam('Accept', 'application/json');
    req.setHeaderParam('Content-Type', PatchStrategy.JsonPatch);
    req.setBody(JSON.stringify(ops));
    return this.requestPromise(req);
  }
}

export type MergeStrategy =
  'application/merge-patch+json' | 'application/strategic-merge-patch+json' | 'application/apply-patch+yaml';

/** One connection to one cluster, shared by the executions of one trigger. */
export class KubeClient {
  private readonly api: ObjectApi;

  constructor(kc: KubeConfig) {
    this.api = ObjectApi.fromConfig(kc);
  }

  /** In-cluster config, else KUBECONFIG / ~/.kube/config (see {@link loadKubeConfig}). */
  static fromDefault(): KubeClient {
    return new KubeClient(loadKubeConfig());
  }

  /** Answers with the object's resource: discovery results are cached by the client. */
  get objectApi(): KubernetesObjectApi {
    return this.api;
  }

  /**
   * Discovery of the object's kind.
   * @throws {UnknownKindError} when the group/version or the kind is not served
   * @throws {KubeApiError} for other answers
   */
  async resource(obj: Pick<KubeObject, 'apiVersion' | 'kind'>): Promise<V1APIResource> {
    let r: V1APIResource | undefined;
    try {
      r = await this.api.discover(obj.apiVersion, obj.kind);
    } catch (err) {
      if (err instanceof ApiException && err.code === 404) throw new UnknownKindError(obj);
      throw asKubeError(err);
    }
    if (!r) throw new UnknownKindError(obj);
    return r;
  }

  /** The object, or `undefined` when it does not exist. */
  async get(obj: KubeObject): Promise<KubeObject | undefined> {
    try {
      return plain(await this.api.read(header(obj)));
    } catch (err) {
      const e = asKubeError(err);
      if (e instanceof KubeApiError && e.code === 404) return undefined;
      throw e;
    }
  }

  create(obj: KubeObject): Promise<KubeObject> {
    return this.call(() => this.api.create(structuredClone(obj)));
  }

  replace(obj: KubeObject): Promise<KubeObject> {
    return this.call(() => this.api.replace(structuredClone(obj)));
  }

  patch(obj: KubeObject, strategy: MergeStrategy): Promise<KubeObject> {
    const manager = strategy === PatchStrategy.ServerSideApply ? KUBE_FIELD_MANAGER : undefined;
    return this.call(() =>
      this.api.patch(structuredClone(obj), undefined, undefined, manager, undefined, strategy),
    );
  }

  jsonPatch(target: KubeObject, ops: JsonPatchOp[]): Promise<KubeObject> {
    return this.call(() => this.api.jsonPatch(target, ops));
  }

  /** Delete; `false` when it was already gone. */
  async delete(obj: KubeObject): Promise<boolean> {
    try {
      await this.api.delete(header(obj));
      return true;
    } catch (err) {
      const e = asKubeError(err);
      if (e instanceof KubeApiError && e.code === 404) return false;
      throw e;
    }
  }

  private async call(f: () => Promise<KubernetesObject>): Promise<KubeObject> {
    try {
      return plain(await f());
    } catch (err) {
      throw asKubeError(err);
    }
  }
}

function header(obj: KubeObject): KubeObject & { metadata: { name: string } } {
  const { name = '', namespace } = obj.metadata;
  return { apiVersion: obj.apiVersion, kind: obj.kind, metadata: { name, ...(namespace && { namespace }) } };
}

/** The client answers with model instances (Dates for timestamps): back to JSON. */
function plain(o: KubernetesObject): KubeObject {
  return JSON.parse(JSON.stringify(o)) as KubeObject;
}

/**
 * An `ApiException` as a {@link KubeApiError} carrying the Status `message`/`reason` only: the
 * exception's own text includes the response headers and body, which is more than an error should
 * carry. Other errors (network) pass unchanged.
 */
export function asKubeError(err: unknown): unknown {
  if (!(err instanceof ApiException)) return err;
  const body = parseBody((err as ApiException<unknown>).body);
  const msg = typeof body?.message === 'string' && body.message !== '' ? body.message : `HTTP ${err.code}`;
  const reason = typeof body?.reason === 'string' ? body.reason : undefined;
  return new KubeApiError(err.code, `${msg} (HTTP ${err.code}${reason ? `, ${reason}` : ''})`, reason);
}

function parseBody(body: unknown): Record<string, unknown> | undefined {
  if (typeof body === 'string') {
    try {
      return parseBody(JSON.parse(body));
    } catch {
      return undefined;
    }
  }
  return typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : undefined;
}

/**
 * Whether a later attempt may succeed: conflicts (409 Conflict: someone else wrote first; not 409
 * AlreadyExists, which a repeated create meets again), throttling (429),
 * server errors (5xx) and anything that is not an API answer (network). Everything else (400, 401, 403,
 * 404, 422: the request itself is wrong or not allowed) fails the same way next time.
 */
export function isRetryableKubeError(err: unknown): boolean {
  if (err instanceof UnknownKindError) return false;
  if (err instanceof KubeApiError)
    return (err.code === 409 && err.reason !== 'AlreadyExists') || err.code === 429 || err.code >= 500;
  return true;
}
