/**
 * Data filters (spec/sensor.md §4.2), following upstream's control flow (argo-events
 * `pkg/sensors/dependencies/filter.go` filterData) step by step, with a reason for each entry.
 * @module
 */
import { compileRe2 } from '../expr/index.js';
import { getPathText, type PathResult } from '../path/index.js';
import type { SensorEvent } from '../event.js';
import { renderGoTemplate } from '../templating.js';
import { goParseBool, goParseFloatStrict } from './go-parse.js';
import type { ItemVerdict, KindVerdict } from './trace.js';
import type { DataFilter, LogicalOperator } from '../spec.js';

/** What a data filter compares: gjson's Result reduced to what Bool()/Float()/String() need. */
interface Compared {
  type: PathResult['type'];
  str: string;
  num: number;
  shown: string;
}

/** Outcome of one entry: pass, fail, or an error (which in `or` mode only abandons that entry). */
type Entry = { pass: boolean; error?: string; reason: string };

const err = (msg: string) => `data filter error (${msg})`;

/** Evaluate the `data` list against the event data. */
export function evaluateData(
  filters: DataFilter[],
  op: LogicalOperator | undefined,
  event: SensorEvent,
): KindVerdict {
  const dataText = event.dataText;
  const kind = 'data' as const;
  if (filters.length === 0) return { kind, pass: true, reason: 'no data filters' };
  if (dataText === undefined) return { kind, pass: true, reason: 'the event has no data' };
  if (!event.dataIsJson())
    return {
      kind,
      pass: false,
      error: err('event data not valid JSON'),
      reason: 'event data is not valid JSON',
    };
  const or = op === 'or';
  const items: ItemVerdict[] = [];
  const errors: string[] = [];
  for (const [index, f] of filters.entries()) {
    const e = evaluateEntry(f, dataText);
    items.push({ index, ...e });
    if (e.error !== undefined) {
      if (!or)
        return { kind, pass: false, error: err(e.error), reason: `data[${index}]: ${e.reason}`, items };
      errors.push(e.error);
    } else if (e.pass && or) {
      return { kind, pass: true, reason: `data[${index}] passed: ${e.reason}`, items };
    } else if (!e.pass && !or) {
      return { kind, pass: false, reason: `data[${index}] did not pass: ${e.reason}`, items };
    }
  }
  if (!or) return { kind, pass: true, reason: 'every data filter passed', items };
  if (errors.length > 0)
    return {
      kind,
      pass: false,
      error: `data filter errors [${errors.join(' / ')}]`,
      reason: 'no data filter passed',
      items,
    };
  return { kind, pass: false, reason: 'no data filter passed', items };
}

function evaluateEntry(f: DataFilter, dataText: string): Entry {
  const r = getPathText(dataText, f.path);
  if (!r.exists) return fail(`path '${f.path}' does not exist`);
  if (f.value.length === 0) return fail('no values specified');
  let v: Compared = {
    type: r.type,
    str: r.str,
    num: gjsonFloat(r),
    shown: `${r.raw} (${r.type.toLowerCase()})`,
  };
  if (f.template) {
    let out: string;
    try {
      out = renderGoTemplate(f.template, { Input: r.str });
    } catch (e) {
      return fail((e as Error).message);
    }
    if (out === '' || out === '<no value>')
      return fail(`template '${f.template}' evaluated to empty string or no value`);
    v = { type: 'String', str: out, num: 0, shown: `${JSON.stringify(out)} (template output)` };
    v.num = gjsonFloat(v);
  }
  const at = `${f.path} = ${v.shown}`;
  switch (f.type) {
    case 'bool':
      return compareBool(f, v, at);
    case 'number':
      return compareNumber(f, v, at);
    case 'string':
      return compareString(f, v, at);
    default:
      return fail(`unsupported JSON type '${String(f.type)}'`);
  }
}

function fail(error: string): Entry {
  return { pass: false, error, reason: error };
}

function compareBool(f: DataFilter, v: Compared, at: string): Entry {
  const actual = gjsonBool(v);
  for (const value of f.value) {
    const want = goParseBool(value);
    if (want === undefined)
      return fail(`strconv.ParseBool: parsing ${JSON.stringify(value)}: invalid syntax`);
    if (want === actual) return { pass: true, reason: `${at} is ${actual}, equal to "${value}"` };
  }
  return { pass: false, reason: `${at} is ${actual}, equal to none of ${list(f.value)}` };
}

function compareNumber(f: DataFilter, v: Compared, at: string): Entry {
  const op = f.comparator || '=';
  for (const value of f.value) {
    const want = goParseFloatStrict(value);
    if (want === undefined)
      return fail(`strconv.ParseFloat: parsing ${JSON.stringify(value)}: invalid syntax`);
    if (compare(op, v.num, want)) return { pass: true, reason: `${at}: ${v.num} ${op} ${want}` };
  }
  return { pass: false, reason: `${at}: ${v.num} ${op} none of ${list(f.value)}` };
}

function compare(op: string, a: number, b: number): boolean {
  switch (op) {
    case '>=':
      return a >= b;
    case '>':
      return a > b;
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '!=':
      return a !== b;
    case '=':
      return a === b;
    default:
      return false;
  }
}

function compareString(f: DataFilter, v: Compared, at: string): Entry {
  const op = f.comparator || '=';
  for (const value of f.value) {
    let matched: boolean;
    try {
      matched = compileRe2(value).test(v.str);
    } catch (e) {
      return fail((e as Error).message);
    }
    if ((op === '=' && matched) || (op === '!=' && !matched)) {
      return { pass: true, reason: `${at} ${matched ? 'matches' : 'does not match'} /${value}/` };
    }
  }
  const why =
    op === '=' || op === '!='
      ? `${op === '=' ? 'matches none' : 'matches all'} of ${list(f.value)}`
      : `comparator "${op}" never passes for strings`;
  return { pass: false, reason: `${at} ${why}` };
}

function list(values: string[]): string {
  return values.map((s) => JSON.stringify(s)).join(', ');
}

/** gjson Result.Bool(): true; strings parsed after lower-casing (failure → false); numbers ≠ 0. */
function gjsonBool(v: Compared): boolean {
  switch (v.type) {
    case 'True':
      return true;
    case 'String':
      return goParseBool(v.str.toLowerCase()) ?? false;
    case 'Number':
      return v.num !== 0;
    default:
      return false;
  }
}

/** gjson Result.Float(): numbers; strings parsed (failure → 0); true → 1; else 0. */
function gjsonFloat(v: { type: PathResult['type']; str: string; value?: unknown }): number {
  switch (v.type) {
    case 'True':
      return 1;
    case 'String':
      return goParseFloatLoose(v.str);
    case 'Number':
      return typeof v.value === 'number' ? v.value : Number(v.str);
    default:
      return 0;
  }
}

/** `n, _ := strconv.ParseFloat(s, 64)`: a range error still yields ±Inf; a syntax error yields 0. */
function goParseFloatLoose(s: string): number {
  const n = goParseFloatStrict(s);
  if (n !== undefined) return n;
  const inf = /^[+-]?(\d+\.?\d*|\.\d+)[eE][+-]?\d+$/.test(s) ? Number(s) : 0;
  return Number.isFinite(inf) ? 0 : inf;
}
