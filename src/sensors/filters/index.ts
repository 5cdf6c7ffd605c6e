/**
 * Dependency filters (spec/sensor.md §4): every kind with upstream's semantics, combined with
 * `filtersLogicalOperator`, returning a {@link FilterTrace} (verdict and reason per filter).
 * @module
 */
import type { SensorEvent } from '../event.js';
import type { EventDependency } from '../spec.js';
import type { ScriptSandbox } from '../transform/sandbox.js';
import { evaluateContext } from './context.js';
import { evaluateData } from './data.js';
import { evaluateExprs } from './expr.js';
import { evaluateScript } from './script.js';
import { evaluateTime } from './time.js';
import type { FilterKind, FilterTrace, KindVerdict, TraceMode } from './trace.js';

export * from './trace.js';
export { goParseBool, goParseFloat } from './go-parse.js';
export { isKnownZone } from './zone.js';

export interface FilterOptions {
  sandbox: ScriptSandbox;
  /** `decide` (default) stops once the verdict is known; `explain` evaluates every configured kind. */
  mode?: TraceMode;
}

type Step = [FilterKind, () => KindVerdict | Promise<KindVerdict>];

/**
 * Evaluate `dep`'s filters on `event` (already transformed). With `and` (default) every configured kind
 * must pass and the first error (in the order expr, data, context, time, script) fails the event. With
 * `or` one configured kind passing is enough; errors of expr/data/time are reported but do not fail the
 * event by themselves, a script error does. Filters absent → pass; `or` with nothing configured → fail.
 */
export async function evaluateFilters(
  dep: Pick<EventDependency, 'filters' | 'filtersLogicalOperator'>,
  event: SensorEvent,
  opts: FilterOptions,
): Promise<FilterTrace> {
  const f = dep.filters;
  if (!f) return { pass: true, reason: 'no filters', kinds: [] };
  const steps: Step[] = [];
  if (f.exprs !== undefined)
    steps.push(['expr', () => evaluateExprs(f.exprs!, f.exprLogicalOperator, event)]);
  if (f.data !== undefined) steps.push(['data', () => evaluateData(f.data!, f.dataLogicalOperator, event)]);
  if (f.context !== undefined) steps.push(['context', () => evaluateContext(f.context!, event.context)]);
  if (f.time !== undefined) steps.push(['time', () => evaluateTime(f.time!, event.timeMs)]);
  if (f.script) steps.push(['script', () => evaluateScript(f.script!, event, opts.sandbox)]);
  const explain = opts.mode === 'explain';
  return dep.filtersLogicalOperator === 'or' ? combineOr(steps, explain) : combineAnd(steps, explain);
}

async function combineAnd(steps: Step[], explain: boolean): Promise<FilterTrace> {
  const kinds: KindVerdict[] = [];
  let decided: FilterTrace | undefined;
  for (const [kind, run] of steps) {
    const v = await run();
    kinds.push(v);
    if (decided) continue;
    if (v.error !== undefined)
      decided = { pass: false, error: v.error, reason: `${kind} filter error: ${v.reason}`, kinds };
    else if (!v.pass) decided = { pass: false, reason: `${kind} filter did not pass: ${v.reason}`, kinds };
    if (decided && !explain) return decided;
  }
  if (decided) return decided;
  return { pass: true, reason: kinds.length ? 'every filter passed' : 'no filter configured', kinds };
}

async function combineOr(steps: Step[], explain: boolean): Promise<FilterTrace> {
  const kinds: KindVerdict[] = [];
  const errors: string[] = [];
  let passed: KindVerdict | undefined;
  for (const [kind, run] of steps) {
    // once something passed only a script error can change the verdict
    if (passed && !explain && kind !== 'script') continue;
    const v = await run();
    kinds.push(v);
    if (kind === 'script' && v.error !== undefined) {
      return { pass: false, error: v.error, reason: `script filter error: ${v.reason}`, kinds };
    }
    if (v.error !== undefined) errors.push(v.error);
    if (v.pass) passed ??= v;
  }
  const error = errors.length ? errors.join(' / ') : undefined;
  if (passed)
    return {
      pass: true,
      ...(error && { error }),
      reason: `${passed.kind} filter passed: ${passed.reason}`,
      kinds,
    };
  const reason = kinds.length
    ? 'no filter passed'
    : 'filtersLogicalOperator "or" with no filter configured never passes';
  return { pass: false, ...(error && { error }), reason, kinds };
}
