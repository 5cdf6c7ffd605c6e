/**
 * Time filter (spec/sensor.md §4.5): a daily window on the event's CloudEvent `time`. Both bounds are
 * placed on the event's calendar date in the filter's zone; `start < stop` means `[start, stop)`,
 * otherwise the window crosses midnight (`t ≥ start` or `t < stop`).
 * @module
 */
import { parseClock, type TimeFilter } from '../spec.js';
import type { KindVerdict } from './trace.js';
import { instantOf, isKnownZone, wallClock } from './zone.js';

const err = (msg: string) => `time filter error (${msg})`;

/** Evaluate the window against `eventTimeMs` (NaN when the event has no usable time). */
export function evaluateTime(f: TimeFilter, eventTimeMs: number): KindVerdict {
  const kind = 'time' as const;
  const tz = f.timezone ?? '';
  const fail = (msg: string): KindVerdict => ({ kind, pass: false, error: err(msg), reason: msg });
  if (!isKnownZone(tz)) return fail(`invalid timezone '${tz}': unknown time zone ${tz}`);
  if (Number.isNaN(eventTimeMs)) return fail('the event has no valid time');
  const start = parseClock(f.start);
  if (start === undefined) return fail(`parsing time ${JSON.stringify(f.start)}: expected HH:MM:SS`);
  const stop = parseClock(f.stop);
  if (stop === undefined) return fail(`parsing time ${JSON.stringify(f.stop)}: expected HH:MM:SS`);
  const { year, month, day } = wallClock(eventTimeMs, tz);
  const startMs = instantOf(year, month, day, start, tz);
  const stopMs = instantOf(year, month, day, stop, tz);
  const at = `event time ${new Date(eventTimeMs).toISOString()}`;
  const zone = tz === '' ? 'UTC' : tz;
  if (startMs < stopMs) {
    const pass = eventTimeMs >= startMs && eventTimeMs < stopMs;
    return { kind, pass, reason: `${at} is ${pass ? 'inside' : 'outside'} [${f.start}, ${f.stop}) ${zone}` };
  }
  const pass = eventTimeMs >= startMs || eventTimeMs < stopMs;
  return {
    kind,
    pass,
    reason: `${at} is ${pass ? 'inside' : 'outside'} [${f.start}, ${f.stop}) ${zone} (crossing midnight)`,
  };
}
