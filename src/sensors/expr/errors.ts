/**
 * Typed errors of the govaluate-compatible expression language.
 * @module
 */
import { JetflowError } from '../../api/index.js';

/**
 * The expression text is not valid govaluate syntax (govaluate's `NewEvaluableExpression` would fail).
 * `position` is the 0-based code-point offset of the offending token (or of the end of the text).
 */
export class ExprSyntaxError extends JetflowError {
  override readonly code = 'EXPR_SYNTAX';
  constructor(
    message: string,
    readonly position: number,
    readonly expression: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/**
 * Evaluation failed the way govaluate's `Evaluate` fails: a missing parameter, a type error
 * (`Value 'x' cannot be used with the comparator '>', it is not a number`), a bad dynamic regexp.
 * The message is govaluate's, word for word where it matters.
 */
export class ExprEvalError extends JetflowError {
  override readonly code = 'EXPR_EVAL';
}
