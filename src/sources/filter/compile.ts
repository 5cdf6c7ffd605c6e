/**
 * `compileSourceFilter`: parse once at EventSource start, then `matches(data)` per event.
 * @module
 */
import { children, type Node } from './ast.js';
import { check } from './checker.js';
import { prepareFilterEnv } from './env.js';
import { RuntimeFault, SourceFilterEvalError, SourceFilterSyntaxError } from './errors.js';
import { resolveFunctions } from './functions.js';
import { constantPatterns, Evaluator } from './evaluate.js';
import { goFormatValue, Re2, Re2SyntaxError } from './go.js';
import { depth, fold, markStringSets } from './optimize.js';
import { parse } from './parser.js';
import type { Value } from './values.js';

/** Longest expression accepted (characters) and deepest syntax tree. */
export const MAX_FILTER_LENGTH = 100_000;
export const MAX_TREE_DEPTH = 1000;

/** A compiled `filter.expression`. */
export interface SourceFilter {
  readonly expression: string;
  /**
   * Decide one event: `data` is the event payload (JSON text/bytes or a decoded value) and is prepared
   * with {@link prepareFilterEnv}. Returns the boolean result; throws {@link SourceFilterEvalError} when
   * the payload is not an object, evaluation fails, or the result is not a boolean (the caller logs
   * and skips the event).
   */
  matches(data: unknown): boolean;
  /** Evaluate against an already prepared environment and return the raw result (for tests/tools). */
  evaluate(env: Record<string, Value>): Value;
}

function compileConstantPatterns(root: Node, text: string): void {
  const stack = [root];
  for (let n = stack.pop(); n; n = stack.pop()) {
    if (n.k === 'binary' && n.op === 'matches' && n.r.k === 'str') {
      try {
        constantPatterns.set(n, Re2.compile(n.r.v));
      } catch (e) {
        if (e instanceof Re2SyntaxError)
          throw new SourceFilterSyntaxError(e.message, n.loc, text, { cause: e });
        throw e;
      }
    }
    stack.push(...children(n));
  }
}

/**
 * Compile an EventSource `filter.expression` (expr-lang syntax). Throws {@link SourceFilterSyntaxError}
 * for syntax errors, unknown or unsupported functions, wrong argument counts and invalid constant
 * regular expressions.
 */
export function compileSourceFilter(expression: string): SourceFilter {
  if (expression.length > MAX_FILTER_LENGTH) {
    throw new SourceFilterSyntaxError(
      `expression longer than ${MAX_FILTER_LENGTH} characters`,
      undefined,
      expression,
    );
  }
  let root = parse(expression);
  if (depth(root) > MAX_TREE_DEPTH) {
    throw new SourceFilterSyntaxError(
      `expression nests deeper than ${MAX_TREE_DEPTH} levels`,
      undefined,
      expression,
    );
  }
  resolveFunctions(root, expression);
  check(root, expression);
  markStringSets(root);
  root = fold(root);
  compileConstantPatterns(root, expression);
  const tree = root;
  const evaluate = (env: Record<string, Value>): Value => {
    try {
      return new Evaluator(env).eval(tree, {});
    } catch (e) {
      if (e instanceof SourceFilterEvalError) throw e;
      if (e instanceof RuntimeFault)
        throw new SourceFilterEvalError('evaluation', e.message, undefined, { cause: e });
      // A stack overflow on a pathological payload stays typed; anything else is a bug and surfaces.
      if (e instanceof RangeError)
        throw new SourceFilterEvalError('evaluation', e.message, undefined, { cause: e });
      throw e;
    }
  };
  return {
    expression,
    evaluate,
    matches(data: unknown): boolean {
      const result = evaluate(prepareFilterEnv(data));
      if (typeof result !== 'boolean') {
        throw new SourceFilterEvalError(
          'non-boolean',
          `unable to cast expression result '${goFormatValue(result)}' to bool`,
        );
      }
      return result;
    },
  };
}
