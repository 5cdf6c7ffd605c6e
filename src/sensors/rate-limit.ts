/**
 * Exact, evenly spaced rate limit per trigger (spec/sensor.md §9.1). Executions start at least
 * `unit / requestsPerUnit` apart, measured from the actual previous start, so no window of one unit
 * ever holds more than `requestsPerUnit` starts (upstream's limiter had slack and let bursts through,
 * argo-events#2851). Waiters are served in arrival order.
 * @module
 */
import type { RateLimit } from './spec.js';

const UNIT_MS: Record<string, number> = { Second: 1000, Minute: 60_000, Hour: 3_600_000 };

export class RateLimiter {
  private tail: Promise<void> = Promise.resolve();
  private lastStart = -Infinity;

  /** @param intervalMs minimum spacing between two starts */
  constructor(readonly intervalMs: number) {}

  /** A limiter for `rateLimit`, or `undefined` when there is no limit (absent, or requestsPerUnit ≤ 0). */
  static from(r: RateLimit | undefined): RateLimiter | undefined {
    if (!r || !r.requestsPerUnit || r.requestsPerUnit <= 0) return undefined;
    return new RateLimiter((UNIT_MS[r.unit ?? 'Second'] ?? 1000) / r.requestsPerUnit);
  }

  /** Wait for this caller's turn. Rejects (and gives the turn up) when `signal` aborts. */
  take(signal?: AbortSignal): Promise<void> {
    const turn = this.tail.then(() => this.waitSlot(signal));
    this.tail = turn.catch(() => undefined);
    return turn;
  }

  private async waitSlot(signal?: AbortSignal): Promise<void> {
    for (;;) {
      signal?.throwIfAborted();
      const wait = this.lastStart + this.intervalMs - performance.now();
      if (wait <= 0) break;
      await sleep(wait, signal);
    }
    this.lastStart = performance.now();
  }
}

/** Sleep `ms`; rejects with the abort reason when `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason as Error);
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(signal!.reason as Error);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
