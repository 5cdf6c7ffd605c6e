/**
 * The function table templates are parsed and executed with: Go's builtins overlaid by the Sprig
 * subset (Sprig's `slice` replaces the builtin, as in Go where user functions win).
 * @module
 */
import { BUILTINS } from './builtins.js';
import { SPRIG_DATA } from './sprig-data.js';
import { SPRIG_MATH } from './sprig-math.js';
import { SPRIG_ENCODING } from './sprig-encoding.js';
import { SPRIG_LISTS } from './sprig-lists.js';
import { SPRIG_REGEX } from './sprig-regex.js';
import { SPRIG_STRINGS } from './sprig-strings.js';
import { SPRIG_TIME } from './sprig-time.js';
import type { GoFunc } from './state.js';

/** Every Sprig function jetflow implements, by name. */
export const SPRIG: ReadonlyMap<string, GoFunc> = new Map([
  ...SPRIG_STRINGS,
  ...SPRIG_ENCODING,
  ...SPRIG_REGEX,
  ...SPRIG_DATA,
  ...SPRIG_LISTS,
  ...SPRIG_MATH,
  ...SPRIG_TIME,
]);

/** Builtins plus Sprig, Sprig winning on a name clash. */
export const DEFAULT_FUNCS: ReadonlyMap<string, GoFunc> = new Map([...BUILTINS, ...SPRIG]);

/** Names whose builtin meaning is kept (the executor evaluates `and`/`or` lazily). */
export function isBuiltinName(name: string, funcs: ReadonlyMap<string, GoFunc>): boolean {
  return BUILTINS.get(name) === funcs.get(name);
}
