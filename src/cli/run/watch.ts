/** Applying file changes while `jetflow run` runs: a debounced reload on any change under the paths. */
import chokidar from 'chokidar';
import type { Logger } from 'pino';

export interface Reloadable {
  reload(): Promise<void>;
}

/** Watch `paths`; after changes settle (300 ms), reload once (never two reloads at a time). */
export function watchResources(
  paths: string[],
  target: Reloadable,
  logger: Logger,
  debounceMs = 300,
): { ready: Promise<void>; close(): Promise<void> } {
  const watcher = chokidar.watch(paths, {
    ignoreInitial: true,
    ignored: (p) => /(^|\/)\.[^/]/.test(p) && !paths.includes(p),
  });
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const schedule = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      running = running
        .then(() => target.reload())
        .catch((err: Error) => logger.error({ err: err.message }, 'reload failed'));
    }, debounceMs);
  };
  watcher.on('all', (event, file) => {
    if (!/\.(ya?ml|json)$/i.test(file)) return;
    logger.info({ event, file }, 'resource file changed');
    schedule();
  });
  // Files added before the initial scan ends count as initial (ignored), so callers wait for it.
  const ready = new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
  return {
    ready,
    async close() {
      clearTimeout(timer);
      await watcher.close();
      await running;
    },
  };
}
