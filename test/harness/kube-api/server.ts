/**
 * HTTP routing of the fake API server: auth, discovery, OpenAPI, and the resource endpoints
 * (`/api/v1[/namespaces/NS]/PLURAL[/NAME[/status]]`, `/apis/G/V/...`) onto the store.
 * @module
 */
import type http from 'node:http';
import { parse as parseYaml } from 'yaml';
import { openapiDoc, openapiRoot, typesAt } from './openapi.js';
import { jsonPatch, mergePatch, strategicMergePatch } from './patch.js';
import {
  apiGroup,
  apiGroupList,
  groups,
  groupVersion,
  resourceList,
  type ResourceType,
} from './resources.js';
import { fieldMatcher, labelMatcher, type Matcher } from './selectors.js';
import { type Store, type Watcher, type WatchEventOut } from './store.js';
import { badRequest, resourceNotFound, statusBody, StatusError, type Obj } from './status.js';
import { toTable, wantsTable } from './table.js';

export interface ServerState {
  store: Store;
  token: string;
  url: () => string;
  requests: string[];
  failWith?: { code: number; reason: string };
  hang: boolean;
  bookmarkIntervalMs: number;
  /** Open watch responses, for `dropWatches()`. */
  open: Set<{ end(abrupt: boolean): void; bookmark(): void }>;
}

const OPEN_PATHS = new Set(['/version', '/healthz', '/livez', '/readyz']);

export const VERSION = {
  major: '1',
  minor: '32',
  gitVersion: 'v1.32.0-jetflow-fake',
  gitCommit: '0000000000000000000000000000000000000000',
  gitTreeState: 'clean',
  buildDate: '2026-01-01T00:00:00Z',
  goVersion: 'go1.23.0',
  compiler: 'gc',
  platform: 'linux/amd64',
};

function send(res: http.ServerResponse, code: number, obj: unknown): void {
  const body = JSON.stringify(obj);
  res.writeHead(code, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

export function handle(state: ServerState, req: http.IncomingMessage, res: http.ServerResponse): void {
  if (state.hang) return;
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const u = new URL(req.url ?? '/', 'http://x');
    state.requests.push(`${req.method} ${u.pathname} ${req.headers['content-type'] ?? ''}`.trim());
    try {
      route(state, req, res, u, Buffer.concat(chunks).toString('utf8'));
    } catch (err) {
      if (res.headersSent) return void res.end();
      if (err instanceof StatusError)
        send(res, err.code, statusBody(err.code, err.reason, err.message, err.details));
      else send(res, 500, statusBody(500, 'InternalError', `fake kube-api: ${(err as Error).message}`));
    }
  });
}

function route(
  state: ServerState,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  u: URL,
  body: string,
): void {
  const path = u.pathname.replace(/\/+$/, '') || '/';
  if (OPEN_PATHS.has(path)) return path === '/version' ? send(res, 200, VERSION) : void res.end('ok');
  if (req.headers.authorization !== `Bearer ${state.token}`)
    throw new StatusError(401, 'Unauthorized', 'Unauthorized');
  const types = state.store.types();
  if (path === '/api')
    return send(res, 200, {
      kind: 'APIVersions',
      versions: ['v1'],
      serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: new URL(state.url()).host }],
    });
  if (path === '/apis') return send(res, 200, apiGroupList(types));
  if (path === '/openapi/v3') return send(res, 200, openapiRoot(types));
  if (path.startsWith('/openapi/v3/')) {
    const ts = typesAt(types, path.slice('/openapi/v3/'.length));
    if (ts.length === 0) throw resourceNotFound();
    return send(res, 200, openapiDoc(ts));
  }
  const m = /^\/(?:api\/(v1)|apis\/([^/]+)(?:\/([^/]+))?)(\/.*)?$/.exec(path);
  if (!m) throw resourceNotFound();
  const group = m[2] ?? '';
  if (group && !m[3]) {
    const vs = groups(types).get(group);
    if (!vs) throw resourceNotFound();
    return send(res, 200, apiGroup(group, vs));
  }
  const version = m[1] ?? m[3]!;
  const gvTypes = types.filter((t) => t.group === group && t.version === version);
  if (gvTypes.length === 0) throw resourceNotFound();
  const segs = (m[4] ?? '')
    .split('/')
    .filter((s) => s !== '')
    .map(decodeURIComponent);
  if (segs.length === 0) return send(res, 200, resourceList(groupVersion({ group, version }), gvTypes));
  if (state.failWith)
    throw new StatusError(state.failWith.code, state.failWith.reason, `injected ${state.failWith.reason}`);
  let ns: string | undefined;
  let rest = segs;
  if (segs[0] === 'namespaces' && segs.length >= 3 && !['status', 'finalize'].includes(segs[2]!)) {
    ns = segs[1];
    rest = segs.slice(2);
  }
  const [plural, name, sub, ...more] = rest;
  const t = gvTypes.find((x) => x.plural === plural);
  if (!t || more.length > 0 || (ns !== undefined && !t.namespaced)) throw resourceNotFound();
  if (sub !== undefined && !(sub === 'status' && t.status)) throw resourceNotFound();
  const q = u.searchParams;
  if (name === undefined) return collection(state, req, res, t, ns, q, body);
  return item(state, req, res, t, ns, name, sub, q, body);
}

function parseBody(body: string, contentType: string | undefined): any {
  if (body.trim() === '') return undefined;
  try {
    return /yaml/.test(contentType ?? '') ? parseYaml(body) : JSON.parse(body);
  } catch (err) {
    throw badRequest(`the body of the request could not be decoded: ${(err as Error).message}`);
  }
}

function bodyObject(t: ResourceType, parsed: unknown): Obj {
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw badRequest('the body of the request must be a JSON object');
  const o = parsed as Obj;
  if (o.kind !== undefined && o.kind !== t.kind)
    throw badRequest(`the kind of the object (${o.kind}) does not match the kind of the URL (${t.kind})`);
  if (o.apiVersion !== undefined && o.apiVersion !== groupVersion(t))
    throw badRequest(
      `the API version in the data (${o.apiVersion}) does not match the expected API version (${groupVersion(t)})`,
    );
  return o;
}

function matchers(q: URLSearchParams): Matcher {
  const l = labelMatcher(q.get('labelSelector'));
  const f = fieldMatcher(q.get('fieldSelector'));
  return (o) => l(o) && f(o);
}

function collection(
  state: ServerState,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  t: ResourceType,
  ns: string | undefined,
  q: URLSearchParams,
  body: string,
): void {
  const store = state.store;
  switch (req.method) {
    case 'GET': {
      if (q.get('watch') === 'true' || q.get('watch') === '1') return watch(state, req, res, t, ns, q);
      const items = store.list(t, ns, matchers(q));
      const rv = String(store.resourceVersion);
      if (wantsTable(req.headers.accept)) return send(res, 200, toTable(items, rv));
      return send(res, 200, {
        kind: t.listKind,
        apiVersion: groupVersion(t),
        metadata: { resourceVersion: rv },
        items,
      });
    }
    case 'POST': {
      if (t.namespaced && ns === undefined) throw resourceNotFound();
      const o = bodyObject(t, parseBody(body, req.headers['content-type']));
      if (t.namespaced && o.metadata?.namespace !== undefined && o.metadata.namespace !== ns)
        throw badRequest(
          'the namespace of the provided object does not match the namespace sent on the request',
        );
      if (q.get('dryRun') === 'All') return send(res, 201, o);
      return send(res, 201, store.create(t, ns, o));
    }
    case 'DELETE': {
      const items = store.list(t, ns, matchers(q));
      for (const o of items) store.delete(t, o.metadata.namespace, o.metadata.name);
      return send(res, 200, {
        kind: t.listKind,
        apiVersion: groupVersion(t),
        metadata: { resourceVersion: String(store.resourceVersion) },
        items,
      });
    }
    default:
      throw new StatusError(
        405,
        'MethodNotAllowed',
        `the server does not allow this method on the requested resource`,
      );
  }
}

const PATCH_TYPES = [
  'application/merge-patch+json',
  'application/json-patch+json',
  'application/strategic-merge-patch+json',
  'application/apply-patch+yaml',
];

function item(
  state: ServerState,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  t: ResourceType,
  ns: string | undefined,
  name: string,
  sub: string | undefined,
  q: URLSearchParams,
  body: string,
): void {
  const store = state.store;
  if (t.namespaced && ns === undefined) throw resourceNotFound();
  const dryRun = q.get('dryRun') === 'All';
  switch (req.method) {
    case 'GET': {
      const o = store.get(t, ns, name);
      return send(res, 200, wantsTable(req.headers.accept) ? toTable([o], o.metadata.resourceVersion) : o);
    }
    case 'PUT': {
      const o = bodyObject(t, parseBody(body, req.headers['content-type']));
      if (dryRun) return send(res, 200, o);
      return send(res, 200, store.replace(t, ns, name, o, sub));
    }
    case 'PATCH': {
      const ct = String(req.headers['content-type'] ?? '')
        .split(';')[0]!
        .trim();
      if (!PATCH_TYPES.includes(ct))
        throw new StatusError(
          415,
          'UnsupportedMediaType',
          `the body of the request was in an unknown format - accepted media types include: ${PATCH_TYPES.join(', ')}`,
        );
      const patch = parseBody(body, ct);
      if (ct === 'application/apply-patch+yaml')
        return send(res, 200, apply(store, t, ns, name, sub, q, patch, dryRun));
      const cur = store.get(t, ns, name);
      const next =
        ct === 'application/json-patch+json'
          ? jsonPatch(cur, patch)
          : ((ct === 'application/merge-patch+json' ? mergePatch : strategicMergePatch)(
              cur,
              patch ?? {},
            ) as Obj);
      if (dryRun) return send(res, 200, next);
      return send(res, 200, store.replace(t, ns, name, bodyObject(t, next), sub));
    }
    case 'DELETE': {
      const opts = (parseBody(body, 'application/json') ?? {}) as Obj;
      const propagationPolicy = q.get('propagationPolicy') ?? opts.propagationPolicy;
      if (dryRun) return send(res, 200, store.get(t, ns, name));
      const o = store.delete(t, ns, name, { propagationPolicy, preconditions: opts.preconditions });
      if (o.metadata.deletionTimestamp && store.find(t, ns, name)) return send(res, 200, o);
      return send(res, 200, {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Success',
        details: { name, group: t.group, kind: t.plural, uid: o.metadata.uid },
      });
    }
    default:
      throw new StatusError(
        405,
        'MethodNotAllowed',
        `the server does not allow this method on the requested resource`,
      );
  }
}

/**
 * Server-side apply, APPROXIMATED: create when absent, else a JSON merge patch of the applied
 * configuration onto the live object. `fieldManager` is required (as the real server) and `force`
 * accepted; no managedFields are tracked, so there are no apply conflicts and fields another
 * manager set that the applied configuration omits are kept (the real server would keep them too
 * unless this manager owned them).
 */
function apply(
  store: Store,
  t: ResourceType,
  ns: string | undefined,
  name: string,
  sub: string | undefined,
  q: URLSearchParams,
  patch: unknown,
  dryRun: boolean,
): Obj {
  if (!q.get('fieldManager'))
    throw new StatusError(
      422,
      'Invalid',
      'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch',
    );
  const o = bodyObject(t, patch);
  if (o.metadata?.name !== undefined && o.metadata.name !== name)
    throw badRequest(
      `the name of the object (${o.metadata.name}) does not match the name on the URL (${name})`,
    );
  const cur = store.find(t, ns, name);
  const withName = { ...o, metadata: { ...(o.metadata ?? {}), name } };
  if (dryRun) return cur ? (mergePatch(cur, o) as Obj) : withName;
  if (!cur) return store.create(t, ns, withName, { keepStatus: sub === 'status' });
  return store.replace(t, ns, name, bodyObject(t, mergePatch(cur, o)), sub);
}

function watch(
  state: ServerState,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  t: ResourceType,
  ns: string | undefined,
  q: URLSearchParams,
): void {
  const bookmarks = q.get('allowWatchBookmarks') === 'true';
  let ended = false;
  const write = (ev: WatchEventOut) => {
    if (!ended) res.write(`${JSON.stringify(ev)}\n`);
  };
  const bookmark = (extra?: Obj) =>
    write({
      type: 'BOOKMARK',
      object: {
        kind: t.kind,
        apiVersion: groupVersion(t),
        metadata: {
          resourceVersion: String(state.store.resourceVersion),
          ...(extra && { annotations: extra }),
        },
      },
    });
  const w: Watcher = {
    type: t,
    ...(ns !== undefined && { namespace: ns }),
    match: matchers(q),
    send: write,
    close: () => end(false),
  };
  const timers: NodeJS.Timeout[] = [];
  const handleOpen = { end: (abrupt: boolean) => end(abrupt), bookmark: () => bookmarks && bookmark() };
  function end(abrupt: boolean): void {
    if (ended) return;
    ended = true;
    state.store.watchers.delete(w);
    state.open.delete(handleOpen);
    for (const tm of timers) clearTimeout(tm);
    if (abrupt) res.destroy();
    else res.end();
  }
  // Validate the start point before answering 200, so a too-old resourceVersion is an ERROR event.
  res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-cache, private' });
  res.flushHeaders();
  state.open.add(handleOpen);
  res.on('close', () => end(false));
  try {
    const initial = q.get('sendInitialEvents') === 'true';
    state.store.watch(w, initial ? '0' : (q.get('resourceVersion') ?? undefined));
    if (initial && bookmarks) bookmark({ 'k8s.io/initial-events-end': 'true' });
  } catch (err) {
    const e =
      err instanceof StatusError ? err : new StatusError(500, 'InternalError', (err as Error).message);
    write({ type: 'ERROR', object: statusBody(e.code, e.reason, e.message) });
    return end(false);
  }
  if (bookmarks && state.bookmarkIntervalMs > 0) {
    const tick = () => {
      bookmark();
      timers[0] = setTimeout(tick, state.bookmarkIntervalMs);
    };
    timers[0] = setTimeout(tick, state.bookmarkIntervalMs);
  }
  const timeout = Number(q.get('timeoutSeconds') ?? 0);
  if (timeout > 0)
    timers[1] = setTimeout(() => {
      if (bookmarks) bookmark();
      end(false);
    }, timeout * 1000);
}
