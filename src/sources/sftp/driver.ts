/**
 * The `sftp` type (spec/eventsource.md §3.4): list the remote `watchPathConfig.directory` at start, then
 * every `pollIntervalDuration` (default 10 s), and diff the listings by base name: gone entries are
 * REMOVE, new ones or ones whose size or mtime changed are CREATE (upstream's diff). Matching and data as
 * `file`, with `name` = the base name.
 * @module
 */
import { parseGoDuration } from '../../api/index.js';
import type { SFTPEventSource } from '../../api/index.js';
import { deferred, dispatchOne, fail } from '../file/driver.js';
import { pathMatcher, type FsEvent } from '../file/events.js';
import { sleep } from '../runtime/retry.js';
import type { SourceDriver } from '../types.js';
import { connectConfig } from './auth.js';
import { openSftp, type RemoteFile, type SftpSession } from './client.js';

export const DEFAULT_POLL_INTERVAL_MS = 10_000;

/** Upstream `diffFiles`: removed entries, then new or changed ones (sorted by name here). */
export function diffRemote(before: RemoteFile[], after: RemoteFile[]): FsEvent[] {
  const now = new Map(after.map((f) => [f.name, f]));
  const was = new Map(before.map((f) => [f.name, f]));
  const removed = before.filter((f) => !now.has(f.name)).map((f) => f.name);
  const created = after
    .filter((f) => {
      const old = was.get(f.name);
      return !old || old.size !== f.size || old.mtime !== f.mtime;
    })
    .map((f) => f.name);
  return [
    ...removed.sort().map((name): FsEvent => ({ name, op: 'REMOVE' })),
    ...created.sort().map((name): FsEvent => ({ name, op: 'CREATE' })),
  ];
}

/** The poll interval: `pollIntervalDuration` when it parses to a positive duration, else 10 s. */
export function pollIntervalMs(text: string | undefined): number {
  const ns = text ? parseGoDuration(text) : undefined;
  return ns !== undefined && ns > 0 ? Math.max(1, ns / 1e6) : DEFAULT_POLL_INTERVAL_MS;
}

export const sftpDriver: SourceDriver<SFTPEventSource> = {
  type: 'sftp',
  async start(ctx) {
    const cfg = ctx.config;
    const dir = cfg.watchPathConfig.directory;
    if (!dir) throw fail(ctx, 'directory is required');
    let matches: (name: string) => boolean;
    let session: SftpSession;
    try {
      matches = pathMatcher(cfg.watchPathConfig);
      const conn = connectConfig(cfg, ctx.secrets);
      session = await openSftp(conn);
    } catch (err) {
      throw fail(ctx, (err as Error).message, err);
    }
    const list = () =>
      session.list(dir).catch((err: unknown) => {
        throw fail(
          ctx,
          `failed to read directory ${dir} for ${ctx.eventName}: ${(err as Error).message}`,
          err,
        );
      });
    let files: RemoteFile[];
    try {
      files = await list();
    } catch (err) {
      session.close();
      throw err;
    }
    const interval = pollIntervalMs(cfg.pollIntervalDuration);
    ctx.logger.info({ directory: dir, pollIntervalMs: interval }, 'listening to sftp notifications...');
    const stopped = new AbortController();
    const failed = deferred();
    const poll = async () => {
      while (await sleep(interval, stopped.signal)) {
        const next = await list();
        for (const e of diffRemote(files, next)) {
          if (stopped.signal.aborted) return;
          if (e.op === cfg.eventType && matches(e.name)) await dispatchOne(ctx, e);
        }
        files = next;
      }
    };
    const running = poll().catch((err: unknown) => failed.reject(err));
    session.lost.catch((err: unknown) => failed.reject(fail(ctx, (err as Error).message, err)));
    return {
      async stop() {
        stopped.abort();
        await running;
        session.close();
      },
      done: failed.promise,
    };
  },
};
