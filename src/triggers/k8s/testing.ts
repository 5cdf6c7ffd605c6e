/**
 * A tiny Kubernetes API server for the k8s/argoWorkflow trigger tests (no real API server can be
 * installed here). It speaks the REST API the triggers use: discovery (`/api/v1`, `/apis/<g>/<v>`),
 * get/create (with `generateName`)/replace (resourceVersion precondition)/delete, and PATCH as
 * merge-patch (RFC 7386; also used for strategic-merge, which it does not distinguish), json-patch
 * (RFC 6902: add/replace/remove/test), with Kubernetes `Status` bodies for 401/404/409/415/422. It
 * requires a bearer token, so tests can check it never leaks. Test support: never imported by the runtime.
 * The shared fake server of test/harness (branch k8s-kube) was not there when these tests were written.
 * @module
 */
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { KubeConfig } from '@kubernetes/client-node';

interface ResourceDef {
  group: string;
  version: string;
  kind: string;
  plural: string;
  namespaced: boolean;
}

const RESOURCES: ResourceDef[] = [
  { group: '', version: 'v1', kind: 'ConfigMap', plural: 'configmaps', namespaced: true },
  { group: '', version: 'v1', kind: 'Namespace', plural: 'namespaces', namespaced: false },
  { group: 'apps', version: 'v1', kind: 'Deployment', plural: 'deployments', namespaced: true },
  { group: 'argoproj.io', version: 'v1alpha1', kind: 'Workflow', plural: 'workflows', namespaced: true },
  {
    group: 'argoproj.io',
    version: 'v1alpha1',
    kind: 'WorkflowTemplate',
    plural: 'workflowtemplates',
    namespaced: true,
  },
  {
    group: 'argoproj.io',
    version: 'v1alpha1',
    kind: 'CronWorkflow',
    plural: 'cronworkflows',
    namespaced: true,
  },
];

type Obj = Record<string, any>;

export interface FakeKube {
  url: string;
  token: string;
  kubeConfig(): KubeConfig;
  /** Stored object (a copy), `undefined` when absent. */
  get(plural: string, namespace: string | undefined, name: string): Obj | undefined;
  /** All stored objects of a kind. */
  list(plural: string): Obj[];
  /** Store an object directly (as a controller would). */
  put(plural: string, obj: Obj): void;
  /** Requests seen: `METHOD path content-type`. */
  requests: string[];
  /** When set, every request but discovery is answered with this Status code and reason. */
  failWith?: { code: number; reason: string };
  /** When set, requests are accepted and never answered. */
  hang?: boolean;
  stop(): Promise<void>;
}

export async function startFakeKube(): Promise<FakeKube> {
  const token = `tok-${randomBytes(8).toString('hex')}`;
  const store = new Map<string, Obj>();
  let rv = 100;
  const requests: string[] = [];
  const key = (plural: string, ns: string | undefined, name: string) => `${plural}/${ns ?? ''}/${name}`;

  const fake = { failWith: undefined as FakeKube['failWith'], hang: false };
  const server = http.createServer((req, res) => {
    if (fake.hang) return;
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => {
      const send = (code: number, obj: unknown) => {
        res.writeHead(code, { 'content-type': 'application/json' });
        res.end(JSON.stringify(obj));
      };
      const status = (code: number, reason: string, message: string) =>
        send(code, { kind: 'Status', apiVersion: 'v1', status: 'Failure', message, reason, code });
      const u = new URL(req.url ?? '/', 'http://x');
      requests.push(`${req.method} ${u.pathname} ${req.headers['content-type'] ?? ''}`.trim());
      if (req.headers.authorization !== `Bearer ${token}`) return status(401, 'Unauthorized', 'Unauthorized');
      const m =
        /^\/(?:api\/(v1)|apis\/([^/]+)\/([^/]+))(?:\/namespaces\/([^/]+))?(?:\/([^/]+))?(?:\/([^/]+))?$/.exec(
          u.pathname,
        );
      if (!m) return status(404, 'NotFound', `the server could not find the requested resource`);
      const group = m[2] ?? '';
      const version = m[1] ?? m[3]!;
      const [ns, plural, name] = [m[4], m[5], m[6]];
      const defs = RESOURCES.filter((r) => r.group === group && r.version === version);
      if (defs.length === 0)
        return status(404, 'NotFound', 'the server could not find the requested resource');
      if (!plural && !ns)
        return send(200, {
          kind: 'APIResourceList',
          apiVersion: 'v1',
          groupVersion: group ? `${group}/${version}` : version,
          resources: defs.map((d) => ({
            name: d.plural,
            singularName: d.kind.toLowerCase(),
            namespaced: d.namespaced,
            kind: d.kind,
            verbs: ['create', 'delete', 'get', 'list', 'patch', 'update'],
          })),
        });
      if (fake.failWith)
        return status(fake.failWith.code, fake.failWith.reason, `injected ${fake.failWith.reason}`);
      const def = defs.find((d) => d.plural === plural);
      if (!def) return status(404, 'NotFound', 'the server could not find the requested resource');
      const k = (n: string) => key(def.plural, def.namespaced ? ns : undefined, n);
      const notFound = (n: string) =>
        status(404, 'NotFound', `${def.plural}${group ? `.${group}` : ''} "${n}" not found`);
      let parsed: any;
      try {
        parsed = body ? JSON.parse(body) : undefined;
      } catch {
        return status(400, 'BadRequest', 'invalid JSON body');
      }
      const stamp = (o: Obj) => {
        o.metadata.resourceVersion = String(++rv);
        return o;
      };
      switch (req.method) {
        case 'GET': {
          if (!name) {
            const items = [...store.entries()]
              .filter(([kk]) => kk.startsWith(`${def.plural}/${ns ?? ''}/`))
              .map(([, v]) => v);
            return send(200, { kind: `${def.kind}List`, apiVersion: 'v1', metadata: {}, items });
          }
          const o = store.get(k(name));
          return o ? send(200, o) : notFound(name);
        }
        case 'POST': {
          const o = parsed as Obj;
          o.metadata ??= {};
          if (!o.metadata.name && o.metadata.generateName)
            o.metadata.name = `${o.metadata.generateName}${randomBytes(3).toString('hex').slice(0, 5)}`;
          if (!o.metadata.name) return status(422, 'Invalid', 'metadata.name: Required value');
          if (store.has(k(o.metadata.name)))
            return status(409, 'AlreadyExists', `${def.plural} "${o.metadata.name}" already exists`);
          if (def.namespaced) o.metadata.namespace = ns;
          o.metadata.uid = randomBytes(8).toString('hex');
          o.metadata.creationTimestamp = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
          store.set(k(o.metadata.name), stamp(o));
          return send(201, o);
        }
        case 'PUT': {
          const cur = store.get(k(name!));
          if (!cur) return notFound(name!);
          const o = parsed as Obj;
          if (o.metadata?.resourceVersion && o.metadata.resourceVersion !== cur.metadata.resourceVersion)
            return status(
              409,
              'Conflict',
              `Operation cannot be fulfilled on ${def.plural} "${name}": the object has been modified`,
            );
          store.set(k(name!), stamp(o));
          return send(200, o);
        }
        case 'PATCH': {
          const cur = store.get(k(name!));
          if (!cur) return notFound(name!);
          const ct = String(req.headers['content-type'] ?? '');
          let next: Obj;
          if (ct === 'application/json-patch+json') {
            if (!Array.isArray(parsed))
              return status(
                400,
                'BadRequest',
                'json: cannot unmarshal object into Go value of type []handlers.jsonPatchOp',
              );
            try {
              next = applyJsonPatch(structuredClone(cur), parsed);
            } catch (err) {
              return status(422, 'Invalid', (err as Error).message);
            }
          } else if (
            ct === 'application/merge-patch+json' ||
            ct === 'application/strategic-merge-patch+json'
          ) {
            const want = parsed?.metadata?.resourceVersion;
            if (want && want !== cur.metadata.resourceVersion)
              return status(
                409,
                'Conflict',
                `Operation cannot be fulfilled on ${def.plural} "${name}": the object has been modified`,
              );
            next = mergePatch(cur, parsed) as Obj;
          } else
            return status(415, 'UnsupportedMediaType', `the body of the request was in an unknown format`);
          store.set(k(name!), stamp(next));
          return send(200, next);
        }
        case 'DELETE': {
          if (!store.delete(k(name!))) return notFound(name!);
          return send(200, { kind: 'Status', apiVersion: 'v1', status: 'Success', details: { name } });
        }
        default:
          return status(405, 'MethodNotAllowed', 'method not allowed');
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const pluralKey = (plural: string, obj: Obj) => {
    const def = RESOURCES.find((d) => d.plural === plural)!;
    return key(plural, def.namespaced ? obj.metadata.namespace : undefined, obj.metadata.name);
  };
  const api: FakeKube = Object.assign(fake, {
    url,
    token,
    requests,
    kubeConfig() {
      const kc = new KubeConfig();
      kc.loadFromOptions({
        clusters: [{ name: 'fake', server: url, skipTLSVerify: true }],
        users: [{ name: 'u', token }],
        contexts: [{ name: 'fake', cluster: 'fake', user: 'u', namespace: 'default' }],
        currentContext: 'fake',
      });
      return kc;
    },
    get: (plural, ns, name) => {
      const o = store.get(key(plural, ns, name));
      return o && structuredClone(o);
    },
    list: (plural) =>
      [...store.entries()].filter(([k]) => k.startsWith(`${plural}/`)).map(([, v]) => structuredClone(v)),
    put(plural, obj) {
      store.set(pluralKey(plural, obj), stamp0(obj));
    },
    stop: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  } satisfies Omit<FakeKube, 'failWith' | 'hang'>);
  return api;

  function stamp0(o: Obj): Obj {
    const c = structuredClone(o);
    c.metadata.resourceVersion = String(++rv);
    return c;
  }
}

/** RFC 7386. */
function mergePatch(target: unknown, patch: unknown): unknown {
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) return patch;
  const out: Obj =
    typeof target === 'object' && target !== null && !Array.isArray(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

/** RFC 6902 subset: add, replace, remove, test on object members and array indexes. */
function applyJsonPatch(doc: Obj, ops: { op: string; path: string; value?: unknown }[]): Obj {
  for (const { op, path, value } of ops) {
    const parts = path
      .split('/')
      .slice(1)
      .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
    const last = parts.pop()!;
    let parent: any = doc;
    for (const p of parts) {
      parent = parent?.[p];
      if (typeof parent !== 'object' || parent === null)
        throw new Error(`path ${path}: parent does not exist`);
    }
    const idx = Array.isArray(parent) ? (last === '-' ? parent.length : Number(last)) : last;
    if (op === 'test') {
      if (JSON.stringify(parent[idx]) !== JSON.stringify(value)) throw new Error(`test failed at ${path}`);
    } else if (op === 'remove') {
      if (!(idx in parent)) throw new Error(`path ${path} does not exist`);
      if (Array.isArray(parent)) parent.splice(idx as number, 1);
      else delete parent[idx];
    } else if (op === 'add' && Array.isArray(parent)) parent.splice(idx as number, 0, value);
    else if (op === 'add' || op === 'replace') {
      if (op === 'replace' && !(idx in parent)) throw new Error(`path ${path} does not exist`);
      parent[idx] = value;
    } else throw new Error(`unsupported op ${op}`);
  }
  return doc;
}
