/**
 * Partial condition state of one trigger in the sensor's KV bucket (spec/sensor.md §6.4): key
 * `<trigger>/<dependency>` holds the latest passing event of that dependency as upstream writes it
 * (`StreamSeq`, `ConsumerSeq`, `Timestamp`, `Event`). Every write is a compare-and-set on the revision
 * that was read, and a firing first *claims* the entries it uses (jetflow's `ClaimedBy` field: the
 * stream sequence of the message that completed the condition), so two processes sharing a trigger
 * can never fire with the same stored event, and a crash between claim and acknowledgement is
 * recovered when that same message is redelivered. See ARCHITECTURE.md.
 * @module
 */
import type { KV } from '@nats-io/kv';
import { kvDelete, kvGet, kvCreate, kvUpdate, KvConflictError } from '../bus/index.js';
import { kvKeys } from '../api/index.js';
import { parseCloudEvent, type SensorEvent } from './event.js';

/** The stored value (upstream's field names; `ClaimedBy` is jetflow's). */
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

/** One stored partial event with the revision it was read at. */
export interface StoredPartial {
  dependency: string;
  value: StoredPartialValue;
  event: SensorEvent;
  revision: number;
}

/** The stored partials of a trigger's dependencies (absent ones are not in the map). */
export type PartialSnapshot = Map<string, StoredPartial>;

const decoder = new TextDecoder();

export class PartialState {
  constructor(
    private readonly kv: KV,
    readonly trigger: string,
    /** The trigger's dependency names. */
    readonly dependencies: readonly string[],
  ) {}

  /** Read every dependency's stored event. Unreadable entries are treated as absent (and reported). */
  async read(onBadEntry?: (dep: string, err: Error) => void): Promise<PartialSnapshot> {
    const out: PartialSnapshot = new Map();
    const entries = await Promise.all(
      this.dependencies.map((d) => kvGet(this.kv, kvKeys.partial(this.trigger, d))),
    );
    entries.forEach((e, i) => {
      if (!e) return;
      const dependency = this.dependencies[i]!;
      try {
        const value = JSON.parse(decoder.decode(e.value)) as StoredPartialValue;
        const event = parseCloudEvent(JSON.stringify(value.Event));
        out.set(dependency, { dependency, value, event, revision: e.revision });
      } catch (err) {
        onBadEntry?.(dependency, err as Error);
      }
    });
    return out;
  }

  /**
   * Store `event` as `dep`'s partial, replacing the entry read at `revision` (0 = there was none).
   * Returns false when someone else changed the key since (the caller re-reads and re-evaluates).
   */
  async store(dep: string, event: SensorEvent, meta: MessageMeta, revision: number): Promise<boolean> {
    const value: StoredPartialValue = {
      StreamSeq: meta.streamSeq,
      ConsumerSeq: meta.consumerSeq,
      Timestamp: meta.timestamp,
      Event: JSON.parse(event.toJSON()),
    };
    return this.cas(dep, JSON.stringify(value), revision);
  }

  /** Mark `p` as used by the message at stream sequence `seq`; returns the new revision, or undefined on conflict. */
  async claim(p: StoredPartial, seq: number): Promise<number | undefined> {
    const value = JSON.stringify({ ...p.value, ClaimedBy: seq });
    try {
      return await kvUpdate(this.kv, kvKeys.partial(this.trigger, p.dependency), value, p.revision);
    } catch (err) {
      if (err instanceof KvConflictError) return undefined;
      throw err;
    }
  }

  /** Delete `dep`'s entry if it is still at `revision` (a newer partial stored meanwhile is kept). */
  async remove(dep: string, revision: number): Promise<void> {
    try {
      await kvDelete(this.kv, kvKeys.partial(this.trigger, dep), revision);
    } catch (err) {
      if (!(err instanceof KvConflictError)) throw err;
    }
  }

  /**
   * Delete every dependency's entry (conditions reset); with `olderThanMs`, only entries whose JetStream
   * timestamp is earlier (unreadable entries always go). Returns the dependencies cleared.
   */
  async clear(olderThanMs?: number): Promise<string[]> {
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
      await this.remove(dep, e.revision);
      cleared.push(dep);
    }
    return cleared;
  }

  private async cas(dep: string, value: string, revision: number): Promise<boolean> {
    const key = kvKeys.partial(this.trigger, dep);
    try {
      if (revision === 0) await kvCreate(this.kv, key, value);
      else await kvUpdate(this.kv, key, value, revision);
      return true;
    } catch (err) {
      if (err instanceof KvConflictError) return false;
      throw err;
    }
  }
}
