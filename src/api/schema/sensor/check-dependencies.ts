/** Checks of `spec.dependencies` (spec/sensor.md §2–§4; upstream validate.go validateDependencies). */
import type { IssueSink, PathSeg } from '../../issues.js';
import { checkFilters } from './check-filters.js';
import type { EventDependency } from './dependency.js';
import type { EventDependencyFilter } from './filters.js';
import { subjectTokenProblem } from './rules.js';

/** Dependency names: tokens of `conditions` and parts of KV keys `<trigger>/<dependency>`. */
export const DEPENDENCY_NAME = /^[A-Za-z0-9_-]+$/;

export function checkDependencies(deps: EventDependency[], sink: IssueSink): void {
  if (deps.length === 0) {
    sink.error(
      ['spec', 'dependencies'],
      'no event dependencies found: expected at least one dependency, found an empty list',
    );
    return;
  }
  const firstIndex = new Map<string, number>();
  deps.forEach((dep, i) => {
    const at: PathSeg[] = ['spec', 'dependencies', i];
    checkName(dep.name, [...at, 'name'], sink);
    const prev = firstIndex.get(dep.name);
    if (prev !== undefined && dep.name !== '')
      sink.error(
        [...at, 'name'],
        `duplicate dependency name "${dep.name}": already used by spec.dependencies[${prev}]`,
      );
    else firstIndex.set(dep.name, i);
    checkToken(
      dep.eventSourceName,
      'eventSourceName',
      'the EventSourceName',
      [...at, 'eventSourceName'],
      sink,
    );
    checkToken(dep.eventName, 'eventName', 'the EventName', [...at, 'eventName'], sink);
    if (dep.transform?.jq && dep.transform.script)
      sink.warn([...at, 'transform'], 'both jq and script are set: jq is used and script is ignored');
    if (dep.filters) {
      checkFilters(dep.filters, [...at, 'filters'], sink);
      if (dep.filtersLogicalOperator === 'or' && !configuresAnything(dep.filters))
        sink.warn(
          [...at, 'filtersLogicalOperator'],
          'filtersLogicalOperator "or" with filters that configure nothing: no event ever passes this dependency',
        );
    }
  });
}

function checkName(name: string, at: PathSeg[], sink: IssueSink): void {
  if (name === '') {
    sink.error(at, 'event dependency must define a name: expected a non-empty string, found ""');
  } else if (!DEPENDENCY_NAME.test(name)) {
    sink.error(
      at,
      `dependency name ${JSON.stringify(name)} is not usable: expected only letters, digits, "_" and "-" (it appears in conditions and in KV keys "<trigger>/<dependency>")`,
    );
  } else if (!/^[A-Za-z]/.test(name) || name === 'true' || name === 'false') {
    sink.warn(
      at,
      `dependency name "${name}" works in jetflow, but upstream's conditions evaluator (govaluate) misreads it: start names with a letter and avoid "true"/"false" to stay portable`,
    );
  }
}

function checkToken(value: string, field: string, upstream: string, at: PathSeg[], sink: IssueSink): void {
  if (value === '') {
    sink.error(at, `event dependency must define ${upstream}: expected a non-empty string, found ""`);
    return;
  }
  const problem = subjectTokenProblem(value);
  if (problem)
    sink.error(
      at,
      `${field} ${JSON.stringify(value)} ${problem}, which would break the subject default.<eventSourceName>.<eventName>: expected a single subject token without ".", "*", ">" or whitespace`,
    );
}

/** What `or` counts as configured (spec §4.1): non-null exprs/data, context, time, non-empty script. */
function configuresAnything(f: EventDependencyFilter): boolean {
  return (
    f.exprs !== undefined ||
    f.data !== undefined ||
    f.context !== undefined ||
    f.time !== undefined ||
    !!f.script
  );
}
