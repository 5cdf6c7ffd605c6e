/** The 60-second recent-event-id cache of a trigger (spec/README.md §6): repeats are skipped (and acked). */

export const DEDUP_WINDOW_MS = 60_000;

/** Ids seen in the last `windowMs`, expired lazily in insertion order (O(1) per operation). */
export class RecentIds {
  private readonly seen = new Map<string, number>();
  /** When the oldest entry expires: until then there is nothing to expire (checked per event). */
  private nextExpiry = Infinity;

  constructor(private readonly windowMs = DEDUP_WINDOW_MS) {}

  /** True if `id` was added less than the window ago. */
  has(id: string, now = Date.now()): boolean {
    this.expire(now);
    return this.seen.has(id);
  }

  /** Remember `id` as seen now. */
  add(id: string, now = Date.now()): void {
    this.seen.delete(id); // re-insert at the end so expiry order stays by time
    this.seen.set(id, now);
    if (this.seen.size === 1) this.nextExpiry = now + this.windowMs;
    this.expire(now);
  }

  /** Forget `id` (its processing did not finish, so a redelivery must be processed). */
  delete(id: string): void {
    this.seen.delete(id);
  }

  private expire(now: number): void {
    if (now < this.nextExpiry) return;
    this.nextExpiry = Infinity;
    for (const [id, at] of this.seen) {
      if (now - at < this.windowMs) {
        this.nextExpiry = at + this.windowMs;
        break;
      }
      this.seen.delete(id);
    }
  }
}
