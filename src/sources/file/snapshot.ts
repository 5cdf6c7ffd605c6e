/**
 * Directory snapshots: the entries directly in one directory with what the watchers compare (inode,
 * birth time, mode, owner, size, times).
 * @module
 */
import { lstat, readdir } from 'node:fs/promises';
import path from 'node:path';

/** What is known about one directory entry. */
export interface Entry {
  ino: number;
  birthtimeMs: number;
  mode: number;
  uid: number;
  gid: number;
  size: number;
  mtimeMs: number;
  ctimeMs: number;
}

/** The entry at `file`, or `undefined` when it does not exist (any stat error counts as gone). */
export async function statEntry(file: string): Promise<Entry | undefined> {
  try {
    const s = await lstat(file);
    return {
      ino: s.ino,
      birthtimeMs: s.birthtimeMs,
      mode: s.mode,
      uid: s.uid,
      gid: s.gid,
      size: s.size,
      mtimeMs: s.mtimeMs,
      ctimeMs: s.ctimeMs,
    };
  } catch {
    return undefined;
  }
}

/** Every entry directly in `dir` by base name; throws when the directory cannot be read. */
export async function readSnapshot(dir: string): Promise<Map<string, Entry>> {
  const names = await readdir(dir);
  const out = new Map<string, Entry>();
  await Promise.all(
    names.map(async (n) => {
      const e = await statEntry(path.join(dir, n));
      if (e) out.set(n, e);
    }),
  );
  return out;
}

/** The same file (inode), not a new one that reused the inode number (birth time differs). */
export function sameFile(a: Entry, b: Entry): boolean {
  return a.ino === b.ino && a.birthtimeMs === b.birthtimeMs;
}

/** An attribute change without a content change: mode or owner changed, or only ctime moved. */
export function attributesOnly(prev: Entry, cur: Entry): boolean {
  if (prev.mode !== cur.mode || prev.uid !== cur.uid || prev.gid !== cur.gid) return true;
  return prev.ctimeMs !== cur.ctimeMs && prev.mtimeMs === cur.mtimeMs && prev.size === cur.size;
}
