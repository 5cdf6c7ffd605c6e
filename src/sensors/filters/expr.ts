/**
 * Expr filters (spec/sensor.md §4.3): govaluate expressions over fields bound with GJSON paths, with
 * upstream's control flow (argo-events `filter.go` filterExpr).
 * @module
 */
import type { SensorEvent } from '../event.js';
import { buildExprParams, compileExpr, type CompiledExpr } from '../expr/index.js';
import { getPathText } from '../path/index.js';
import type { ExprFilter, LogicalOperator } from '../spec.js';
import type { ItemVerdict, KindVerdict } from './trace.js';

const compiled = new Map<string, CompiledExpr>();
const MAX_CACHED = 512;

function compile(text: string): CompiledExpr {
  let c = compiled.get(text);
  if (!c) {
    c = compileExpr(text);
    if (compiled.size >= MAX_CACHED) compiled.delete(compiled.keys().next().value as string);
    compiled.set(text, c);
  }
  return c;
}

const err = (msg: string) => `expr filter error (${msg})`;

/** Evaluate the `exprs` list (only called when the list is present, possibly empty). */
export function evaluateExprs(
  filters: ExprFilter[],
  op: LogicalOperator | undefined,
  event: SensorEvent,
): KindVerdict {
  const kind = 'expr' as const;
  if (event.dataText === undefined) return { kind, pass: true, reason: 'the event has no data' };
  if (!event.dataIsJson())
    return {
      kind,
      pass: false,
      error: err('event data not valid JSON'),
      reason: 'event data is not valid JSON',
    };
  const or = op === 'or';
  const dataText = event.dataText;
  const items: ItemVerdict[] = [];
  const errors: string[] = [];
  for (const [index, f] of filters.entries()) {
    const built = buildExprParams(f.fields, (p) => getPathText(dataText, p));
    if (built.missingPath !== undefined) {
      const msg = `path '${built.missingPath}' does not exist`;
      items.push({ index, pass: false, error: msg, reason: msg });
      if (!or) return { kind, pass: false, error: err(msg), reason: `exprs[${index}]: ${msg}`, items };
      errors.push(msg);
      continue;
    }
    const params = built.params;
    if (Object.keys(params).length === 0) {
      items.push({ index, pass: false, reason: 'skipped: no fields' });
      continue;
    }
    let result: unknown;
    try {
      result = compile(f.expr).evaluate(params);
    } catch (e) {
      const msg = (e as Error).message;
      items.push({ index, pass: false, error: msg, reason: msg });
      if (!or) return { kind, pass: false, error: err(msg), reason: `exprs[${index}]: ${msg}`, items };
      errors.push(msg);
      continue;
    }
    const pass = result === true;
    const reason = `${f.expr} → ${JSON.stringify(result) ?? String(result)} with ${JSON.stringify(params)}`;
    items.push({ index, pass, reason });
    if (pass && or) return { kind, pass: true, reason: `exprs[${index}] passed: ${reason}`, items };
    if (!pass && !or) return { kind, pass: false, reason: `exprs[${index}] did not pass: ${reason}`, items };
  }
  if (!or)
    return {
      kind,
      pass: true,
      reason: filters.length === 0 ? 'no expr filters' : 'every expr filter passed',
      items,
    };
  if (errors.length > 0)
    return {
      kind,
      pass: false,
      error: `expr filter errors [${errors.join(' / ')}]`,
      reason: 'no expr filter passed',
      items,
    };
  return { kind, pass: false, reason: 'no expr filter passed', items };
}
