/**
 * fsnotify-like events from `fs.watch` (inotify on Linux). libuv folds inotify's masks into two kinds:
 * `rename` (IN_CREATE, IN_DELETE, IN_MOVED_FROM/TO) and `change` (IN_MODIFY, IN_ATTRIB). The op names
 * fsnotify would print are recovered from a snapshot of the directory:
 * - `rename` on a name not in the snapshot → CREATE; on a known name that is gone → RENAME when its
 *   inode shows up under a name queued next (a move within the directory), else REMOVE (a move out of
 *   the directory also reads as REMOVE); on a known name now holding another file → REMOVE when another
 *   `rename` for it is queued (delete + create), else CREATE (moved over, as an atomic save does).
 * - `change` → CHMOD when only attributes changed (mode, owner, or ctime alone), else WRITE.
 * Events are classified and delivered one at a time, in order.
 * @module
 */
import { watch, type FSWatcher } from 'node:fs';
import path from 'node:path';
import type { FsEvent } from './events.js';
import { attributesOnly, readSnapshot, sameFile, statEntry, type Entry } from './snapshot.js';

/** Where a watcher delivers: `event` is awaited before the next one is delivered. */
export interface WatchSink {
  event(e: FsEvent): Promise<void>;
  error(err: Error): void;
}

export interface DirWatcher {
  /** Stop watching; resolves once the event being delivered (if any) is done. */
  close(): Promise<void>;
}

interface Raw {
  type: 'rename' | 'change';
  name: string;
}

/** Seen created but already gone when classified: its removal is still to come. */
const GHOST: Entry = { ino: -1, birthtimeMs: -1, mode: 0, uid: 0, gid: 0, size: 0, mtimeMs: 0, ctimeMs: 0 };

/** Watch the entries directly in `dir` (which must exist). */
export async function watchInotify(dir: string, sink: WatchSink): Promise<DirWatcher> {
  const snap = await readSnapshot(dir);
  const self = path.basename(path.resolve(dir));
  const queue: Raw[] = [];
  let closed = false;
  let running: Promise<void> | undefined;

  const kick = () => {
    running ??= drain().finally(() => {
      running = undefined;
      if (queue.length > 0 && !closed) kick();
    });
  };
  const watcher: FSWatcher = watch(dir, { persistent: true }, (type, filename) => {
    if (closed || !filename) return;
    queue.push({ type: type === 'rename' ? 'rename' : 'change', name: String(filename) });
    kick();
  });
  watcher.on('error', (err) => {
    if (!closed) sink.error(err);
  });

  async function drain(): Promise<void> {
    while (queue.length > 0 && !closed) {
      const events = await classify(queue.shift()!);
      for (const e of events) {
        if (closed) return;
        try {
          await sink.event(e);
        } catch (err) {
          sink.error(err as Error);
        }
      }
    }
  }

  async function classify({ type, name }: Raw): Promise<FsEvent[]> {
    const full = path.join(dir, name);
    const prev = snap.get(name);
    const cur = await statEntry(full);
    // libuv names events on the watched directory itself after its base name; fsnotify uses its path.
    if (name === self && !prev && !cur)
      return [{ name: path.join(dir), op: type === 'change' ? 'CHMOD' : 'REMOVE' }];
    if (type === 'change') {
      if (cur) snap.set(name, cur);
      return [
        { name: full, op: prev && prev !== GHOST && cur && attributesOnly(prev, cur) ? 'CHMOD' : 'WRITE' },
      ];
    }
    if (!prev || (cur && sameFile(prev, cur))) {
      snap.set(name, cur ?? GHOST);
      return [{ name: full, op: 'CREATE' }];
    }
    const removal = !cur || queue.some((q) => q.type === 'rename' && q.name === name);
    if (!removal) {
      snap.set(name, cur);
      return [{ name: full, op: 'CREATE' }];
    }
    snap.delete(name);
    const renamed = prev !== GHOST && (await movedWithin(prev, name));
    return [{ name: full, op: renamed ? 'RENAME' : 'REMOVE' }];
  }

  /** Is the file now under another name whose `rename` (IN_MOVED_TO) is queued? */
  async function movedWithin(prev: Entry, oldName: string): Promise<boolean> {
    for (const q of queue) {
      if (q.type !== 'rename' || q.name === oldName) continue;
      const e = await statEntry(path.join(dir, q.name));
      if (e && sameFile(prev, e)) return true;
    }
    return false;
  }

  return {
    async close() {
      closed = true;
      watcher.close();
      queue.length = 0;
      await running;
    },
  };
}
