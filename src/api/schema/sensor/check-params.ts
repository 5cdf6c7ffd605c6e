/** Checks of trigger parameter lists (spec/sensor.md §8, §11). */
import type { IssueSink, PathSeg } from '../../issues.js';
import type { ParamOptions } from '../triggers/context.js';
import type { TriggerParameter } from './parameters.js';

/** What parameter checks need to know about the sensor and the trigger. */
export interface ParamScope {
  sink: IssueSink;
  /** Declared dependency names. */
  dependencies: ReadonlySet<string>;
  /** Dependencies whose events can reach this trigger (its conditions), `undefined` if unknown. */
  available?: ReadonlySet<string>;
  /** Whether `trigger.parameters` rewrite the field at this absolute path before execution. */
  rewritten?: (at: PathSeg[]) => boolean;
}

const list = (names: Iterable<string>) => [...names].map((n) => JSON.stringify(n)).join(', ');

/** Check each parameter of `params` (found at `at`). */
export function checkParams(
  scope: ParamScope,
  params: TriggerParameter[] | undefined,
  at: PathSeg[],
  opts: ParamOptions = {},
): void {
  params?.forEach((p, i) => checkParam(scope, p, [...at, i], opts));
}

function checkParam(scope: ParamScope, p: TriggerParameter, at: PathSeg[], opts: ParamOptions): void {
  const { sink } = scope;
  if (!opts.destOptional && !p.dest)
    sink.error(
      [...at, 'dest'],
      `parameter destination can't be empty: expected a path, found ${p.dest === '' ? '""' : 'nothing'}`,
    );
  if (!p.src) {
    sink.error(
      [...at, 'src'],
      "parameter source can't be empty: expected src with a dependencyName, found nothing",
    );
    return;
  }
  const dep = p.src.dependencyName;
  const depAt = [...at, 'src', 'dependencyName'];
  if (scope.rewritten?.(depAt)) return; // a template parameter supplies the real name at run time
  if (dep === '') {
    sink.error(depAt, 'parameter dependency name can\'t be empty: expected a dependency name, found ""');
  } else if (!scope.dependencies.has(dep) && scope.dependencies.size > 0) {
    sink.error(depAt, `unknown dependency "${dep}": expected one of ${list(scope.dependencies)}`);
  } else if (scope.available && !scope.available.has(dep)) {
    const outcome =
      p.src.value !== undefined
        ? `src.value ${JSON.stringify(p.src.value)} is always used`
        : 'the parameter is always skipped';
    sink.warn(
      depAt,
      `dependency "${dep}" is not in this trigger's conditions, so its event is never available: ${outcome}`,
    );
  }
}

/** SJSON path segments of a `dest` (`.` separates, `\.` escapes a dot). */
export function destSegments(dest: string): string[] {
  return dest.split(/(?<!\\)\./).map((s) => s.replace(/\\\./g, '.'));
}

/**
 * Whether one of the `dests` writes the field at `rel` (paths relative to the JSON the parameters are
 * applied to): the dest is the field, one of its parents, or inside it (`to.-1` appends to `to`).
 */
export function writtenBy(dests: readonly string[], rel: readonly PathSeg[]): boolean {
  return dests.some((d) => {
    const segs = destSegments(d);
    return segs.slice(0, rel.length).every((s, i) => s === String(rel[i]));
  });
}
