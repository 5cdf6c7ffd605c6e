/**
 * Dependency transforms (spec/sensor.md §3): jq or Lua applied to a copy of the event data before the
 * filters; any failure drops the event for that dependency only.
 * @module
 */
import type { SensorEvent } from '../event.js';
import type { EventDependency } from '../spec.js';
import { dataObject } from './data-object.js';
import type { ScriptSandbox } from './sandbox.js';

export { ScriptSandbox, SandboxError, sharedSandbox, type SandboxOptions } from './sandbox.js';
export { dataObject } from './data-object.js';
export { LuaEngine, LuaScriptError, type LuaLimits } from './lua-engine.js';
export { JqEngine, JqError } from './jq-engine.js';

/** The transform failed; the event is dropped for this dependency. */
export class TransformError extends Error {
  override name = 'TransformError';
}

/**
 * Apply the dependency's transform (`jq` wins over `script`). Events without data pass unchanged.
 * @throws {TransformError}
 */
export async function applyTransform(
  event: SensorEvent,
  transform: EventDependency['transform'],
  sandbox: ScriptSandbox,
): Promise<SensorEvent> {
  if (!transform) return event;
  const kind = transform.jq ? 'jq-transform' : transform.script ? 'lua-transform' : undefined;
  if (!kind || event.dataText === undefined) return event;
  try {
    const out = await sandbox.run(
      kind,
      kind === 'jq-transform' ? transform.jq! : transform.script!,
      dataObject(event),
    );
    return event.withData(out);
  } catch (err) {
    const what = kind === 'jq-transform' ? 'jq' : 'script';
    throw new TransformError(`${what} transformation failed: ${(err as Error).message}`, { cause: err });
  }
}
