/**
 * Where a calendar event keeps its last fired event for catch-up. Upstream writes the event data JSON to
 * a ConfigMap under `<eventSourceName>.<eventName>`; jetflow writes the same JSON to a JetStream KV
 * bucket (names from src/api/names.ts), so it survives restarts and is shared by every replica.
 * @module
 */
import { calendarBucket, calendarKey } from '../../api/index.js';
import { kvGet, kvPut, type KV } from '../../bus/index.js';

/** The last dispatched event data of one calendar event. */
export interface CalendarStore {
  /** The stored data JSON, or `undefined` when nothing was stored yet. */
  load(): Promise<string | undefined>;
  save(dataJson: string): Promise<void>;
}

/** Opens a KV bucket (creating it when missing), e.g. `(b) => openKv(nc, b)` of src/bus. */
export type OpenKv = (bucket: string) => Promise<KV>;

/** The store of one event in the calendar KV bucket. */
export async function kvCalendarStore(
  openKv: OpenKv,
  eventSourceName: string,
  eventName: string,
): Promise<CalendarStore> {
  const kv = await openKv(calendarBucket());
  const key = calendarKey(eventSourceName, eventName);
  return {
    async load() {
      const e = await kvGet(kv, key);
      return e ? Buffer.from(e.value).toString('utf8') : undefined;
    },
    async save(dataJson) {
      await kvPut(kv, key, dataJson);
    },
  };
}
