/**
 * The `file` type (spec/eventsource.md §3.3): watch the entries directly in `watchPathConfig.directory`
 * (inotify through `fs.watch`, or polling every 100 ms), and dispatch `{"name", "op", "metadata"}` for
 * each change whose op text equals `eventType` and whose path matches `path`/`pathRegexp`.
 * @module
 */
import { SourceError } from '../../api/index.js';
import { LOG_FIELDS } from '../../api/index.js';
import type { FileEventSource } from '../../api/index.js';
import type { ListenerContext, SourceDriver } from '../types.js';
import { fileEventData, pathMatcher, type FsEvent } from './events.js';
import { watchInotify, type DirWatcher } from './inotify.js';
import { watchPolling } from './poll.js';

export const fileDriver: SourceDriver<FileEventSource> = {
  type: 'file',
  async start(ctx) {
    const cfg = ctx.config;
    const dir = cfg.watchPathConfig.directory;
    if (!dir) throw fail(ctx, 'directory is required');
    let matches: (name: string) => boolean;
    try {
      matches = pathMatcher(cfg.watchPathConfig);
    } catch (err) {
      throw fail(
        ctx,
        `failed to match file path with configured regex ${cfg.watchPathConfig.pathRegexp}: ${(err as Error).message}`,
        err,
      );
    }
    const failed = deferred();
    const sink = {
      event: (e: FsEvent) =>
        matches(e.name) && e.op === cfg.eventType ? dispatchOne(ctx, e) : Promise.resolve(),
      error: (err: Error) =>
        failed.reject(fail(ctx, `failed to process ${ctx.eventName}: ${err.message}`, err)),
    };
    let watcher: DirWatcher;
    try {
      watcher = cfg.polling ? await watchPolling(dir, sink) : await watchInotify(dir, sink);
    } catch (err) {
      throw fail(
        ctx,
        `failed to add directory ${dir} to the watcher for ${ctx.eventName}: ${(err as Error).message}`,
        err,
      );
    }
    ctx.logger.info({ directory: dir, polling: cfg.polling === true }, 'listening to file notifications...');
    return { stop: () => watcher.close(), done: failed.promise };
  },
};

/** Dispatch one matched event; failures are logged (the dispatcher counts them), never fatal. */
export async function dispatchOne(
  ctx: ListenerContext<{ metadata?: Record<string, string> }>,
  e: FsEvent,
): Promise<void> {
  const started = performance.now();
  ctx.logger.info({ 'event-type': e.op, 'descriptor-name': e.name }, 'dispatching file event...');
  try {
    await ctx.dispatch(Buffer.from(fileEventData(e, ctx.config.metadata), 'utf8'));
  } catch (err) {
    ctx.logger.error({ [LOG_FIELDS.error]: err }, 'failed to process a file event');
  } finally {
    ctx.metrics.observeSince(started);
  }
}

/** A SourceError naming this listener. */
export function fail(ctx: ListenerContext<unknown>, message: string, cause?: unknown): SourceError {
  const where = {
    sourceType: ctx.eventSourceType,
    eventSourceName: ctx.eventSourceName,
    eventName: ctx.eventName,
  };
  return new SourceError(message, where, cause === undefined ? undefined : { cause });
}

/** A promise settled from outside; unobserved rejections are not reported as unhandled. */
export function deferred(): { promise: Promise<void>; reject(err: unknown): void } {
  let reject!: (err: unknown) => void;
  const promise = new Promise<void>((_, rej) => (reject = rej));
  promise.catch(() => undefined);
  return { promise, reject };
}
