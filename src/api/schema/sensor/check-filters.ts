/** Checks of `dependencies[].filters` (spec/sensor.md §4; upstream validate.go validateEventFilter). */
import type { IssueSink, PathSeg } from '../../issues.js';
import type { DataFilter, EventDependencyFilter, ExprFilter, TimeFilter } from './filters.js';
import { isValidTimezone, parseClock, re2Problem } from './rules.js';

/** Go `strconv.ParseBool` inputs. */
const GO_BOOLS = ['1', 't', 'T', 'TRUE', 'true', 'True', '0', 'f', 'F', 'FALSE', 'false', 'False'];
/** Go `strconv.ParseFloat` decimal syntax (plus inf/nan). */
const GO_FLOAT = /^[+-]?((\d+\.?\d*|\.\d+)([eE][+-]?\d+)?|inf|infinity|nan)$/i;

export function checkFilters(f: EventDependencyFilter, at: PathSeg[], sink: IssueSink): void {
  f.data?.forEach((d, i) => checkData(d, [...at, 'data', i], sink));
  f.exprs?.forEach((e, i) => checkExpr(e, [...at, 'exprs', i], sink));
  if (f.context) {
    const c = f.context;
    if (!c.type && !c.subject && !c.source && !c.datacontenttype)
      sink.error(
        [...at, 'context'],
        'no fields specified in ctx filter (aka all events will be discarded): expected at least one of type, subject, source, datacontenttype',
      );
    for (const k of ['id', 'specversion', 'time'] as const)
      if (c[k])
        sink.warn([...at, 'context', k], `${k} is not compared by the context filter and has no effect`);
  }
  if (f.time) checkTime(f.time, [...at, 'time'], sink);
}

function checkData(d: DataFilter, at: PathSeg[], sink: IssueSink): void {
  const invalid = 'one of data filters is not valid (type, path and value must be not empty)';
  if (d.path === '') sink.error([...at, 'path'], `${invalid}: expected a path, found ""`);
  if (d.value.length === 0)
    sink.error([...at, 'value'], `${invalid}: expected at least one value, found an empty list`);
  const cmp = d.comparator ?? '';
  if (d.type === 'bool' && cmp !== '' && cmp !== '=')
    sink.warn(
      [...at, 'comparator'],
      `comparator "${cmp}" is ignored for type bool (values are compared for equality)`,
    );
  if (d.type === 'string' && !['', '=', '!='].includes(cmp))
    sink.error(
      [...at, 'comparator'],
      `comparator "${cmp}" never matches for type string: expected "=", "!=" or none`,
    );
  d.value.forEach((v, i) => {
    const vAt = [...at, 'value', i];
    if (v === '')
      return sink.error(vAt, 'one of data filters is not valid (value must be not empty): found ""');
    if (d.type === 'bool' && !GO_BOOLS.includes(v))
      sink.error(
        vAt,
        `expected a boolean (true, false, 1, 0, t, f, TRUE, FALSE, ...), found ${JSON.stringify(v)}`,
      );
    if (d.type === 'number' && !GO_FLOAT.test(v))
      sink.error(vAt, `expected a number, found ${JSON.stringify(v)}`);
    if (d.type === 'string') {
      const problem = re2Problem(v);
      if (problem)
        sink.error(vAt, `expected an RE2 regular expression, found ${JSON.stringify(v)}: ${problem}`);
    }
  });
}

function checkExpr(e: ExprFilter, at: PathSeg[], sink: IssueSink): void {
  const invalid = 'one of expr filters is not valid (expr and fields must be not empty)';
  if (e.expr.trim() === '')
    sink.error([...at, 'expr'], `${invalid}: expected an expression, found ${JSON.stringify(e.expr)}`);
  if (e.fields.length === 0)
    sink.error([...at, 'fields'], `${invalid}: expected at least one field, found an empty list`);
  e.fields.forEach((fld, i) => {
    for (const k of ['name', 'path'] as const)
      if (fld[k] === '')
        sink.error(
          [...at, 'fields', i, k],
          `one of expr filters is not valid (path and name in a field must be not empty): expected a ${k}, found ""`,
        );
  });
}

function checkTime(t: TimeFilter, at: PathSeg[], sink: IssueSink): void {
  const start = parseClock(t.start);
  const stop = parseClock(t.stop);
  if (start === undefined)
    sink.error([...at, 'start'], `expected a time of day "HH:MM:SS", found ${JSON.stringify(t.start)}`);
  if (stop === undefined)
    sink.error([...at, 'stop'], `expected a time of day "HH:MM:SS", found ${JSON.stringify(t.stop)}`);
  if (t.timezone !== undefined && !isValidTimezone(t.timezone))
    sink.error(
      [...at, 'timezone'],
      `invalid timezone "${t.timezone}": expected an IANA time zone such as "America/New_York"`,
    );
  if (start !== undefined && start === stop)
    sink.error([...at, 'stop'], `invalid event time filter: stop '${t.stop}' is equal to start '${t.start}'`);
}
