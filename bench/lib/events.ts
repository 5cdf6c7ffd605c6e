/** The ~1 KiB CloudEvents every case publishes (unique ids: sensors skip repeated ids for 60 s). */
import { eventSubject } from '../../src/api/index.js';

const enc = new TextEncoder();
const PAD = 'x'.repeat(820); // brings the envelope to ~1 KiB, the size of the measurements
let counter = 0;
const runTag = process.pid.toString(36);

/** A unique event id. */
export function nextId(): string {
  return `${runTag}-${(counter++).toString(36)}`;
}

/** Encode an event of `source`/`name` carrying send time `t` (performance.now(), same process). */
export function encodeEvent(id: string, source: string, name: string, t: number): Uint8Array {
  return enc.encode(
    JSON.stringify({
      specversion: '1.0',
      id,
      source,
      type: 'webhook',
      subject: name,
      time: '2024-01-01T00:00:00Z',
      datacontenttype: 'application/json',
      data: { t, pad: PAD },
    }),
  );
}

/** Send time carried by an encoded event's data. */
export function sentAt(data: Uint8Array): number {
  return (JSON.parse(new TextDecoder().decode(data)) as { data: { t: number } }).data.t;
}

export { eventSubject };
