/**
 * The reconcile loop of `jetflow controller`: watches EventBus/EventSource/Sensor custom resources,
 * and for each one renders the objects (the same pure render as `jetflow render`), diffs them against
 * the cluster and applies the difference, then writes `.status.conditions`.
 *
 * Level-based: watch events and a periodic resync only put keys in a queue; a reconcile always reads
 * the resource and the objects afresh, so a missed or repeated event changes nothing. A failed
 * reconcile is retried with backoff; an invalid resource is reported in its status and leaves the
 * objects last deployed untouched.
 * @module
 */
import type { KubeConfig } from '@kubernetes/client-node';
import type { Logger } from 'pino';
import { ARGO_API_VERSION } from '../../api/index.js';
import { watchObjects } from '../../kube/index.js';
import { ARGO_KINDS } from '../crds/index.js';
import { ControllerClient, statusCode } from './apply.js';
import { busFinalizerDeps, reconcileBusFinalizer } from './finalizer.js';
import { plan, withOwnership, type KubeObj, type Owner } from './plan.js';
import { WorkQueue } from './queue.js';
import { nextStatus, problemText, type ControlledKind, type Outcome, type SpecProblem } from './status.js';

/** What render gives for one custom resource. */
export interface Rendered {
  objects: KubeObj[];
  problems: SpecProblem[];
  /** Objects created only when missing, never updated (generated Secrets). */
  createOnly: (obj: KubeObj) => boolean;
}

/** Render of one custom resource, given the EventBuses of its namespace (Sensors and EventSources use one). */
export type RenderResource = (cr: KubeObj, eventBuses: KubeObj[]) => Promise<Rendered>;

export interface ControllerOptions {
  kubeConfig: KubeConfig;
  /** Namespace to watch; `undefined` watches all namespaces. */
  namespace?: string;
  render: RenderResource;
  logger: Logger;
  /** Every this often, every resource is listed and reconciled again (heals anything missed). */
  resyncMs?: number;
  /** First retry delay of a failed reconcile. */
  retryBaseMs?: number;
}

export interface Controller {
  /** Stop watching, finish the reconcile under way, stop. */
  stop(): Promise<void>;
}

/** The watched kinds, with the plurals of the CRDs `jetflow render --crds` prints. */
export const CONTROLLED: ReadonlyArray<{ kind: ControlledKind; plural: string }> = (
  ['EventBus', 'EventSource', 'Sensor'] as const
).map((kind) => ({ kind, plural: ARGO_KINDS[kind].plural }));
const pluralOf = (kind: ControlledKind) => CONTROLLED.find((c) => c.kind === kind)!.plural;

const keyOf = (kind: string, o: KubeObj) => `${kind}/${o.metadata.namespace ?? ''}/${o.metadata.name ?? ''}`;

function parseKey(key: string): { kind: ControlledKind; namespace: string; name: string } {
  const [kind, namespace, name] = key.split('/');
  return { kind: kind as ControlledKind, namespace, name };
}

export function startController(opts: ControllerOptions): Controller {
  const client = new ControllerClient(opts.kubeConfig);
  const log = opts.logger;
  const queue = new WorkQueue({ baseDelayMs: opts.retryBaseMs ?? 500 });
  const abort = new AbortController();
  /** uid of each resource seen, so the objects of one deleted while we were away can still be found. */
  const uids = new Map<string, string>();
  /** Buses being deleted (held by the finalizer): a change of an EventSource/Sensor may release them. */
  const deletingBuses = new Set<string>();

  const seen = (kind: ControlledKind, type: string, o: KubeObj) => {
    const key = keyOf(kind, o);
    // kept on DELETED: the reconcile that finds it gone still needs it
    if (type !== 'DELETED' && o.metadata.uid) uids.set(key, o.metadata.uid);
    queue.add(key);
    // a bus change can change what its Sensors and EventSources render (its URL, its Secret)
    if (kind === 'EventBus') {
      if (type !== 'DELETED' && o.metadata.deletionTimestamp) deletingBuses.add(key);
      else deletingBuses.delete(key);
      for (const k of uids.keys()) if (sameNamespace(k, key) && !k.startsWith('EventBus/')) queue.add(k);
    } else for (const k of deletingBuses) if (sameNamespace(k, key)) queue.add(k);
  };

  const finalizerDeps = busFinalizerDeps(client, (bus, users) =>
    writeStatus('EventBus', bus, { kind: 'held', users }),
  );

  const [group, version] = ARGO_API_VERSION.split('/');
  // list + watch with resume from the last resourceVersion, relist on 410, backoff (src/kube)
  const watches = CONTROLLED.map(({ kind, plural }) =>
    watchObjects({
      kubeConfig: opts.kubeConfig,
      group,
      version,
      resource: plural,
      namespace: opts.namespace,
      signal: abort.signal,
      onEvent: (ev) => seen(kind, ev.type, ev.object as KubeObj),
      onError: (err) => log.warn({ err: errorText(err), kind }, 'watch failed, resuming'),
    }),
  );

  const resync = async () => {
    for (const { kind, plural } of CONTROLLED) {
      try {
        const { items } = await client.listCustom(ARGO_API_VERSION, plural, opts.namespace);
        const listed = new Set(items.map((o) => keyOf(kind, o)));
        for (const o of items) seen(kind, 'ADDED', o);
        // gone without us seeing the DELETED event: the reconcile finds it absent
        for (const k of uids.keys()) if (k.startsWith(`${kind}/`) && !listed.has(k)) queue.add(k);
      } catch (err) {
        log.warn({ err: errorText(err), kind }, 'resync list failed');
      }
    }
  };
  const resyncTimer = setInterval(() => void resync(), opts.resyncMs ?? 60_000);

  const worker = (async () => {
    for (;;) {
      const key = await queue.next();
      if (key === undefined) return;
      let failed = false;
      try {
        await reconcile(key);
      } catch (err) {
        failed = true;
        log.warn({ err: errorText(err), resource: key }, 'reconcile failed, retrying');
      }
      const delay = queue.done(key, failed);
      if (delay !== undefined) log.debug({ resource: key, delayMs: delay }, 'retry scheduled');
    }
  })();

  async function reconcile(key: string): Promise<void> {
    const { kind, namespace, name } = parseKey(key);
    const read = await client.readCustom(ARGO_API_VERSION, pluralOf(kind), namespace, name);
    if (!read) return cleanupDeleted(key, namespace);
    if (!read.metadata.uid) return;
    read.apiVersion ??= ARGO_API_VERSION;
    read.kind ??= kind;
    uids.set(key, read.metadata.uid);
    // being deleted: the garbage collector removes what it owns (a bus once no client uses it)
    const cr =
      kind === 'EventBus'
        ? await reconcileBusFinalizer(read, finalizerDeps)
        : read.metadata.deletionTimestamp
          ? undefined
          : read;
    if (!cr) return;
    const buses =
      kind === 'EventBus'
        ? []
        : (await client.listCustom(ARGO_API_VERSION, ARGO_KINDS.EventBus.plural, namespace)).items;
    const rendered = await opts.render(cr, buses);
    if (rendered.problems.length) {
      log.warn(
        { resource: key, problems: rendered.problems.map(problemText) },
        'invalid resource, objects kept',
      );
      return writeStatus(kind, cr, { kind: 'invalid', problems: rendered.problems });
    }
    const owner: Owner = { apiVersion: ARGO_API_VERSION, kind, name, namespace, uid: read.metadata.uid };
    const desired = rendered.objects.map((o) => withOwnership(o, owner));
    try {
      const live = await client.liveObjects(namespace, owner.uid, desired);
      const actions = plan(desired, live, { ownerUid: owner.uid, createOnly: rendered.createOnly });
      for (const a of actions) {
        const o = a.op === 'delete' ? a.live : a.object;
        log.info({ resource: key, op: a.op, object: `${o.kind}/${o.metadata.name}` }, 'applying');
      }
      await client.apply(actions);
    } catch (err) {
      await writeStatus(kind, cr, { kind: 'failed', message: errorText(err) }).catch(() => undefined);
      throw err;
    }
    await writeStatus(kind, cr, { kind: 'deployed', objects: desired.length });
  }

  async function writeStatus(kind: ControlledKind, cr: KubeObj, outcome: Outcome): Promise<void> {
    const live = {
      generation: cr.metadata.generation,
      status: cr.status as Parameters<typeof nextStatus>[1]['status'],
    };
    const status = nextStatus(kind, live, outcome, new Date());
    if (!status) return;
    try {
      await client.writeStatus(cr, pluralOf(kind), status);
    } catch (err) {
      // 409: the resource changed since we read it; the retry reads it again
      if (statusCode(err) === 404) return;
      throw err;
    }
  }

  /** The owner is gone: delete what it owned (the garbage collector would too; this is not slower). */
  async function cleanupDeleted(key: string, namespace: string): Promise<void> {
    const uid = uids.get(key);
    if (!uid) return;
    const live = await client.liveObjects(namespace, uid, []);
    await client.apply(plan([], live, { ownerUid: uid }));
    uids.delete(key);
  }

  return {
    async stop() {
      abort.abort();
      clearInterval(resyncTimer);
      queue.close();
      await Promise.all([worker, ...watches]);
    },
  };
}

function sameNamespace(a: string, b: string): boolean {
  return a.split('/')[1] === b.split('/')[1];
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
