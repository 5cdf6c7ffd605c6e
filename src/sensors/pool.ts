/** A counting semaphore: bounded concurrency with FIFO waiters. */
export class Semaphore {
  private free: number;
  private readonly waiters: (() => void)[] = [];
  private idleWaiters: (() => void)[] = [];

  constructor(readonly size: number) {
    this.free = size;
  }

  /** Resolves when a slot is taken; call the returned function exactly once to give it back. */
  async acquire(): Promise<() => void> {
    if (this.free > 0) this.free--;
    else await new Promise<void>((r) => this.waiters.push(r));
    return this.releaser();
  }

  /** A slot now without waiting (no promise on the hot path), or undefined when none is free. */
  tryAcquire(): (() => void) | undefined {
    if (this.free === 0) return undefined;
    this.free--;
    return this.releaser();
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiters.shift();
      if (next) next();
      else {
        this.free++;
        if (this.free === this.size) for (const w of this.idleWaiters.splice(0)) w();
      }
    };
  }

  /** Slots in use. */
  get busy(): number {
    return this.size - this.free;
  }

  /** Resolves when no slot is in use. */
  idle(): Promise<void> {
    if (this.free === this.size && this.waiters.length === 0) return Promise.resolve();
    return new Promise((r) => this.idleWaiters.push(r));
  }
}
