/**
 * The object store: every object by group/plural/namespace/name, one global resourceVersion counter
 * (bumped by every write, as etcd's revision), a bounded history of change events for watches,
 * open watches, and what the real control plane does in the background after a write: CRDs become
 * served (and `Established`), deleting an owner deletes its dependents (garbage collection, after all
 * of a dependent's owners are gone), deleting a namespace deletes what is in it, finalizers delay a
 * delete until they are removed. No other controller runs: a Deployment gets no Pods and no status.
 * Stored objects are never mutated (each write stores a new one), so events share them.
 * @module
 */
import { randomUUID } from 'node:crypto';
import { BUILTIN_TYPES, groupVersion, typesOfCrd, type ResourceType } from './resources.js';
import { alreadyExists, conflict, gone, invalid, notFound, StatusError, type Obj } from './status.js';
import type { Matcher } from './selectors.js';

export type EventType = 'ADDED' | 'MODIFIED' | 'DELETED';

interface ChangeEvent {
  rv: number;
  type: EventType;
  /** `group/plural` of the object. */
  gr: string;
  obj: Obj;
  /** The object before the change (MODIFIED, DELETED). */
  prev?: Obj;
}

export interface WatchEventOut {
  type: EventType | 'BOOKMARK' | 'ERROR';
  object: Obj;
}

export interface Watcher {
  type: ResourceType;
  namespace?: string;
  match: Matcher;
  send(ev: WatchEventOut): void;
  close(): void;
}

export const grOf = (t: { group: string; plural: string }) => `${t.group}/${t.plural}`;

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_1035 = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

/** Name rules of the real server: DNS-1035 labels for Services, DNS labels for Namespaces. */
function nameProblem(t: ResourceType, name: string): string | undefined {
  if (t.kind === 'Service' && !t.group)
    return name.length > 63 || !DNS_1035.test(name)
      ? `a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (at most 63 characters)`
      : undefined;
  if (t.kind === 'Namespace' && !t.group)
    return name.length > 63 || !DNS_LABEL.test(name)
      ? `a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-' (at most 63 characters)`
      : undefined;
  if (t.crd === undefined && t.kind === 'CustomResourceDefinition') return undefined;
  return name.length > 253 || !DNS_SUBDOMAIN.test(name)
    ? `a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.' (at most 253 characters)`
    : undefined;
}

/** A Secret's `stringData` is write-only: the server folds it into `data` (base64). */
function secretData(t: ResourceType, o: Obj): Obj {
  if (t.kind !== 'Secret' || t.group !== '' || !o.stringData) return o;
  const { stringData, ...rest } = o;
  const data: Obj = { ...(rest.data ?? {}) };
  for (const [k, v] of Object.entries(stringData as Obj)) data[k] = Buffer.from(String(v)).toString('base64');
  return { ...rest, data };
}

const now = () => new Date().toISOString().replace(/\.\d+Z$/, 'Z');

/** The part of an object whose change bumps `metadata.generation` (all but metadata and status). */
function specPart(o: Obj): string {
  const { metadata: _m, status: _s, resourceVersion: _r, ...rest } = o;
  return JSON.stringify(rest);
}

export class Store {
  private rv: number;
  private readonly objects = new Map<string, Obj>();
  private readonly history: ChangeEvent[] = [];
  /** Events at or below this revision are no longer in the history. */
  private historyStart: number;
  readonly watchers = new Set<Watcher>();
  private crdTypes: ResourceType[] = [];

  constructor(
    private readonly historySize: number,
    startRv = 1000,
  ) {
    this.rv = startRv;
    this.historyStart = startRv;
  }

  get resourceVersion(): number {
    return this.rv;
  }

  types(): ResourceType[] {
    return [...BUILTIN_TYPES, ...this.crdTypes];
  }

  /** Serving version of one kind (any stored version of a group/plural shares the objects). */
  typeFor(group: string, version: string, plural: string): ResourceType | undefined {
    return this.types().find((t) => t.group === group && t.version === version && t.plural === plural);
  }

  private key(t: ResourceType, ns: string | undefined, name: string): string {
    return `${grOf(t)}/${t.namespaced ? (ns ?? '') : ''}/${name}`;
  }

  /** As the requested version: custom resources are not converted, only relabeled. */
  private view(t: ResourceType, o: Obj): Obj {
    return o.apiVersion === groupVersion(t) ? o : { ...o, apiVersion: groupVersion(t) };
  }

  get(t: ResourceType, ns: string | undefined, name: string): Obj {
    const o = this.objects.get(this.key(t, ns, name));
    if (!o) throw notFound(t.plural, t.group, name);
    return this.view(t, o);
  }

  find(t: ResourceType, ns: string | undefined, name: string): Obj | undefined {
    const o = this.objects.get(this.key(t, ns, name));
    return o && this.view(t, o);
  }

  list(t: ResourceType, ns: string | undefined, match: Matcher = () => true): Obj[] {
    const prefix = `${grOf(t)}/${t.namespaced && ns ? `${ns}/` : ''}`;
    const out: Obj[] = [];
    for (const [k, o] of this.objects) if (k.startsWith(prefix) && match(o)) out.push(this.view(t, o));
    return out.sort((a, b) =>
      `${a.metadata.namespace ?? ''}/${a.metadata.name}`.localeCompare(
        `${b.metadata.namespace ?? ''}/${b.metadata.name}`,
      ),
    );
  }

  create(t: ResourceType, ns: string | undefined, body: Obj, opts: { keepStatus?: boolean } = {}): Obj {
    const meta: Obj = { ...(body.metadata ?? {}) };
    if (!meta.name && meta.generateName)
      meta.name = `${meta.generateName}${randomUUID().replace(/-/g, '').slice(0, 5)}`;
    if (!meta.name)
      throw invalid(t.kind, '', [
        { field: 'metadata.name', message: 'Required value: name or generateName is required' },
      ]);
    const problem = nameProblem(t, meta.name);
    if (problem)
      throw invalid(t.kind, meta.name, [
        { field: 'metadata.name', message: `Invalid value: "${meta.name}": ${problem}` },
      ]);
    if (t.namespaced) meta.namespace = ns ?? meta.namespace ?? 'default';
    else delete meta.namespace;
    const key = this.key(t, meta.namespace, meta.name);
    if (this.objects.has(key)) throw alreadyExists(t.plural, t.group, meta.name);
    Object.assign(meta, { uid: randomUUID(), creationTimestamp: now(), generation: 1 });
    delete meta.resourceVersion;
    delete meta.deletionTimestamp;
    const obj: Obj = secretData(t, { ...body, apiVersion: groupVersion(t), kind: t.kind, metadata: meta });
    if (t.status && !opts.keepStatus) delete obj.status;
    const stored = this.write(t, key, obj, undefined);
    this.afterWrite(t, stored, undefined);
    return this.view(t, stored);
  }

  /**
   * Replace (PUT). `subresource: 'status'` writes only `.status`; otherwise `.status` is kept when the
   * kind has a status subresource. A `metadata.resourceVersion` in the body must match (409 Conflict).
   */
  replace(t: ResourceType, ns: string | undefined, name: string, body: Obj, subresource?: string): Obj {
    const key = this.key(t, ns, name);
    const cur = this.objects.get(key);
    if (!cur) throw notFound(t.plural, t.group, name);
    if (body.metadata?.name !== undefined && body.metadata.name !== name)
      throw new StatusError(
        400,
        'BadRequest',
        `the name of the object (${body.metadata.name}) does not match the name on the URL (${name})`,
      );
    const want = body.metadata?.resourceVersion;
    if (want !== undefined && want !== '' && want !== cur.metadata.resourceVersion)
      throw conflict(t.plural, t.group, name);
    let next: Obj;
    if (subresource === 'status') next = { ...cur, status: body.status };
    else {
      next = secretData(t, { ...body, apiVersion: groupVersion(t), kind: t.kind });
      if (t.status) {
        if (cur.status === undefined) delete next.status;
        else next.status = cur.status;
      }
      next.metadata = {
        ...(body.metadata ?? {}),
        name,
        ...(t.namespaced && { namespace: cur.metadata.namespace }),
        uid: cur.metadata.uid,
        creationTimestamp: cur.metadata.creationTimestamp,
        ...(cur.metadata.deletionTimestamp && { deletionTimestamp: cur.metadata.deletionTimestamp }),
      };
    }
    if (next.status === undefined) delete next.status;
    next.metadata = {
      ...next.metadata,
      generation:
        specPart(next) === specPart(cur) ? cur.metadata.generation : (cur.metadata.generation ?? 0) + 1,
    };
    if (next.metadata.deletionTimestamp && !(next.metadata.finalizers?.length > 0)) {
      this.remove(t, key, cur);
      return this.view(t, { ...next, metadata: { ...next.metadata, resourceVersion: String(this.rv) } });
    }
    if (
      JSON.stringify({
        ...next,
        metadata: { ...next.metadata, resourceVersion: cur.metadata.resourceVersion },
      }) === JSON.stringify(cur)
    )
      return this.view(t, cur); // a no-op write does not bump the resourceVersion (as the real server)
    const stored = this.write(t, key, next, cur);
    this.afterWrite(t, stored, cur);
    return this.view(t, stored);
  }

  /** Delete: with finalizers it only marks the object (deletionTimestamp) until they are removed. */
  delete(
    t: ResourceType,
    ns: string | undefined,
    name: string,
    opts: { propagationPolicy?: string; preconditions?: { uid?: string; resourceVersion?: string } } = {},
  ): Obj {
    const key = this.key(t, ns, name);
    const cur = this.objects.get(key);
    if (!cur) throw notFound(t.plural, t.group, name);
    const pre = opts.preconditions ?? {};
    if (
      (pre.uid && pre.uid !== cur.metadata.uid) ||
      (pre.resourceVersion && pre.resourceVersion !== cur.metadata.resourceVersion)
    )
      throw conflict(t.plural, t.group, name);
    if (cur.metadata.finalizers?.length > 0) {
      if (cur.metadata.deletionTimestamp) return this.view(t, cur);
      const next = {
        ...cur,
        metadata: { ...cur.metadata, deletionTimestamp: now(), deletionGracePeriodSeconds: 0 },
      };
      return this.view(t, this.write(t, key, next, cur));
    }
    this.remove(t, key, cur, opts.propagationPolicy === 'Orphan');
    return this.view(t, cur);
  }

  private remove(t: ResourceType, key: string, cur: Obj, orphan = false): void {
    this.objects.delete(key);
    this.record({
      rv: ++this.rv,
      type: 'DELETED',
      gr: grOf(t),
      obj: { ...cur, metadata: { ...cur.metadata, resourceVersion: String(this.rv) } },
      prev: cur,
    });
    this.afterDelete(t, cur, orphan);
  }

  private write(t: ResourceType, key: string, obj: Obj, prev: Obj | undefined): Obj {
    const stored = { ...obj, metadata: { ...obj.metadata, resourceVersion: String(++this.rv) } };
    this.objects.set(key, stored);
    this.record({
      rv: this.rv,
      type: prev ? 'MODIFIED' : 'ADDED',
      gr: grOf(t),
      obj: stored,
      ...(prev && { prev }),
    });
    return stored;
  }

  private record(ev: ChangeEvent): void {
    this.history.push(ev);
    while (this.history.length > this.historySize) this.historyStart = this.history.shift()!.rv;
    for (const w of this.watchers) if (grOf(w.type) === ev.gr) this.deliver(w, ev);
  }

  /** One change as a watcher sees it: selector transitions become ADDED/DELETED, as the real server. */
  private deliver(w: Watcher, ev: ChangeEvent): void {
    const inNs = (o: Obj | undefined) =>
      o !== undefined && (!w.namespace || o.metadata.namespace === w.namespace);
    const now = inNs(ev.obj) && w.match(ev.obj);
    const before = ev.type !== 'ADDED' && inNs(ev.prev) && w.match(ev.prev!);
    let type: EventType | undefined;
    if (ev.type === 'DELETED') type = before ? 'DELETED' : undefined;
    else if (ev.type === 'ADDED') type = now ? 'ADDED' : undefined;
    else type = now && before ? 'MODIFIED' : now ? 'ADDED' : before ? 'DELETED' : undefined;
    if (type) w.send({ type, object: this.view(w.type, ev.obj) });
  }

  /**
   * Start a watch. `fromRv` undefined or "0": synthetic ADDED events for what exists now, then
   * changes. Otherwise every change after `fromRv`, or 410 Gone when the history no longer reaches back.
   */
  watch(w: Watcher, fromRv: string | undefined): void {
    if (fromRv === undefined || fromRv === '' || fromRv === '0') {
      for (const o of this.list(w.type, w.namespace, w.match)) w.send({ type: 'ADDED', object: o });
    } else {
      const from = Number(fromRv);
      if (!Number.isInteger(from))
        throw new StatusError(400, 'BadRequest', `invalid resource version: ${fromRv}`);
      if (from < this.historyStart) throw gone(fromRv, this.historyStart + 1);
      for (const ev of this.history) if (ev.rv > from && ev.gr === grOf(w.type)) this.deliver(w, ev);
    }
    this.watchers.add(w);
  }

  /** Forget the event history: any watch from an older resourceVersion then gets 410 Gone. */
  compact(): void {
    this.history.length = 0;
    this.historyStart = this.rv;
  }

  /** What the control plane does after a create/update. */
  private afterWrite(t: ResourceType, obj: Obj, prev: Obj | undefined): void {
    if (t.kind === 'CustomResourceDefinition' && t.group === 'apiextensions.k8s.io')
      this.establish(obj, prev);
  }

  private crdKey(name: string): string {
    return `apiextensions.k8s.io/customresourcedefinitions//${name}`;
  }

  /** A CRD is served at once and marked Established/NamesAccepted (the real server does it shortly after). */
  private establish(crd: Obj, prev: Obj | undefined): void {
    this.crdTypes = [...this.crdTypes.filter((x) => x.crd !== crd.metadata.name), ...typesOfCrd(crd)];
    if (prev && JSON.stringify(prev.spec) === JSON.stringify(crd.spec) && crd.status?.conditions) return;
    const ts = now();
    const status = {
      conditions: [
        {
          type: 'NamesAccepted',
          status: 'True',
          reason: 'NoConflicts',
          message: 'no conflicts found',
          lastTransitionTime: ts,
        },
        {
          type: 'Established',
          status: 'True',
          reason: 'InitialNamesAccepted',
          message: 'the initial names have been accepted',
          lastTransitionTime: ts,
        },
      ],
      acceptedNames: crd.spec?.names ?? {},
      storedVersions: (crd.spec?.versions ?? []).filter((v: Obj) => v.storage).map((v: Obj) => v.name),
    };
    const crdType = BUILTIN_TYPES.find((x) => x.kind === 'CustomResourceDefinition')!;
    this.write(crdType, this.crdKey(crd.metadata.name), { ...crd, status }, crd);
  }

  private afterDelete(t: ResourceType, obj: Obj, orphan: boolean): void {
    if (t.kind === 'CustomResourceDefinition' && t.group === 'apiextensions.k8s.io') {
      const gone = this.crdTypes.filter((x) => x.crd === obj.metadata.name);
      this.crdTypes = this.crdTypes.filter((x) => x.crd !== obj.metadata.name);
      if (gone[0]) for (const o of this.list(gone[0], undefined)) this.deleteQuietly(gone[0], o);
    }
    // Background, as the real namespace controller and garbage collector.
    setImmediate(() => {
      if (t.kind === 'Namespace' && !t.group) this.deleteNamespaceContents(obj.metadata.name);
      if (!orphan) this.collectDependents(obj.metadata.uid);
    });
  }

  private deleteQuietly(t: ResourceType, o: Obj): void {
    try {
      this.delete(t, o.metadata.namespace, o.metadata.name);
    } catch (err) {
      if (!(err instanceof StatusError && err.code === 404)) throw err;
    }
  }

  private deleteNamespaceContents(ns: string): void {
    for (const t of this.types())
      if (t.namespaced) for (const o of this.list(t, ns)) this.deleteQuietly(t, o);
  }

  /** Delete the objects owned by `uid` that have no owner left. */
  private collectDependents(uid: string): void {
    const uids = new Set<string>();
    for (const o of this.objects.values()) uids.add(o.metadata.uid);
    for (const t of this.types()) {
      if (t !== this.types().find((x) => grOf(x) === grOf(t))) continue; // one version per kind
      for (const o of this.list(t, undefined)) {
        const refs: Obj[] = o.metadata.ownerReferences ?? [];
        if (refs.some((r) => r.uid === uid) && !refs.some((r) => uids.has(r.uid))) this.deleteQuietly(t, o);
      }
    }
  }
}
