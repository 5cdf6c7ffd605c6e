/** The event data as the JSON object Lua and jq programs receive (upstream unmarshals it into a Go map). */
import type { SensorEvent } from '../event.js';

/**
 * The data as an object: `null` counts as an empty object (a nil Go map); anything but an object is
 * refused with Go's message. @throws {Error} when the data is not valid JSON or not an object
 */
export function dataObject(event: SensorEvent): Record<string, unknown> | null {
  const v = event.data;
  if (v === null) return null;
  if (typeof v !== 'object' || Array.isArray(v)) {
    const what = Array.isArray(v) ? 'array' : typeof v === 'boolean' ? 'bool' : typeof v;
    throw new Error(`json: cannot unmarshal ${what} into Go value of type map[string]interface {}`);
  }
  return v as Record<string, unknown>;
}
