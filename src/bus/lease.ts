/**
 * Leader election through a lease in JetStream KV, for work that must run in one process only (a
 * single-listener EventSource such as calendar) while the same command runs in several.
 *
 * nats-server 2.9 has no per-key TTL, so the lease bucket ({@link leaseBucket}) has a bucket-wide
 * max_age (= the lease TTL): a key the holder stops rewriting is expired by the server. Protocol:
 * - candidates `create` the key (fails while it exists) every 300-500 ms;
 * - the holder renews by compare-and-set `update` at its last revision every TTL/3;
 * - the holder **fences itself**: it aborts its work as soon as its last successful renewal was *sent*
 *   more than TTL - margin ago, or a renewal CAS fails. The server stamps the renewal after it was
 *   sent, so the key cannot expire (and no one else can be elected) before the holder has stopped;
 * - a clean `stop()` deletes the key at its revision, so the next candidate takes over at once;
 * - the fencing token is the revision of the `create` that won (stream sequences only grow): work
 *   that persists state records it and refuses writes from an older one (see src/sources/calendar).
 * @module
 */
import { StorageType, type JetStreamClient } from '@nats-io/jetstream';
import { Kvm, type KV } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/nats-core';
import { BusError, leaseBucket } from '../api/index.js';
import { kvCreate, kvDelete, kvGetJson, kvUpdate, KvConflictError } from './kv.js';
import { silentLogger, type BusLogger } from './logger.js';

/** Default lease TTL: failover after kill -9 within TTL + one candidate retry (< 5 s). */
export const LEASE_TTL_MS = 3000;

/** What a lease key holds. */
export interface LeaseRecord {
  holder: string;
  /** Fencing token: revision of the create that started this term. */
  token: number;
  renewedAt: string;
}

/** Open (or create) a bucket whose keys expire `ttlMs` after their last write (2.9: bucket max_age). */
export async function openTtlKv(
  conn: NatsConnection | JetStreamClient,
  bucket: string,
  opts: { ttlMs: number; replicas?: number },
): Promise<KV> {
  try {
    const kv = await new Kvm(conn).create(bucket, {
      history: 1,
      ttl: opts.ttlMs,
      storage: StorageType.File,
      replicas: opts.replicas ?? 1,
    });
    // An existing bucket keeps its own config (the library does not update it): check what we rely on.
    const ttl = (await kv.status()).ttl;
    if (!ttl) throw new BusError(`KV bucket '${bucket}' exists without a TTL (max_age); delete it`, 0);
    return kv;
  } catch (err) {
    if (err instanceof BusError) throw err;
    throw new BusError(`cannot open or create KV bucket '${bucket}': ${(err as Error).message}`, 1000, {
      cause: err,
    });
  }
}

/** Open the lease bucket ({@link leaseBucket}) with TTL {@link LEASE_TTL_MS} unless it exists. */
export function openLeaseKv(
  conn: NatsConnection | JetStreamClient,
  opts: { replicas?: number; ttlMs?: number } = {},
): Promise<KV> {
  return openTtlKv(conn, leaseBucket(), { ttlMs: opts.ttlMs ?? LEASE_TTL_MS, replicas: opts.replicas });
}

/** The current holder of `key`, or `null` when nobody holds it. */
export async function leaseHolder(kv: KV, key: string): Promise<LeaseRecord | null> {
  return (await kvGetJson<LeaseRecord>(kv, key))?.value ?? null;
}

export interface CampaignOptions {
  /** A bucket from {@link openLeaseKv} / {@link openTtlKv}; its TTL is the lease TTL. */
  kv: KV;
  key: string;
  /** Unique per process (and per campaign in it). */
  holderId: string;
  /** Called on election; stop acting when `signal` aborts. A returned promise is awaited before the
   * process campaigns again, so one process never runs two terms of the same work at once. */
  onElected(signal: AbortSignal, token: number): void | Promise<void>;
  /** Called after the work was aborted (lost, fenced or stopped). */
  onLost?(reason: string): void;
  logger?: BusLogger;
  /** Candidate retry interval range; defaults 300-500 ms. */
  retryMs?: [number, number];
  /** Fence at TTL - margin after the last renewal was sent; default TTL/4. */
  marginMs?: number;
}

export interface CampaignHandle {
  readonly leader: boolean;
  /** Fencing token of the current term, when leader. */
  readonly token: number | undefined;
  /** Abort the work, wait for it, release the lease (delete at revision) and stop campaigning. */
  stop(): Promise<void>;
}

/** Start campaigning for `opts.key`; resolves once the bucket TTL is known. */
export async function campaign(opts: CampaignOptions): Promise<CampaignHandle> {
  const ttlMs = (await opts.kv.status()).ttl;
  if (!ttlMs) throw new BusError(`lease bucket has no TTL: cannot hold leases in it`, 0);
  const c = new Campaign(opts, ttlMs);
  c.start();
  return c;
}

interface Term {
  token: number;
  revision: number;
  ctl: AbortController;
  work: Promise<void>;
  renewTimer?: NodeJS.Timeout;
  fenceTimer?: NodeJS.Timeout;
}

class Campaign implements CampaignHandle {
  private term: Term | undefined;
  private stopped = false;
  private retryTimer: NodeJS.Timeout | undefined;
  private loop: Promise<void> = Promise.resolve();
  /** A loss in progress (its work still stopping), so stop() can wait for it. */
  private losing: Promise<void> = Promise.resolve();
  private readonly log: BusLogger;
  private readonly margin: number;

  constructor(
    private readonly o: CampaignOptions,
    private readonly ttl: number,
  ) {
    this.log = o.logger ?? silentLogger;
    this.margin = o.marginMs ?? Math.floor(ttl / 4);
  }

  get leader(): boolean {
    return this.term !== undefined;
  }

  get token(): number | undefined {
    return this.term?.token;
  }

  start(): void {
    this.schedule(0);
  }

  /** Everything that changes the state runs on one chain, so renewals, fencing and stop never interleave. */
  private enqueue(step: () => Promise<void>): Promise<void> {
    this.loop = this.loop.then(step).catch((err: unknown) => {
      this.log.warn({ err, key: this.o.key }, 'lease: unexpected error');
    });
    return this.loop;
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.retryTimer = setTimeout(() => void this.enqueue(() => this.tryAcquire()), ms);
  }

  private retryDelay(): number {
    const [lo, hi] = this.o.retryMs ?? [300, 500];
    return lo + Math.random() * (hi - lo);
  }

  private record(token: number): string {
    return JSON.stringify({ holder: this.o.holderId, token, renewedAt: new Date().toISOString() });
  }

  private async tryAcquire(): Promise<void> {
    if (this.stopped || this.term) return;
    const sentAt = performance.now();
    let revision: number;
    try {
      // The token is the revision this create gets; it is not known before, so the first record
      // says 0 and the first renewal (a TTL/3 later) writes the real one.
      revision = await kvCreate(this.o.kv, this.o.key, this.record(0));
    } catch (err) {
      if (!(err instanceof KvConflictError)) {
        this.log.debug({ err, key: this.o.key }, 'lease: campaign attempt failed');
      }
      this.schedule(this.retryDelay());
      return;
    }
    if (this.stopped) {
      await kvDelete(this.o.kv, this.o.key, revision).catch(() => undefined);
      return;
    }
    this.elected(revision, sentAt);
  }

  private elected(revision: number, sentAt: number): void {
    const ctl = new AbortController();
    const term: Term = { token: revision, revision, ctl, work: Promise.resolve() };
    this.term = term;
    this.armFence(term, sentAt);
    this.log.info({ key: this.o.key, holder: this.o.holderId, token: revision }, 'lease: elected');
    term.work = Promise.resolve()
      .then(() => this.o.onElected(ctl.signal, revision))
      .catch((err: unknown) => this.log.warn({ err, key: this.o.key }, 'lease: leader work failed'));
    term.renewTimer = setTimeout(() => void this.enqueue(() => this.renew(term)), this.ttl / 3);
  }

  /** Self-fencing: abort the work before the key can expire on the server. */
  private armFence(term: Term, sentAt: number): void {
    clearTimeout(term.fenceTimer);
    const due = sentAt + this.ttl - this.margin - performance.now();
    // Not on the chain: a renewal stuck in a request must not delay the fence.
    term.fenceTimer = setTimeout(() => void this.lose(term, 'renewal overdue (fenced)'), Math.max(0, due));
  }

  private async renew(term: Term): Promise<void> {
    if (this.term !== term) return;
    const sentAt = performance.now();
    try {
      const revision = await kvUpdate(this.o.kv, this.o.key, this.record(term.token), term.revision);
      if (this.term !== term) return; // fenced meanwhile: the late success changes nothing
      term.revision = revision;
      this.armFence(term, sentAt);
    } catch (err) {
      if (this.term !== term) return;
      if (err instanceof KvConflictError) {
        await this.lose(term, 'lease taken over (renewal conflict)');
        return;
      }
      this.log.warn({ err, key: this.o.key }, 'lease: renewal failed; retrying until fenced');
    }
    term.renewTimer = setTimeout(() => void this.enqueue(() => this.renew(term)), this.ttl / 3);
  }

  private lose(term: Term, reason: string): Promise<void> {
    if (this.term !== term) return Promise.resolve();
    this.term = undefined;
    this.losing = this.finishLoss(term, reason);
    return this.losing;
  }

  private async finishLoss(term: Term, reason: string): Promise<void> {
    clearTimeout(term.renewTimer);
    clearTimeout(term.fenceTimer);
    term.ctl.abort(new Error(reason));
    this.log.warn({ key: this.o.key, holder: this.o.holderId, token: term.token, reason }, 'lease: lost');
    await term.work;
    this.o.onLost?.(reason);
    if (!this.stopped) this.schedule(this.retryDelay());
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    await this.losing;
    await this.enqueue(async () => {
      const term = this.term;
      if (!term) return;
      this.term = undefined;
      clearTimeout(term.renewTimer);
      clearTimeout(term.fenceTimer);
      term.ctl.abort(new Error('stopped'));
      await term.work;
      // Release only after the work stopped, so the next leader never overlaps with it.
      await kvDelete(this.o.kv, this.o.key, term.revision).catch(() => undefined);
      this.o.onLost?.('stopped');
    });
  }
}
