/** The ~1 KiB CloudEvents every case publishes (unique ids: sensors skip repeated ids for 60 s). */
import { eventSubject } from '../../src/api/index.js';
import { EnvelopeWriter, eventTime } from '../../src/sources/index.js';

const PAD = 'x'.repeat(820); // brings the envelope to ~1 KiB, the size of the measurements
let counter = 0;
const runTag = process.pid.toString(36);

/** A unique event id. */
export function nextId(): string {
  return `${runTag}-${(counter++).toString(36)}`;
}

const writers = new Map<string, EnvelopeWriter>();

/**
 * Encode an event of `source`/`name` carrying send time `t` (performance.now(), same process), as a
 * jetflow event source writes it: {@link EnvelopeWriter}, the envelope code every source uses. Baselines
 * and jetflow's pipeline publish the same bytes made the same way, so encoding cost is no difference
 * between them.
 */
export function encodeEvent(id: string, source: string, name: string, t: number): Uint8Array {
  const key = `${source}\0${name}`;
  let w = writers.get(key);
  if (!w) writers.set(key, (w = new EnvelopeWriter(source, name, 'webhook')));
  return w.write(id, eventTime(), `{"t":${t},"pad":"${PAD}"}`);
}

/** Send time carried by an encoded event's data. */
export function sentAt(data: Uint8Array): number {
  return (JSON.parse(new TextDecoder().decode(data)) as { data: { t: number } }).data.t;
}

export { eventSubject };
