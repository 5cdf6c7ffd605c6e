/**
 * Dispatches under way: a listener hands messages to the bus without waiting for each one (the
 * publisher pipelines them), and waits for all of them before it stops, so no acknowledged-to-nobody
 * message is left behind.
 * @module
 */
export class InFlight {
  private readonly pending = new Set<Promise<unknown>>();
  private waiters: (() => void)[] = [];

  /** @param limit dispatches at most under way at once ({@link room} waits beyond it) */
  constructor(private readonly limit = Number.POSITIVE_INFINITY) {}

  get size(): number {
    return this.pending.size;
  }

  /** Track `p` (its rejection is the caller's business: handle it before passing it here). */
  track(p: Promise<unknown>): void {
    const tracked = p.finally(() => {
      this.pending.delete(tracked);
      const w = this.waiters;
      this.waiters = [];
      for (const wake of w) wake();
    });
    tracked.catch(() => undefined);
    this.pending.add(tracked);
  }

  /** Resolves once fewer than `limit` dispatches are under way. */
  async room(): Promise<void> {
    while (this.pending.size >= this.limit) await new Promise<void>((r) => this.waiters.push(r));
  }

  /** Resolves once nothing is under way (including what is added while waiting). */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }
}
