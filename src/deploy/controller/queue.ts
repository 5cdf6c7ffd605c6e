/**
 * The controller's work queue: keys to reconcile, each at most once in the queue and never two
 * reconciles of one key at a time; a failed key comes back after an exponential backoff, reset by a
 * success. Level-based: a key only says "look at this resource again", never what changed.
 * @module
 */

export interface QueueOptions {
  /** First retry delay after a failure (ms). */
  baseDelayMs?: number;
  /** Longest retry delay (ms). */
  maxDelayMs?: number;
}

export class WorkQueue {
  private readonly pending = new Set<string>();
  private readonly running = new Set<string>();
  /** Keys added while they were running: reconciled again afterwards. */
  private readonly dirty = new Set<string>();
  private readonly failures = new Map<string, number>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private wake?: () => void;
  private closed = false;
  private readonly base: number;
  private readonly max: number;

  constructor(opts: QueueOptions = {}) {
    this.base = opts.baseDelayMs ?? 500;
    this.max = opts.maxDelayMs ?? 30_000;
  }

  add(key: string): void {
    if (this.closed) return;
    if (this.running.has(key)) this.dirty.add(key);
    else this.pending.add(key);
    this.wake?.();
  }

  /** The next key to work on, or `undefined` once closed. */
  async next(): Promise<string | undefined> {
    while (!this.closed) {
      const key = this.pending.values().next();
      if (!key.done) {
        this.pending.delete(key.value);
        this.running.add(key.value);
        return key.value;
      }
      await new Promise<void>((resolve) => (this.wake = resolve));
      this.wake = undefined;
    }
    return undefined;
  }

  /** The key's reconcile finished: a failure schedules a retry with backoff. */
  done(key: string, failed: boolean): number | undefined {
    this.running.delete(key);
    if (this.dirty.delete(key)) this.add(key);
    if (!failed) {
      this.failures.delete(key);
      return undefined;
    }
    const n = (this.failures.get(key) ?? 0) + 1;
    this.failures.set(key, n);
    // full jitter over the upper half, so many failing keys do not retry in lockstep
    const ceiling = Math.min(this.max, this.base * 2 ** (n - 1));
    const delay = Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
    const t = setTimeout(() => {
      this.timers.delete(t);
      this.add(key);
    }, delay);
    this.timers.add(t);
    return delay;
  }

  close(): void {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.wake?.();
  }
}
