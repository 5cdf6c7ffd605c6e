/**
 * What `file` and `sftp` share (spec/eventsource.md §3.3, §3.4): the operation bitmask, path matching
 * against `watchPathConfig`, and the event data `{"name", "op", "metadata"}`.
 * @module
 */
import type { WatchPathConfig } from '../../api/index.js';
import { compileRe2 } from '../filter/go.js';

/** Upstream `fsevent.Op` bits; the data's `op` is this number. */
export const FILE_OP_BITS = { CREATE: 1, WRITE: 2, REMOVE: 4, RENAME: 8, CHMOD: 16 } as const;

/** An operation name as the watchers print it (`MOVE` only from the polling watcher). */
export type FileOp = keyof typeof FILE_OP_BITS | 'MOVE';

/** One change seen by a watcher: `name` is what the data carries and the path matching sees. */
export interface FsEvent {
  name: string;
  op: FileOp;
}

/** Upstream `fsevent.NewOp`: unknown names (polling's `MOVE`) are 0. */
export function opBits(op: FileOp): number {
  return op === 'MOVE' ? 0 : FILE_OP_BITS[op];
}

/**
 * Does an event's name match? The relative path is `name` with `directory` removed as a plain string
 * prefix (Go `strings.TrimPrefix`), compared exactly with `path` or searched with the RE2 `pathRegexp`.
 * Throws when `pathRegexp` does not compile.
 */
export function pathMatcher(cfg: WatchPathConfig): (name: string) => boolean {
  const dir = cfg.directory ?? '';
  const re = cfg.pathRegexp ? compileRe2(cfg.pathRegexp) : undefined;
  return (name) => {
    const rel = dir !== '' && name.startsWith(dir) ? name.slice(dir.length) : name;
    if (cfg.path && cfg.path === rel) return true;
    return re !== undefined && re.test(rel);
  };
}

/** The data JSON; `metadata` is always present (`null` when not set), as upstream's struct has no omitempty. */
export function fileEventData(e: FsEvent, metadata: Record<string, string> | undefined): string {
  return `{"name":${JSON.stringify(e.name)},"op":${opBits(e.op)},"metadata":${JSON.stringify(metadata ?? null)}}`;
}
