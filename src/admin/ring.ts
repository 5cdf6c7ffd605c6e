/** A fixed-capacity ring buffer: the admin keeps recent things, never an unbounded history. */
export class Ring<T> {
  private readonly items: (T | undefined)[];
  private start = 0;
  private count = 0;

  /** `onEvict` runs for each item pushed out by a newer one. */
  constructor(
    readonly capacity: number,
    private readonly onEvict?: (item: T) => void,
  ) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new RangeError(`capacity must be ≥ 1, got ${capacity}`);
    this.items = new Array<T | undefined>(capacity);
  }

  get size(): number {
    return this.count;
  }

  push(item: T): void {
    if (this.count < this.capacity) {
      this.items[(this.start + this.count) % this.capacity] = item;
      this.count++;
      return;
    }
    const old = this.items[this.start] as T;
    this.items[this.start] = item;
    this.start = (this.start + 1) % this.capacity;
    this.onEvict?.(old);
  }

  /** Newest first, at most `limit`, optionally only those matching `pred`. */
  newest(limit = this.capacity, pred?: (item: T) => boolean): T[] {
    const out: T[] = [];
    for (let i = this.count - 1; i >= 0 && out.length < limit; i--) {
      const item = this.items[(this.start + i) % this.capacity] as T;
      if (!pred || pred(item)) out.push(item);
    }
    return out;
  }
}
