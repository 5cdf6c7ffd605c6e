/**
 * Pipelined JetStream publisher. The stock `js.publish` costs a promise, a timer and a request-map
 * lookup per message; here each message is a core publish whose reply subject is one shared
 * subscription (`<inbox>.<token>`), pending entries live in one Map, and one interval timer sweeps
 * for timeouts and due retries. See ARCHITECTURE.md for the delivery contract.
 * @module
 */
import { createInbox, type Msg, type NatsConnection, type Subscription } from '@nats-io/nats-core';
// prettier-ignore
import { BACKOFF, msgIdHeader, publisherDefaults, PublishError, readAck, SENT, Waiters, type Entry, type PubAck,
  type PublishCallback, type PublishFailure, type PublisherOptions, type PublisherStats } from './publish-types.js';

/** Publishes with a bounded window of in-flight acks, retries, and exactly one outcome per publish. */
export class Publisher {
  private readonly cfg: ReturnType<typeof publisherDefaults>;
  private readonly prefix: string;
  private readonly sub: Subscription;
  private readonly pending = new Map<string, Entry>();
  /** Payload bytes of `pending`. */
  private inflightBytes = 0;
  private queue: Entry[] = [];
  private qHead = 0;
  private seq = 0;
  private timer: NodeJS.Timeout | undefined;
  private connected: boolean;
  private closing = false;
  private closed = false;
  private idleWaiters = new Waiters();
  private slotWaiters = new Waiters();
  private readonly statusIter: { stop?: () => void };
  private readonly s = { published: 0, acked: 0, duplicates: 0, failed: 0, retries: 0, timeouts: 0 };
  private lateAcks = 0;
  private maxInflight = 0;

  constructor(
    private readonly nc: NatsConnection,
    opts: PublisherOptions = {},
  ) {
    this.cfg = publisherDefaults(opts);
    this.prefix = `${createInbox(opts.inboxPrefix)}.`;
    this.sub = nc.subscribe(`${this.prefix}*`, { callback: (err, msg) => this.onAck(err, msg) });
    this.connected = !nc.isClosed();
    const it = nc.status();
    this.statusIter = it as { stop?: () => void };
    void this.follow(it);
    void nc.closed().then(() => this.close('the bus connection was closed'));
  }

  /**
   * Publish and resolve with the JetStream ack; rejects with a {@link PublishError}. `headers` are extra
   * message headers (the trace context when tracing is on).
   */
  publish(
    subject: string,
    data: Uint8Array,
    msgId: string,
    headers?: Readonly<Record<string, string | undefined>>,
  ): Promise<PubAck> {
    return new Promise((resolve, reject) =>
      this.publishCb(subject, data, msgId, (e, a) => (e ? reject(e) : resolve(a!)), headers),
    );
  }

  /** Callback form (no promise per message). `cb` is called exactly once, never synchronously. */
  publishCb(
    subject: string,
    data: Uint8Array,
    msgId: string,
    cb: PublishCallback,
    headers?: Readonly<Record<string, string | undefined>>,
  ): void {
    if (this.closing || this.closed) {
      const e = new PublishError('publisher is closed', 'closed', { subject, msgId });
      this.s.failed++;
      queueMicrotask(() => cb(e, undefined));
      return;
    }
    const hdrs = msgIdHeader(msgId, headers);
    const now = Date.now();
    const token = (++this.seq).toString(36);
    // prettier-ignore
    const e: Entry = { token, subject, data, hdrs, msgId, cb, firstAt: now, sentAt: 0, retryAt: 0, attempts: 0, state: SENT, why: '' };
    this.s.published++;
    if (this.connected && this.hasRoom() && this.qHead === this.queue.length) this.send(e);
    else this.queue.push(e);
    this.startTimer();
  }

  /** True when a publish now would have to wait for a free slot. */
  get full(): boolean {
    const { window, maxInflightBytes } = this.cfg;
    const queued = this.queue.length - this.qHead;
    return (
      this.pending.size + queued >= window ||
      (this.inflightBytes >= maxInflightBytes && this.pending.size > 0)
    );
  }

  /** A slot in the window: by count, and by bytes (but never blocking a lone large publish). */
  private hasRoom(): boolean {
    const { window, maxInflightBytes } = this.cfg;
    return this.pending.size < window && (this.inflightBytes < maxInflightBytes || this.pending.size === 0);
  }

  /** Resolves when a publish would not be queued (back-pressure for pipelining producers). */
  waitForSlot(): Promise<void> {
    return !this.full || this.closed ? Promise.resolve() : this.slotWaiters.wait();
  }

  /** Resolves when every accepted publish has settled (acked or rejected). */
  flush(): Promise<void> {
    return this.isIdle() ? Promise.resolve() : this.idleWaiters.wait();
  }

  /** Stop accepting publishes, wait for the in-flight ones, then release the subscription and timer. */
  async drain(): Promise<void> {
    this.closing = true;
    await this.flush();
    this.close('publisher drained');
  }

  /** Reject everything still pending and release resources. */
  close(reason = 'publisher closed'): void {
    if (this.closed) return;
    this.closed = this.closing = true;
    this.stopTimer();
    this.statusIter.stop?.();
    if (!this.nc.isClosed()) this.sub.unsubscribe();
    for (const e of this.pending.values()) this.settle(e, this.fail(e, 'closed', reason));
    while (this.qHead < this.queue.length) {
      const e = this.queue[this.qHead++];
      this.settle(e, this.fail(e, 'closed', reason));
    }
    this.wake();
  }

  stats(): PublisherStats {
    const { pending, queue, qHead, lateAcks, maxInflight } = this;
    return { ...this.s, lateAcks, maxInflight, inflight: pending.size, queued: queue.length - qHead };
  }

  private send(e: Entry): void {
    e.state = SENT;
    e.sentAt = Date.now();
    e.attempts++;
    if (!this.pending.has(e.token)) this.inflightBytes += e.data.length;
    this.pending.set(e.token, e);
    if (this.pending.size > this.maxInflight) this.maxInflight = this.pending.size;
    try {
      this.nc.publish(e.subject, e.data, { headers: e.hdrs, reply: this.prefix + e.token });
    } catch (err) {
      const reason = this.nc.isClosed() || this.nc.isDraining() ? 'closed' : 'invalid';
      this.settle(e, this.fail(e, reason, `cannot publish: ${(err as Error).message}`, err));
    }
  }

  private onAck(err: Error | null, msg: Msg): void {
    if (err) return this.cfg.logger.error({ err: err.message }, 'publish ack subscription failed');
    const e = this.pending.get(msg.subject.slice(this.prefix.length));
    if (!e) {
      this.lateAcks++;
      return;
    }
    const r = readAck(msg);
    if (r.kind === 'ack') this.settle(e, undefined, r.ack);
    else if (r.kind === 'retry') this.retryLater(e, r.why);
    else this.settle(e, this.fail(e, 'stream', r.why, undefined, r.errCode));
  }

  private fail(
    e: Entry,
    reason: PublishFailure,
    why: string,
    cause?: unknown,
    errCode?: number,
  ): PublishError {
    const msg = `publish to ${e.subject} (event id ${e.msgId}) failed: ${why}`;
    return new PublishError(msg, reason, { subject: e.subject, msgId: e.msgId, errCode }, 1000, { cause });
  }

  private retryLater(e: Entry, why: string): void {
    e.why = why;
    e.state = BACKOFF;
    const d = Math.min(this.cfg.retryMaxMs, this.cfg.retryBaseMs * 2 ** Math.min(e.attempts - 1, 16));
    e.retryAt = Date.now() + d / 2 + (Math.random() * d) / 2;
  }

  private settle(e: Entry, err: PublishError | undefined, ack?: PubAck): void {
    if (this.pending.delete(e.token)) this.inflightBytes -= e.data.length;
    if (err) this.s.failed++;
    else {
      this.s.acked++;
      if (ack!.duplicate) this.s.duplicates++;
    }
    try {
      e.cb(err, ack);
    } catch (x) {
      this.cfg.logger.error({ err: (x as Error).message }, 'publish callback threw');
    }
    if (!this.closed) this.pump();
    this.wake();
  }

  /** Move queued entries into free window slots. */
  private pump(): void {
    while (this.connected && this.hasRoom() && this.qHead < this.queue.length) {
      this.send(this.queue[this.qHead++]);
    }
    if (this.qHead > 1024 && this.qHead * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.qHead);
      this.qHead = 0;
    }
  }

  private wake(): void {
    if (!this.full || this.closed) this.slotWaiters.fire();
    if (this.isIdle()) {
      this.stopTimer();
      this.idleWaiters.fire();
    }
  }

  private isIdle(): boolean {
    return this.pending.size === 0 && this.qHead === this.queue.length;
  }

  /** One timer for all entries: deadlines, per-attempt timeouts, due retries. */
  private sweep(): void {
    const now = Date.now();
    for (const e of this.pending.values()) {
      if (now - e.firstAt >= this.cfg.deadlineMs) {
        const why = `no acknowledgement within ${this.cfg.deadlineMs} ms after ${e.attempts} attempt(s); last problem: ${e.why || 'none'}`;
        this.settle(e, this.fail(e, 'deadline', why));
      } else if (!this.connected) {
        continue; // re-sent on reconnect; the deadline above still applies
      } else if (e.state === SENT && now - e.sentAt >= this.cfg.ackTimeoutMs) {
        this.s.timeouts++;
        this.retryLater(e, `no ack within ${this.cfg.ackTimeoutMs} ms`);
      } else if (e.state === BACKOFF && now >= e.retryAt) {
        this.s.retries++;
        this.send(e);
      }
    }
    while (this.qHead < this.queue.length && now - this.queue[this.qHead].firstAt >= this.cfg.deadlineMs) {
      const e = this.queue[this.qHead++];
      const why = this.connected ? 'window full' : 'bus disconnected';
      this.settle(e, this.fail(e, 'deadline', `not sent within ${this.cfg.deadlineMs} ms (${why})`));
    }
  }

  private async follow(it: AsyncIterable<{ type: string }>): Promise<void> {
    for await (const st of it) {
      if (st.type === 'disconnect') this.connected = false;
      else if (st.type === 'reconnect') {
        this.connected = true;
        // acks of anything sent before or during the outage may be lost: re-send (same msg id, deduplicated)
        for (const e of this.pending.values()) {
          e.why = 'reconnected';
          this.s.retries++;
          this.send(e);
        }
        this.pump();
      }
    }
  }

  private startTimer(): void {
    if (this.timer === undefined && !this.closed)
      this.timer = setInterval(() => this.sweep(), this.cfg.sweepIntervalMs);
  }

  private stopTimer(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }
}
