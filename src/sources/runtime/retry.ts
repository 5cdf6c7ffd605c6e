/**
 * Start retries of a listener (spec/eventsource.md §2.2): upstream retries `StartListening` with
 * `wait.Backoff{Steps: 10, Duration: 1s, Factor: 1, Jitter: 30}`, i.e. up to 10 attempts with a wait of
 * `d + rand·jitter·d` between them.
 * @module
 */

export interface StartRetryPolicy {
  /** Attempts in total (default 10). */
  attempts: number;
  /** First wait in ms (default 1000). */
  baseMs: number;
  /** Multiplier per attempt (default 1). */
  factor: number;
  /** Jitter factor as Go's `wait.Jitter`: wait = d + random·jitter·d (default 30). */
  jitter: number;
}

export const DEFAULT_START_RETRY: Readonly<StartRetryPolicy> = Object.freeze({
  attempts: 10,
  baseMs: 1000,
  factor: 1,
  jitter: 30,
});

/** Wait before attempt `n + 1` (n ≥ 1 attempts done). */
export function retryDelay(p: StartRetryPolicy, n: number): number {
  const d = p.baseMs * p.factor ** (n - 1);
  return d + (p.jitter > 0 ? Math.random() * p.jitter * d : 0);
}

/** Sleep `ms`, resolving early (with `false`) when `signal` aborts. */
export function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const done = (ok: boolean) => {
      clearTimeout(t);
      signal.removeEventListener('abort', onAbort);
      resolve(ok);
    };
    const onAbort = () => done(false);
    const t = setTimeout(() => done(true), ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
