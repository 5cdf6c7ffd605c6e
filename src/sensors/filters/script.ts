/** Script filter (spec/sensor.md §4.6): a Lua chunk that must return exactly `true`. */
import type { SensorEvent } from '../event.js';
import { dataObject } from '../transform/data-object.js';
import type { ScriptSandbox } from '../transform/sandbox.js';
import type { KindVerdict } from './trace.js';

/** Run the script on the event data; errors (bad data, script failure) fail the event in every mode. */
export async function evaluateScript(
  script: string,
  event: SensorEvent,
  sandbox: ScriptSandbox,
): Promise<KindVerdict> {
  const kind = 'script' as const;
  if (event.dataText === undefined) return { kind, pass: true, reason: 'the event has no data' };
  try {
    const pass = (await sandbox.run('lua-filter', script, dataObject(event))) === true;
    return { kind, pass, reason: pass ? 'the script returned true' : 'the script did not return true' };
  } catch (err) {
    const msg = (err as Error).message;
    return { kind, pass: false, error: msg, reason: `script error: ${msg}` };
  }
}
