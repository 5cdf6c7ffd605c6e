/**
 * The logging surface the bus needs. Structurally compatible with a pino logger, so callers pass
 * theirs; tests pass a recording one.
 * @module
 */

/** One log method: a context object and an optional message (pino's `(obj, msg)` form). */
export type BusLogFn = (obj: object, msg?: string) => void;

/** Minimal logger: pino's `Logger` satisfies it. */
export interface BusLogger {
  debug: BusLogFn;
  info: BusLogFn;
  warn: BusLogFn;
  error: BusLogFn;
}

const noop: BusLogFn = () => {};

/** A logger that drops everything (the default when the caller passes none). */
export const silentLogger: BusLogger = { debug: noop, info: noop, warn: noop, error: noop };

/** Logs a repeated message at most once per interval per key. */
export interface ThrottledLog {
  /** Log `msg` under `key` unless the same key was logged less than `intervalMs` ago. */
  log(level: keyof BusLogger, key: string, obj: object, msg: string): void;
  /** Forget a key, so its next occurrence logs at once (e.g. after a reconnect). */
  reset(key?: string): void;
}

/**
 * Rate-limit repeated log lines: a flapping connection otherwise writes one line per attempt
 * (upstream users saw 200,000 lines in minutes, argo-events#3497). Suppressed repeats are counted and
 * reported with the next line that gets through.
 */
export function throttledLog(
  logger: BusLogger,
  intervalMs = 10_000,
  now: () => number = Date.now,
): ThrottledLog {
  const seen = new Map<string, { at: number; suppressed: number }>();
  return {
    log(level, key, obj, msg) {
      const t = now();
      const s = seen.get(key);
      if (s && t - s.at < intervalMs) {
        s.suppressed++;
        return;
      }
      const suppressed = s?.suppressed ?? 0;
      seen.set(key, { at: t, suppressed: 0 });
      logger[level](suppressed > 0 ? { ...obj, suppressed } : obj, msg);
    },
    reset(key) {
      if (key === undefined) seen.clear();
      else seen.delete(key);
    },
  };
}
