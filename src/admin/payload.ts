/** How the recorder keeps an event's data and an execution's error. */
import type { SensorEvent } from '../sensors/index.js';

/** The data as served (parsed JSON when it is JSON and fits) and the event the trace is computed on. */
export function boundedData(
  ev: SensorEvent,
  max: number,
): { data: unknown; size: number; truncated: boolean; kept: SensorEvent } {
  const text = ev.dataText;
  if (text === undefined) return { data: undefined, size: 0, truncated: false, kept: ev };
  const size = Buffer.byteLength(text);
  if (size > max) {
    const head = Buffer.from(text).subarray(0, max).toString('utf8');
    return { data: head, size, truncated: true, kept: ev };
  }
  try {
    return { data: ev.dataIsJson() ? ev.data : text, size, truncated: false, kept: ev };
  } catch {
    return { data: text, size, truncated: false, kept: ev };
  }
}

export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
