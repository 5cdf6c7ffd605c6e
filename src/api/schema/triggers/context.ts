/** What a per-type trigger check gets, and helpers for the "required field" rules of spec/sensor.md §10–§11. */
import type { IssueSink, PathSeg } from '../../issues.js';
import type { TriggerParameter } from '../sensor/parameters.js';

export interface ParamOptions {
  /** HTTP `payload` entries may omit `dest` (the value then is the whole body). */
  destOptional?: boolean;
}

/** Context of one trigger type object, e.g. `spec.triggers[1].template.http`. */
export interface TriggerCheck {
  sink: IssueSink;
  /** Path of the type object. */
  at: PathSeg[];
  /** Check a parameter list found at `path`. */
  params(list: TriggerParameter[] | undefined, path: PathSeg[], opts?: ParamOptions): void;
  /** Whether a parameter writes `field` of this type object (so a static empty value is fine). */
  parameterized(field: string): boolean;
}

const found = (v: unknown) => (v === undefined || v === null ? 'nothing' : JSON.stringify(v));

/**
 * Upstream's validation rejects an empty `value`: report `<upstream message>: expected ..., found ...`
 * at `<at>.<field>`. Returns whether the value is present.
 */
export function requireText(
  c: TriggerCheck,
  field: string,
  value: string | undefined,
  upstream: string,
): boolean {
  if (value !== undefined && value !== '') return true;
  c.sink.error([...c.at, field], `${upstream}: expected a non-empty string, found ${found(value)}`);
  return false;
}

/**
 * A value upstream accepts at validation but needs at run time: refused unless a parameter sets it.
 * An empty list counts as missing unless `emptyListOk` (a `payload: []` is an empty body, which is fine).
 */
export function requireAtRunTime(
  c: TriggerCheck,
  field: string,
  value: unknown,
  expected: string,
  emptyListOk = false,
): void {
  const empty =
    value === undefined || value === '' || (!emptyListOk && Array.isArray(value) && value.length === 0);
  if (!empty || c.parameterized(field)) return;
  c.sink.error(
    [...c.at, field],
    `${field} is required: expected ${expected}, found ${found(value)} (upstream accepts this and fails at run time)`,
  );
}

/** Upstream refuses a `payload` that is absent (an empty list is fine: empty body). */
export function requirePayload(
  c: TriggerCheck,
  payload: TriggerParameter[] | undefined,
  upstream: string,
): void {
  if (payload === undefined)
    c.sink.error([...c.at, 'payload'], `${upstream}: expected a list of parameters, found nothing`);
  else c.params(payload, [...c.at, 'payload']);
}
