/**
 * Where a calendar event keeps its last fired event for catch-up. Upstream writes the event data JSON to
 * a ConfigMap under `<eventSourceName>.<eventName>`; jetflow writes the same JSON to a JetStream KV
 * bucket (names from src/api/names.ts), so it survives restarts and is shared by every replica.
 *
 * Writes are fenced: opening the store *claims* the key (rewrites what it holds, by compare-and-set at
 * the revision read), and every save is a compare-and-set at the revision of our own last write. A
 * process that was deposed (another one became the event's leader, src/sources/runtime/leader.ts, and
 * claimed the key) fails its next save with {@link CalendarStoreTakenError} instead of overwriting the
 * new leader's state with an older tick.
 * @module
 */
import { calendarBucket, calendarKey, SourceError } from '../../api/index.js';
import { kvCreate, kvGet, kvUpdate, KvConflictError, type KV } from '../../bus/index.js';

/** The last dispatched event data of one calendar event. */
export interface CalendarStore {
  /** The stored data JSON (as claimed), or `undefined` when nothing was stored yet. */
  load(): Promise<string | undefined>;
  /** Rejects with {@link CalendarStoreTakenError} once another process claimed the key. */
  save(dataJson: string): Promise<void>;
}

/** Another process claimed the calendar state since this one did: it must stop firing. */
export class CalendarStoreTakenError extends SourceError {}

/** Opens a KV bucket (creating it when missing), e.g. `(b) => openKv(nc, b)` of src/bus. */
export type OpenKv = (bucket: string) => Promise<KV>;

/** The store of one event in the calendar KV bucket, claimed for this process. */
export async function kvCalendarStore(
  openKv: OpenKv,
  eventSourceName: string,
  eventName: string,
): Promise<CalendarStore> {
  const kv = await openKv(calendarBucket());
  const key = calendarKey(eventSourceName, eventName);
  let { value, revision } = await claim(kv, key);
  return {
    load() {
      return Promise.resolve(value);
    },
    async save(dataJson) {
      try {
        revision = await kvUpdate(kv, key, dataJson, revision);
        value = dataJson;
      } catch (err) {
        if (!(err instanceof KvConflictError)) throw err;
        throw new CalendarStoreTakenError(
          'the calendar state was claimed by another process (a newer leader of this event): stopping here',
          { sourceType: 'calendar', eventSourceName, eventName },
          { cause: err },
        );
      }
    },
  };
}

/** Rewrite the key as it is (an empty value when missing) so older writers' revisions go stale. */
async function claim(kv: KV, key: string): Promise<{ value: string | undefined; revision: number }> {
  for (;;) {
    const e = await kvGet(kv, key);
    try {
      if (!e) return { value: undefined, revision: await kvCreate(kv, key, '') };
      const text = Buffer.from(e.value).toString('utf8');
      return { value: text || undefined, revision: await kvUpdate(kv, key, e.value, e.revision) };
    } catch (err) {
      if (!(err instanceof KvConflictError)) throw err; // written meanwhile: read the newer state
    }
  }
}
