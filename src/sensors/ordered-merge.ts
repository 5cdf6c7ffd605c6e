/**
 * Merges the batches of several durable consumers (one per subject of an AND trigger) into one stream
 * order, so `a, b, a, b` published in that order is seen in that order even though each consumer pulls
 * its own batches. Without it, a batch of 64 `a`s is processed before the `b`s and each `a` overwrites
 * the previous one: one firing per batch instead of one per pair.
 *
 * A message is handed over once no other consumer can still deliver an earlier one:
 * - a consumer whose last message said more are pending (`info.pending > 0`), or which has not delivered
 *   yet, must have delivered past it;
 * - a consumer whose last message said it had nothing more (queued messages or not) may have received
 *   messages since: only sequences up to its last + 1 are known to be clear. Past that it is asked
 *   ({@link OrderedMergeOptions.confirm}: its consumer info). Nothing pending and nothing delivered beyond
 *   what arrived here clears it up to every sequence this merge had received when it asked (those were
 *   stored before the question).
 *
 * On a 3-node bus one consumer's deliveries can lag another's by hundreds of milliseconds; trusting its
 * last "nothing more" let the other consumer's later messages overtake it and lost pairs (measured:
 * 8,700–9,990 firings of 10,000 perfectly interleaved pairs per run; with the question, 10,000).
 *
 * A consumer that lags longer than `windowMs` is not waited for until it delivers again (stream order is then best effort, never a stall). Redeliveries expected after a crash
 * ({@link OrderedMerge.start}) are waited for up to their ack wait.
 * @module
 */
import type { JsMsg } from '../bus/index.js';

export interface OrderedMergeOptions {
  /** Longest wait for a lagging consumer before going on without it (ms). */
  windowMs: number;
  /** Most messages handed over at once. */
  maxGroup: number;
  /** A consumer's `push` resolves once its queue is at most this long (back-pressure). */
  maxQueued: number;
  /**
   * Consumer `index`'s state on the server now: messages not yet delivered (`num_pending`) and the
   * consumer sequence of its last delivery (`delivered.consumer_seq`; not the stream sequence, which
   * a filtered consumer advances past messages it skips). Without it an idle consumer is trusted.
   */
  confirm?: (index: number) => Promise<{ pending: number; deliveredConsumerSeq: number }>;
}

interface Source {
  queue: JsMsg[];
  /** Stream sequence of the last message received (at start: the consumer's ack floor). */
  lastSeq: number;
  /** Consumer sequence of the last message received (at start: of its last delivery). */
  lastConsumerSeq: number;
  /** The last message received said the consumer has more pending. */
  more: boolean;
  /**
   * Redeliveries expected (messages a previous process received and never acked) up to this stream
   * sequence, until `expectDeadline` (ms): they come back only once their ack wait has passed.
   */
  expectUntil: number;
  expectDeadline: number;
  /** Known to have nothing up to this stream sequence (answered by `confirm`). */
  clearedThrough: number;
  /** A `confirm` question is out. */
  asking: boolean;
  roomWaiters: (() => void)[];
}

/** A consumer's state when the trigger starts (from its consumer info). */
export interface SourceStart {
  /** Messages never delivered (`num_pending`). */
  pending: number;
  /** Delivered and not acked (`num_ack_pending`): they will be redelivered. */
  ackPending: number;
  /** Stream sequence below which everything is acked (`ack_floor.stream_seq`). */
  ackFloor: number;
  /** Highest stream sequence delivered so far (`delivered.stream_seq`). */
  delivered: number;
  /** Consumer sequence of the last delivery (`delivered.consumer_seq`). */
  deliveredConsumerSeq?: number;
  /** The consumer's ack wait (ms): redeliveries are due by then. */
  ackWaitMs: number;
}

/** Runs `handle` on groups of messages in stream order, one group at a time. */
export class OrderedMerge {
  private readonly sources: Source[] = [];
  private wake: (() => void) | undefined;
  private running: Promise<void> = Promise.resolve();
  private active = false;
  private closed = false;
  /** Highest stream sequence received from any consumer. */
  private maxSeen = 0;

  constructor(
    count: number,
    private readonly handle: (msgs: JsMsg[]) => Promise<void>,
    private readonly o: OrderedMergeOptions,
  ) {
    // until its start is known, a consumer may hold the earliest message
    for (let i = 0; i < count; i++) {
      // prettier-ignore
      const s = { queue: [], lastSeq: 0, lastConsumerSeq: 0, more: true, expectUntil: 0, expectDeadline: 0, clearedThrough: 0, asking: false, roomWaiters: [] };
      this.sources.push(s);
    }
  }

  /**
   * What consumer `index` holds at start. After a crash, the messages the dead process held come back
   * only after their ack wait: the other consumers wait for them (up to that long), so pairs are still
   * formed in stream order.
   */
  start(index: number, c: SourceStart): void {
    const s = this.sources[index]!;
    if (s.queue.length > 0 || s.lastSeq > c.ackFloor) return; // it delivered already
    s.lastSeq = c.ackFloor;
    s.lastConsumerSeq = c.deliveredConsumerSeq ?? 0;
    s.more = c.pending > 0;
    if (c.ackPending > 0) {
      s.expectUntil = c.delivered;
      s.expectDeadline = Date.now() + c.ackWaitMs + 2000;
    }
    this.kick();
  }

  /** Queue consumer `index`'s batch; resolves when there is room for its next one. */
  push(index: number, msgs: readonly JsMsg[]): Promise<void> {
    const s = this.sources[index]!;
    if (msgs.length === 0) return Promise.resolve();
    s.queue.push(...msgs);
    const last = msgs[msgs.length - 1]!;
    s.lastSeq = last.seq;
    s.lastConsumerSeq = last.info.deliverySequence;
    s.more = last.info.pending > 0;
    if (last.seq > this.maxSeen) this.maxSeen = last.seq;
    this.kick();
    if (s.queue.length <= this.o.maxQueued) return Promise.resolve();
    return new Promise((r) => s.roomWaiters.push(r));
  }

  /** Stop handing over; returns the messages still queued (the caller settles them). */
  async close(): Promise<JsMsg[]> {
    this.closed = true;
    this.wake?.();
    await this.running;
    const left = this.sources.flatMap((s) => s.queue.splice(0));
    for (const s of this.sources) s.roomWaiters.splice(0).forEach((r) => r());
    return left;
  }

  /** Resolves when nothing is queued or being handled. */
  async idle(): Promise<void> {
    while (this.active) await this.running;
  }

  private kick(): void {
    if (this.wake) this.wake();
    else if (!this.active && this.sources.some((s) => s.queue.length > 0)) {
      this.active = true;
      this.running = this.drain();
    }
  }

  private async drain(): Promise<void> {
    let waitingSince: number | undefined;
    try {
      while (!this.closed && this.sources.some((s) => s.queue.length > 0)) {
        const force = waitingSince !== undefined && performance.now() - waitingSince >= this.o.windowMs;
        const group = this.take(force);
        if (group.length === 0) {
          waitingSince ??= performance.now();
          // past the window only expected redeliveries can still hold us: sleep until they are due
          const left = force ? this.expectedDueMs() : this.o.windowMs - (performance.now() - waitingSince);
          await this.sleep(left);
          continue;
        }
        waitingSince = undefined;
        await this.handle(group);
        for (const s of this.sources) {
          if (s.queue.length <= this.o.maxQueued) s.roomWaiters.splice(0).forEach((r) => r());
        }
      }
    } finally {
      // runs in the same tick as the loop's last emptiness check, so no push can fall in between
      this.active = false;
    }
  }

  /**
   * Messages safe to hand over now, in stream order. With `force` (the window passed) the lagging
   * consumers are no longer waited for until they deliver again.
   */
  private take(force: boolean): JsMsg[] {
    let bound = Infinity;
    const now = Date.now();
    for (const [i, s] of this.sources.entries()) {
      if (force && s.queue.length === 0) s.more = false;
      const expecting = s.lastSeq < s.expectUntil && now < s.expectDeadline;
      if (s.more || expecting) bound = Math.min(bound, s.lastSeq);
      else if (this.o.confirm && !force) {
        // its next message comes after its last (queued or not): clear up to last + 1 (no other sequence
        // can lie between), or as far as it confirmed
        const clear = Math.max(s.lastSeq + 1, s.clearedThrough);
        if (clear < this.maxSeen) this.ask(i, s);
        bound = Math.min(bound, clear);
      }
    }
    const out: JsMsg[] = [];
    while (out.length < this.o.maxGroup) {
      let best: Source | undefined;
      for (const s of this.sources) {
        const head = s.queue[0];
        if (head && head.seq <= bound && (!best || head.seq < best.queue[0]!.seq)) best = s;
      }
      if (!best) break;
      out.push(best.queue.shift()!);
    }
    return out;
  }

  /** Ask whether consumer `i` holds anything below what this merge has received; kick on the answer. */
  private ask(i: number, s: Source): void {
    if (s.asking) return;
    s.asking = true;
    const seen = this.maxSeen;
    const lastConsumerSeq = s.lastConsumerSeq;
    this.o.confirm!(i)
      .then(({ pending, deliveredConsumerSeq }) => {
        // a delivery that arrived meanwhile says more than the answer (and set `more` itself)
        if (s.lastConsumerSeq !== lastConsumerSeq) return;
        if (pending === 0 && deliveredConsumerSeq <= lastConsumerSeq)
          s.clearedThrough = Math.max(s.clearedThrough, seen);
        else s.more = true; // on its way: wait for it (the window still bounds the wait)
      })
      .catch(() => undefined) // unanswered: the window decides
      .finally(() => {
        s.asking = false;
        this.kick();
      });
  }

  /** Ms until the first deadline of expected redeliveries still outstanding. */
  private expectedDueMs(): number {
    const now = Date.now();
    let due = Infinity;
    for (const s of this.sources) {
      if (s.lastSeq < s.expectUntil && now < s.expectDeadline) due = Math.min(due, s.expectDeadline - now);
    }
    return Number.isFinite(due) ? due : 1;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, Math.max(1, ms));
      this.wake = done;
    });
  }
}
