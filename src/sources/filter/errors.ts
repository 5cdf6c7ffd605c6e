/**
 * Typed errors of the EventSource filter language. The caller logs them and skips the event (upstream
 * counts the dispatch as successful either way).
 * @module
 */
import { JetflowError } from '../../api/index.js';

/** Where in the expression: 1-based line and column (code points), as expr-lang reports `(1:8)`. */
export interface FilterLocation {
  line: number;
  column: number;
}

function where(loc: FilterLocation | undefined): string {
  return loc ? ` (${loc.line}:${loc.column})` : '';
}

/** The expression does not parse, or calls a function that does not exist. Raised at compile time. */
export class SourceFilterSyntaxError extends JetflowError {
  override readonly code = 'SOURCE_FILTER_SYNTAX';
  constructor(
    readonly reason: string,
    readonly location: FilterLocation | undefined,
    readonly expression: string,
    options?: ErrorOptions,
  ) {
    super(`${reason}${where(location)}`, options);
  }
}

/** Why an evaluation did not produce a boolean. */
export type FilterEvalKind = 'payload' | 'evaluation' | 'non-boolean';

/**
 * The filter could not decide: the payload is not a JSON object, evaluation failed (type mismatch,
 * nil access, bad regexp, …), or the result is not a boolean. Upstream logs and skips the event.
 */
export class SourceFilterEvalError extends JetflowError {
  override readonly code = 'SOURCE_FILTER_EVAL';
  constructor(
    readonly kind: FilterEvalKind,
    readonly reason: string,
    readonly location?: FilterLocation,
    options?: ErrorOptions,
  ) {
    super(`${reason}${where(location)}`, options);
  }
}

/** Internal: a runtime failure raised inside an operator, located by the evaluator. */
export class RuntimeFault extends Error {}
