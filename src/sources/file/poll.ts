/**
 * The polling watcher (`polling: true`), after upstream's radovskyb/watcher: list the directory every
 * 100 ms and diff it with the previous listing. Changed mtime → WRITE, changed mode → CHMOD, a removed
 * entry whose file reappears under a new name → RENAME, then CREATE for new and REMOVE for gone entries.
 * As upstream (its events carry `FileInfo.Name()`), the event name is the entry's **base name**, the old
 * one for a rename.
 * @module
 */
import type { FsEvent } from './events.js';
import type { DirWatcher, WatchSink } from './inotify.js';
import { readSnapshot, sameFile, type Entry } from './snapshot.js';

export const POLL_INTERVAL_MS = 100;

/** The events between two listings, in radovskyb's order (sorted by name within each kind). */
export function diffListings(before: Map<string, Entry>, after: Map<string, Entry>): FsEvent[] {
  const out: FsEvent[] = [];
  const removed = new Map<string, Entry>();
  const created = new Map<string, Entry>();
  for (const [name, old] of sorted(before)) {
    const cur = after.get(name);
    if (!cur) {
      removed.set(name, old);
      continue;
    }
    if (cur.mtimeMs !== old.mtimeMs) out.push({ name, op: 'WRITE' });
    if (cur.mode !== old.mode) out.push({ name, op: 'CHMOD' });
  }
  for (const [name, cur] of sorted(after)) if (!before.has(name)) created.set(name, cur);
  for (const [oldName, old] of removed) {
    for (const [newName, cur] of created) {
      if (!sameFile(old, cur)) continue;
      out.push({ name: oldName, op: 'RENAME' });
      removed.delete(oldName);
      created.delete(newName);
      break;
    }
  }
  for (const name of created.keys()) out.push({ name, op: 'CREATE' });
  for (const name of removed.keys()) out.push({ name, op: 'REMOVE' });
  return out;
}

/** Poll `dir` (which must exist) every {@link POLL_INTERVAL_MS}. */
export async function watchPolling(
  dir: string,
  sink: WatchSink,
  intervalMs = POLL_INTERVAL_MS,
): Promise<DirWatcher> {
  let last = await readSnapshot(dir);
  let closed = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;

  const tick = async () => {
    let next: Map<string, Entry>;
    try {
      next = await readSnapshot(dir);
    } catch (err) {
      if (!closed) sink.error(err as Error);
      return;
    }
    const events = diffListings(last, next);
    last = next;
    for (const e of events) {
      if (closed) return;
      try {
        await sink.event(e);
      } catch (err) {
        sink.error(err as Error);
      }
    }
    schedule();
  };
  // One tick at a time: the next listing starts 100 ms after the previous events were delivered.
  const schedule = () => {
    if (closed) return;
    timer = setTimeout(() => {
      running = tick();
    }, intervalMs);
  };
  schedule();
  return {
    async close() {
      closed = true;
      clearTimeout(timer);
      await running;
    },
  };
}

function sorted(m: Map<string, Entry>): [string, Entry][] {
  return [...m.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}
