/**
 * `watchObjects()`: the list-then-watch loop of an informer, for one resource. It lists, emits the
 * listed objects (`initial: true`), then watches from the list's resourceVersion with bookmarks.
 * After a disconnect it watches again from the LAST SEEN resourceVersion (event or bookmark), so no
 * event is lost or repeated. When the server answers 410 Gone (the history no longer reaches back)
 * it lists again and emits only the differences to the objects it knows (ADDED / MODIFIED /
 * DELETED, `synthetic: true`). Errors back off exponentially (reset by any received event) and are
 * reported to `onError`; the abort signal ends the loop. Events are delivered one at a time, in
 * order: the next waits for the previous `onEvent` promise.
 * @module
 */
import type { KubeConfig } from '@kubernetes/client-node';
import { KubeApiError } from './client.js';
import { collectionPath, getJson, streamJsonLines, type ResourceRef } from './http.js';
import type { KubeObject } from './object.js';

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface ObjectEvent {
  type: WatchEventType;
  object: KubeObject;
  /** From the initial list (the object existed when watching started). */
  initial?: boolean;
  /** Derived from a relist after 410 Gone, not a watch event. */
  synthetic?: boolean;
}

export interface WatchObjectsOptions extends ResourceRef {
  kubeConfig: KubeConfig;
  labelSelector?: string;
  fieldSelector?: string;
  signal: AbortSignal;
  onEvent(ev: ObjectEvent): void | Promise<void>;
  /** A failed list/watch (it is retried) or a failing `onEvent`. */
  onError?(err: unknown): void;
  /** Called whenever the loop (re)starts a watch, with the resourceVersion it starts from. */
  onWatchStart?(resourceVersion: string): void;
  backoff?: { initialMs?: number; maxMs?: number };
  /** Server-side timeout of each watch request (default 300 s; the loop then resumes). */
  timeoutSeconds?: number;
}

const keyOf = (o: KubeObject) => `${o.metadata.namespace ?? ''}/${o.metadata.name ?? ''}`;

class Gone extends Error {}

/** Runs until `signal` aborts; resolves then. */
export async function watchObjects(opts: WatchObjectsOptions): Promise<void> {
  const { signal } = opts;
  const path = collectionPath(opts);
  const selectors = { labelSelector: opts.labelSelector, fieldSelector: opts.fieldSelector };
  const known = new Map<string, KubeObject>();
  let chain: Promise<void> = Promise.resolve();
  const deliver = (ev: ObjectEvent) => {
    chain = chain.then(async () => {
      if (signal.aborted) return;
      try {
        await opts.onEvent(ev);
      } catch (err) {
        opts.onError?.(err);
      }
    });
  };
  let rv: string | undefined;
  let listed = false;
  let delay = opts.backoff?.initialMs ?? 200;
  const maxDelay = opts.backoff?.maxMs ?? 30_000;

  while (!signal.aborted) {
    try {
      if (rv === undefined) {
        const list = await getJson(opts.kubeConfig, path, selectors, signal);
        await chain;
        relist(list.items ?? [], known, deliver, !listed);
        listed = true;
        rv = String(list.metadata?.resourceVersion ?? '');
      }
      opts.onWatchStart?.(rv);
      let sawEvent = false;
      await streamJsonLines(
        opts.kubeConfig,
        path,
        {
          ...selectors,
          resourceVersion: rv,
          allowWatchBookmarks: 'true',
          timeoutSeconds: String(opts.timeoutSeconds ?? 300),
        },
        signal,
        (ev: { type: string; object: any }) => {
          if (ev.type === 'ERROR') {
            const code = Number(ev.object?.code);
            if (code === 410) throw new Gone(String(ev.object?.message ?? 'Gone'));
            throw new KubeApiError(
              code,
              `${ev.object?.message ?? 'watch error'} (HTTP ${code})`,
              ev.object?.reason,
            );
          }
          const o = ev.object as KubeObject;
          if (o?.metadata?.resourceVersion) rv = o.metadata.resourceVersion;
          sawEvent = true;
          if (ev.type === 'BOOKMARK') return;
          if (ev.type === 'DELETED') known.delete(keyOf(o));
          else known.set(keyOf(o), o);
          deliver({ type: ev.type as WatchEventType, object: o });
        },
      );
      if (sawEvent) delay = opts.backoff?.initialMs ?? 200;
    } catch (err) {
      if (signal.aborted) break;
      if (err instanceof Gone || (err instanceof KubeApiError && err.code === 410)) {
        rv = undefined; // relist, then emit the differences
        continue;
      }
      opts.onError?.(err);
      await sleep(delay, signal);
      delay = Math.min(maxDelay, delay * 2);
    }
  }
  await chain;
}

/** Emit what changed between the known set and a fresh list, and make the list the known set. */
function relist(
  items: KubeObject[],
  known: Map<string, KubeObject>,
  deliver: (ev: ObjectEvent) => void,
  initial: boolean,
): void {
  const fresh = new Map(items.map((o) => [keyOf(o), o]));
  for (const [k, o] of fresh) {
    const before = known.get(k);
    if (!before)
      deliver({ type: 'ADDED', object: o, ...(initial ? { initial: true } : { synthetic: true }) });
    else if (
      before.metadata.resourceVersion !== o.metadata.resourceVersion ||
      before.metadata.uid !== o.metadata.uid
    )
      deliver({ type: 'MODIFIED', object: o, synthetic: true });
  }
  for (const [k, o] of known) if (!fresh.has(k)) deliver({ type: 'DELETED', object: o, synthetic: true });
  known.clear();
  for (const [k, o] of fresh) known.set(k, o);
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(t);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}
