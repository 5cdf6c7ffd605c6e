/**
 * Partial condition state of one trigger in the sensor's KV bucket (spec/sensor.md §6.4): key
 * `<trigger>/<dependency>` holds the latest passing event of that dependency as upstream writes it
 * (`StreamSeq`, `ConsumerSeq`, `Timestamp`, `Event`), and jetflow's `<trigger>/.applied` records, per
 * durable, the last stream sequence whose effect is stored. The state is read once and kept in memory
 * (one process owns a trigger); each group's end state is written with compare-and-set on the
 * revisions known, so a concurrent writer is detected instead of overwritten. See ARCHITECTURE.md.
 * @module
 */
import type { KV } from '@nats-io/kv';
import { kvDelete, kvDeleteAt, kvGet, kvCreate, kvUpdate, KvConflictError } from '../bus/index.js';
import { kvKeys } from '../api/index.js';
import { parseCloudEvent } from './event.js';
import type { Partial, Partials } from './stateful.js';

/** The stored value (upstream's field names; `ClaimedBy` was written by jetflow before 0.2). */
export interface StoredPartialValue {
  StreamSeq: number;
  ConsumerSeq: number;
  /** JetStream timestamp of the message, RFC 3339 with nanoseconds. */
  Timestamp: string;
  /** The CloudEvent after transform. */
  Event: unknown;
  ClaimedBy?: number;
}

/** Where a message sits in the stream (from its JetStream metadata). */
export interface MessageMeta {
  streamSeq: number;
  consumerSeq: number;
  /** RFC 3339 with nanoseconds. */
  timestamp: string;
}

/**
 * Per durable: its creation time (a recreated durable, e.g. after the stream was recreated, starts
 * over) and the last stream sequence applied.
 */
export type AppliedMarks = Record<string, { created: string; seq: number }>;

const decoder = new TextDecoder();

export class PartialState {
  /** Revision of every key as last read or written (0: absent, no marker known). */
  private readonly revisions = new Map<string, number>();
  private loaded: { partials: Map<string, Partial>; applied: AppliedMarks } | undefined;

  constructor(
    private readonly kv: KV,
    readonly trigger: string,
    /** The trigger's dependency names. */
    readonly dependencies: readonly string[],
  ) {}

  /** Forget what is cached (after a failed write or a reset): the next {@link load} reads KV. */
  invalidate(): void {
    this.loaded = undefined;
    this.revisions.clear();
  }

  /** The partials and applied marks, read from KV unless cached. Unreadable entries count as absent. */
  async load(onBadEntry?: (dep: string, err: Error) => void): Promise<{
    partials: Partials;
    applied: Readonly<AppliedMarks>;
  }> {
    if (this.loaded) return this.loaded;
    const keys = [...this.dependencies.map((d) => kvKeys.partial(this.trigger, d)), this.appliedKey];
    const entries = await Promise.all(keys.map((k) => kvGet(this.kv, k)));
    const partials = new Map<string, Partial>();
    let applied: AppliedMarks = {};
    entries.forEach((e, i) => {
      this.revisions.set(keys[i]!, e?.revision ?? 0);
      if (!e) return;
      const dependency = this.dependencies[i];
      try {
        const value = JSON.parse(decoder.decode(e.value)) as unknown;
        if (dependency === undefined) applied = value as AppliedMarks;
        else partials.set(dependency, fromStored(value as StoredPartialValue));
      } catch (err) {
        onBadEntry?.(dependency ?? keys[i]!, err as Error);
      }
    });
    this.loaded = { partials, applied };
    return this.loaded;
  }

  /**
   * Write the end state of a group: `next` partials (changed entries written, removed ones deleted)
   * and the applied marks, all at once. @throws {KvConflictError} when another writer changed a key
   * (the cache is then invalid), or a bus error.
   */
  async commit(next: Partials, applied: AppliedMarks): Promise<void> {
    const prev = await this.load();
    const writes: Promise<void>[] = [];
    for (const dep of this.dependencies) {
      const before = prev.partials.get(dep);
      const after = next.get(dep);
      if (before === after) continue;
      const key = kvKeys.partial(this.trigger, dep);
      writes.push(after ? this.write(key, JSON.stringify(toStored(after))) : this.remove(key));
    }
    writes.push(this.write(this.appliedKey, JSON.stringify(applied)));
    try {
      await Promise.all(writes);
    } catch (err) {
      this.invalidate();
      throw err;
    }
    this.loaded = { partials: new Map(next), applied };
  }

  /**
   * Delete every dependency's entry (conditions reset); with `olderThanMs`, only entries whose JetStream
   * timestamp is earlier (unreadable entries always go). Returns the dependencies cleared.
   */
  async clear(olderThanMs?: number): Promise<string[]> {
    this.invalidate();
    const cleared: string[] = [];
    for (const dep of this.dependencies) {
      const e = await kvGet(this.kv, kvKeys.partial(this.trigger, dep));
      if (!e) continue;
      if (olderThanMs !== undefined) {
        let stamp = NaN;
        try {
          stamp = Date.parse((JSON.parse(decoder.decode(e.value)) as StoredPartialValue).Timestamp);
        } catch {
          /* unreadable: delete */
        }
        if (stamp >= olderThanMs) continue;
      }
      try {
        await kvDelete(this.kv, kvKeys.partial(this.trigger, dep), e.revision);
      } catch (err) {
        if (!(err instanceof KvConflictError)) throw err;
      }
      cleared.push(dep);
    }
    return cleared;
  }

  private get appliedKey(): string {
    return kvKeys.applied(this.trigger);
  }

  private async write(key: string, value: string): Promise<void> {
    const revision = this.revisions.get(key) ?? 0;
    const next =
      revision === 0 ? await kvCreate(this.kv, key, value) : await kvUpdate(this.kv, key, value, revision);
    this.revisions.set(key, next);
  }

  private async remove(key: string): Promise<void> {
    const revision = this.revisions.get(key) ?? 0;
    if (revision === 0) return;
    this.revisions.set(key, await kvDeleteAt(this.kv, key, revision));
  }
}

function fromStored(value: StoredPartialValue): Partial {
  return {
    event: parseCloudEvent(JSON.stringify(value.Event)),
    meta: { streamSeq: value.StreamSeq, consumerSeq: value.ConsumerSeq, timestamp: value.Timestamp },
    claimedBy: value.ClaimedBy,
  };
}

function toStored(p: Partial): StoredPartialValue {
  return {
    StreamSeq: p.meta.streamSeq,
    ConsumerSeq: p.meta.consumerSeq,
    Timestamp: p.meta.timestamp,
    Event: JSON.parse(p.event.toJSON()),
    ...(p.claimedBy === undefined ? {} : { ClaimedBy: p.claimedBy }),
  };
}
