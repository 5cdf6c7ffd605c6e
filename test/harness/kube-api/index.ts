/**
 * A local server that speaks the real Kubernetes REST API, for tests: no real Kubernetes API server
 * can be installed on this machine, so jetflow's Kubernetes code (and `kubectl`) is tested against
 * this one. It is written from the API conventions, for what jetflow uses; it is not a cluster.
 *
 * Served over HTTPS on 127.0.0.1 (a CA generated per server, in the kubeconfig; client-go sends no
 * token over plain http), JSON only (no protobuf, no aggregated discovery):
 * - `/version`, `/healthz` (no auth); everything else needs `Authorization: Bearer <token>` (401 Status).
 * - discovery `/api`, `/api/v1`, `/apis`, `/apis/<g>`, `/apis/<g>/<v>`; `/openapi/v3` documents
 *   enough for kubectl's field-validation check (see openapi.ts); `/openapi/v2` is 404.
 * - built-in kinds (resources.ts): core v1 Namespace ConfigMap Secret Service Pod ServiceAccount
 *   PersistentVolumeClaim Event; apps/v1 Deployment StatefulSet ReplicaSet; policy/v1
 *   PodDisruptionBudget; rbac.authorization.k8s.io/v1 Role RoleBinding ClusterRole ClusterRoleBinding;
 *   coordination.k8s.io/v1 Lease; apiextensions.k8s.io/v1 CustomResourceDefinition. Creating a CRD
 *   serves its kinds at once (every served version, same objects, no conversion) and sets its
 *   Established/NamesAccepted conditions; deleting it deletes its objects.
 * - get; list (labelSelector, fieldSelector on any dotted path, all namespaces when none given);
 *   create (generateName; name rules of the real server → 422; 409 AlreadyExists); replace (PUT; a
 *   `metadata.resourceVersion` must match → 409 Conflict); delete (Status Success; finalizers delay
 *   it; `propagationPolicy: Orphan` skips garbage collection); deletecollection; `dryRun=All`.
 * - `/status` subresource for kinds that have one (and CRD versions with `subresources.status`):
 *   status is written only there and dropped on create; writes of anything but metadata/status bump
 *   `metadata.generation` (for every kind, also ConfigMaps, which the real server does not do).
 * - PATCH: application/merge-patch+json, application/json-patch+json, application/strategic-merge-patch+json
 *   (APPROXIMATED: merge patch plus kubectl's `$setElementOrder`/`$patch`/`$retainKeys` directives,
 *   see patch.ts), application/apply-patch+yaml (server-side apply APPROXIMATED: create or merge
 *   patch, `fieldManager` required, `force` accepted, no managedFields/conflicts); else 415.
 * - watch (`?watch=true`): from `resourceVersion` (one global counter), replaying a bounded history
 *   (`historySize`); too old → an ERROR event with a 410 Expired Status, as the real server;
 *   no/`0` resourceVersion → synthetic ADDED events first; `allowWatchBookmarks` → BOOKMARK events every
 *   `bookmarkIntervalMs` and at `timeoutSeconds`; `sendInitialEvents=true` supported; selector
 *   transitions are ADDED/DELETED.
 * - uid, creationTimestamp, generation, resourceVersion set by the server; ownerReferences garbage
 *   collection in the background (a dependent goes when all its owners are gone); deleting a
 *   Namespace deletes its objects. Namespaces are NOT required to exist (lenient), `default` and
 *   `kube-system` exist from the start.
 * - `meta.k8s.io/v1` Table answers when asked (`kubectl get` prints NAME and AGE).
 * Not served: other controllers (no Pods for Deployments, no status), admission, schema validation
 * of CRs, field validation (`fieldValidation` is accepted and ignored), RBAC (any valid token may do
 * anything), list paging (`limit` ignored: one page).
 *
 * Exported API (stable; other branches use it):
 * - `startKubeApiServer(opts?: KubeApiOptions): Promise<KubeApiServer>`
 * - `KubeApiServer`: `url`, `token`, `caPem`, `kubeconfigPath` (0600 file in a temp dir, bearer token, current
 *   context namespace `default`), `kubeConfig()` (a @kubernetes/client-node KubeConfig for it),
 *   `get/list/put/remove/setStatus` (direct store access; `type` is a plural, kind, `plural.group`
 *   or `kind.group`, e.g. 'deployments', 'Deployment', 'eventbus.argoproj.io'; writes fire watch
 *   events like API writes), `resourceVersion()`, `dropWatches({abrupt?})`, `watchCount()`,
 *   `bookmarkNow()`, `compactHistory()` (any older watch start then gets 410), `requests`
 *   (`METHOD path content-type` of each request), `failWith` (answer every non-discovery request with
 *   this Status), `hang` (accept requests and never answer), `stop()`.
 * - `crdFor({group, kind, plural?, versions?, namespaced?, status?})`: a minimal CRD object.
 * @module
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { generateBusCertificates } from '../../../src/bus/local/certs.js';
import { handle, type ServerState } from './server.js';
import { Store, grOf } from './store.js';
import { StatusError, type Obj } from './status.js';
import type { ResourceType } from './resources.js';

export type { Obj } from './status.js';
export type { ResourceType } from './resources.js';

export interface KubeApiOptions {
  /** Bearer token clients must send (random when omitted). */
  token?: string;
  /** Change events kept for watches from an older resourceVersion (default 10000). */
  historySize?: number;
  /** BOOKMARK interval for watches that allow them (default 1000 ms; 0: only at timeout/bookmarkNow). */
  bookmarkIntervalMs?: number;
  /** Objects stored at start (CRDs among them are served). */
  objects?: Obj[];
  /** Namespace of the kubeconfig's context (default `default`). */
  namespace?: string;
}

export interface KubeApiServer {
  /** `https://127.0.0.1:PORT` */
  url: string;
  token: string;
  /** PEM of the CA that signed the server certificate (also in the kubeconfig). */
  caPem: string;
  kubeconfigPath: string;
  kubeConfig(): KubeConfig;
  /** The stored object (a copy), `undefined` when absent. Cluster-scoped kinds: namespace ignored. */
  get(type: string, namespace: string | undefined, name: string): Obj | undefined;
  /** Stored objects of a kind (copies), all namespaces unless one is given. */
  list(type: string, namespace?: string): Obj[];
  /** Create or replace an object as a client would (no resourceVersion check), status included. */
  put(obj: Obj): Obj;
  put(type: string, obj: Obj): Obj;
  /** Delete (true when it existed); garbage collection follows as for an API delete. */
  remove(type: string, namespace: string | undefined, name: string): boolean;
  /** Write `.status` (as a controller would through /status). */
  setStatus(type: string, namespace: string | undefined, name: string, status: unknown): Obj;
  /** The current global resourceVersion. */
  resourceVersion(): string;
  /** Close every open watch connection (`abrupt`: reset the socket instead of ending the response). */
  dropWatches(opts?: { abrupt?: boolean }): number;
  /** Open watch connections. */
  watchCount(): number;
  /** Send a BOOKMARK now on every watch that allows them. */
  bookmarkNow(): void;
  /** Forget the event history: watches from an older resourceVersion get 410 Gone. */
  compactHistory(): void;
  requests: string[];
  failWith?: { code: number; reason: string };
  hang: boolean;
  stop(): Promise<void>;
}

export async function startKubeApiServer(opts: KubeApiOptions = {}): Promise<KubeApiServer> {
  const token = opts.token ?? `tok-${randomBytes(12).toString('hex')}`;
  const store = new Store(opts.historySize ?? 10_000);
  for (const name of ['default', 'kube-system'])
    store.create(findType(store, 'namespaces'), undefined, { metadata: { name } });
  for (const o of opts.objects ?? []) putObject(store, undefined, o);
  let url = '';
  const state: ServerState = {
    store,
    token,
    url: () => url,
    requests: [],
    hang: false,
    bookmarkIntervalMs: opts.bookmarkIntervalMs ?? 1000,
    open: new Set(),
  };
  // HTTPS with a fresh CA, as a real API server: kubectl (client-go) never sends a bearer token over
  // plain http.
  const { client: tls } = await generateBusCertificates('kube-api');
  const caData = Buffer.from(tls.caPem).toString('base64');
  const server = https.createServer({ cert: tls.leaf.certPem, key: tls.leaf.keyPem }, (req, res) =>
    handle(state, req, res),
  );
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const namespace = opts.namespace ?? 'default';
  const dir = await mkdtemp(path.join(os.tmpdir(), 'jetflow-kube-api-'));
  const kubeconfigPath = path.join(dir, 'kubeconfig');
  await writeFile(kubeconfigPath, kubeconfigYaml(url, caData, token, namespace), { mode: 0o600 });

  const api = {
    url,
    token,
    caPem: tls.caPem,
    kubeconfigPath,
    requests: state.requests,
    kubeConfig() {
      const kc = new KubeConfig();
      kc.loadFromOptions({
        clusters: [{ name: 'fake', server: url, caData, skipTLSVerify: false }],
        users: [{ name: 'fake', token }],
        contexts: [{ name: 'fake', cluster: 'fake', user: 'fake', namespace }],
        currentContext: 'fake',
      });
      return kc;
    },
    get(type: string, ns: string | undefined, name: string) {
      const o = store.find(findType(store, type), ns, name);
      return o && structuredClone(o);
    },
    list(type: string, ns?: string) {
      return structuredClone(store.list(findType(store, type), ns));
    },
    put(a: string | Obj, b?: Obj) {
      return structuredClone(
        typeof a === 'string' ? putObject(store, a, b!) : putObject(store, undefined, a),
      );
    },
    remove(type: string, ns: string | undefined, name: string) {
      try {
        store.delete(findType(store, type), ns, name);
        return true;
      } catch (err) {
        if (err instanceof StatusError && err.code === 404) return false;
        throw err;
      }
    },
    setStatus(type: string, ns: string | undefined, name: string, status: unknown) {
      return structuredClone(store.replace(findType(store, type), ns, name, { status }, 'status'));
    },
    resourceVersion: () => String(store.resourceVersion),
    dropWatches(o: { abrupt?: boolean } = {}) {
      const open = [...state.open];
      for (const w of open) w.end(o.abrupt ?? false);
      return open.length;
    },
    watchCount: () => state.open.size,
    bookmarkNow() {
      for (const w of state.open) w.bookmark();
    },
    compactHistory: () => store.compact(),
    async stop() {
      for (const w of [...state.open]) w.end(true);
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      await rm(dir, { recursive: true, force: true });
    },
  };
  // failWith/hang live on the shared state, read by every request.
  Object.defineProperty(api, 'failWith', {
    get: () => state.failWith,
    set: (v) => (state.failWith = v),
    enumerable: true,
  });
  Object.defineProperty(api, 'hang', {
    get: () => state.hang,
    set: (v: boolean) => (state.hang = v),
    enumerable: true,
  });
  return api as unknown as KubeApiServer;
}

/** A type by plural, kind, shortName, optionally `.group`-qualified (case-insensitive). */
function findType(store: Store, name: string): ResourceType {
  const [head, ...g] = name.split('.');
  const group = g.length ? g.join('.') : undefined;
  const h = head!.toLowerCase();
  const hits = store
    .types()
    .filter(
      (t) =>
        (group === undefined || t.group === group) &&
        [t.plural, t.kind.toLowerCase(), t.singular, ...(t.shortNames ?? [])].includes(h),
    );
  const kinds = new Set(hits.map(grOf));
  if (kinds.size === 0) throw new Error(`kube-api: no served kind "${name}"`);
  if (kinds.size > 1)
    throw new Error(`kube-api: "${name}" is ambiguous (${[...kinds].join(', ')}): add the group`);
  return hits[0]!;
}

function typeOfObject(store: Store, o: Obj): ResourceType {
  const [group, version] = String(o.apiVersion ?? '').includes('/')
    ? String(o.apiVersion).split('/')
    : ['', o.apiVersion];
  const t = store.types().find((x) => x.group === group && x.version === version && x.kind === o.kind);
  if (!t) throw new Error(`kube-api: no served kind ${o.apiVersion}/${o.kind}`);
  return t;
}

function putObject(store: Store, type: string | undefined, o: Obj): Obj {
  const t = type ? findType(store, type) : typeOfObject(store, o);
  const ns = t.namespaced ? (o.metadata?.namespace ?? 'default') : undefined;
  const body: Obj = { ...o, apiVersion: `${t.group ? `${t.group}/` : ''}${t.version}`, kind: t.kind };
  const cur = store.find(t, ns, o.metadata?.name);
  if (!cur) return store.create(t, ns, body, { keepStatus: true });
  const { resourceVersion: _rv, ...meta } = body.metadata;
  store.replace(t, ns, o.metadata.name, { ...body, metadata: meta });
  return body.status === undefined
    ? store.get(t, ns, o.metadata.name)
    : store.replace(t, ns, o.metadata.name, body, 'status');
}

function kubeconfigYaml(url: string, caData: string, token: string, namespace: string): string {
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'fake', cluster: { server: url, 'certificate-authority-data': caData } }],
    users: [{ name: 'fake', user: { token } }],
    contexts: [{ name: 'fake', context: { cluster: 'fake', user: 'fake', namespace } }],
    'current-context': 'fake',
  });
}

/** A minimal CRD object (no schema: `x-kubernetes-preserve-unknown-fields`). */
export function crdFor(d: {
  group: string;
  kind: string;
  plural?: string;
  versions?: string[];
  namespaced?: boolean;
  status?: boolean;
  shortNames?: string[];
}): Obj {
  const plural = d.plural ?? `${d.kind.toLowerCase()}s`;
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${plural}.${d.group}` },
    spec: {
      group: d.group,
      scope: d.namespaced === false ? 'Cluster' : 'Namespaced',
      names: {
        kind: d.kind,
        listKind: `${d.kind}List`,
        plural,
        singular: d.kind.toLowerCase(),
        ...(d.shortNames && { shortNames: d.shortNames }),
      },
      versions: (d.versions ?? ['v1alpha1']).map((name, i) => ({
        name,
        served: true,
        storage: i === 0,
        schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
        ...(d.status !== false && { subresources: { status: {} } }),
      })),
    },
  };
}
