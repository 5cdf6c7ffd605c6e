/**
 * Watch of one custom-resource collection for the controller: list, then watch from the list's
 * resourceVersion; a dropped connection resumes from the last resourceVersion seen (bookmarks
 * included); a 410 Gone relists. Every listed object is reported as ADDED, so after a relist the
 * loop looks at everything again (it is level-based: repeats are harmless, gaps are not).
 * @module
 */
import { Watch, type KubeConfig } from '@kubernetes/client-node';
import type { KubeObj } from './plan.js';

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface WatchTarget {
  /** Collection path, e.g. `/apis/argoproj.io/v1alpha1/namespaces/ns/sensors`. */
  path: string;
  /** List of the same collection (gives the resourceVersion to start from). */
  list(): Promise<{ items: KubeObj[]; resourceVersion?: string }>;
}

export interface WatchHandlers {
  onEvent(type: WatchEventType, obj: KubeObj): void;
  onError(err: unknown): void;
}

const GONE = 410;

/** Runs until `signal` aborts; never throws (errors go to `onError`, then it resumes with backoff). */
export async function watchCollection(
  kc: KubeConfig,
  target: WatchTarget,
  h: WatchHandlers,
  signal: AbortSignal,
): Promise<void> {
  const watch = new Watch(kc);
  let rv: string | undefined;
  let failures = 0;
  while (!signal.aborted) {
    try {
      if (rv === undefined) {
        const list = await target.list();
        rv = list.resourceVersion;
        for (const item of list.items) h.onEvent('ADDED', item);
      }
      const started = Date.now();
      const outcome = await watchOnce(watch, target.path, rv, h, signal, (v) => {
        rv = v;
        failures = 0;
      });
      if (outcome === 'gone') rv = undefined;
      // a server that ends watches at once must not make this a busy loop
      else if (Date.now() - started < 1000)
        await sleep(Math.min(5_000, 100 * 2 ** Math.min(++failures, 6)), signal);
    } catch (err) {
      h.onError(err);
      failures++;
      await sleep(Math.min(30_000, 250 * 2 ** Math.min(failures, 7)), signal);
    }
  }
}

/** One watch request; resolves when the server or the network ends it. */
function watchOnce(
  watch: Watch,
  path: string,
  rv: string | undefined,
  h: WatchHandlers,
  signal: AbortSignal,
  seen: (rv: string) => void,
): Promise<'ended' | 'gone'> {
  return new Promise((resolve, reject) => {
    let gone = false;
    let controller: AbortController | undefined;
    const onAbort = () => controller?.abort();
    const finish = (err: unknown) => {
      signal.removeEventListener('abort', onAbort);
      if (gone || (err as { statusCode?: number } | null)?.statusCode === GONE) resolve('gone');
      else if (err && !signal.aborted && !isAbort(err)) reject(toError(err));
      else resolve('ended');
    };
    watch
      .watch(
        path,
        { allowWatchBookmarks: true, resourceVersion: rv },
        (type: string, obj: KubeObj & { code?: number }) => {
          if (type === 'ERROR') {
            if (obj.code === GONE) gone = true;
            controller?.abort();
            return;
          }
          const v = obj.metadata?.resourceVersion;
          if (v) seen(v);
          if (type === 'ADDED' || type === 'MODIFIED' || type === 'DELETED') h.onEvent(type, obj);
        },
        finish,
      )
      .then((c) => {
        controller = c;
        if (signal.aborted) c.abort();
        else signal.addEventListener('abort', onAbort, { once: true });
      }, finish);
  });
}

function isAbort(err: unknown): boolean {
  return err instanceof Error && (err.name === 'AbortError' || /aborted/i.test(err.message));
}

function toError(err: unknown): Error {
  return err instanceof Error ? err : new Error(String(err));
}

export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
