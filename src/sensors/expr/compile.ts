/**
 * `compileExpr`: govaluate's NewEvaluableExpression (lex → balance/grammar check → constant regexps
 * compiled → stage planning), and `CompiledExpr.evaluate`: its Evaluate.
 * @module
 */
import { ExprEvalError, ExprSyntaxError } from './errors.js';
import { evaluateStage } from './evaluate.js';
import { lex, type Token } from './lexer.js';
import { planStages, type Stage } from './planner.js';
import { Re2, Re2SyntaxError } from '../../lang/index.js';
import { checkSyntax } from './syntax.js';

/** Longest expression accepted, in code points (a filter is a line, not a program). */
export const MAX_EXPR_LENGTH = 100_000;

/** A parsed govaluate expression, reusable across events. */
export interface CompiledExpr {
  /** The expression text as given. */
  readonly text: string;
  /**
   * Evaluate with `params` (name → value; values are JSON-like: number, string, boolean, null, arrays,
   * objects). Returns govaluate's result (number, string, boolean, null or array). Throws
   * {@link ExprEvalError} where govaluate's Evaluate returns an error.
   */
  evaluate(params: Record<string, unknown>): unknown;
  /** Parameter names used, in order of appearance, duplicates kept (govaluate's `Vars()`). */
  vars(): string[];
}

/** govaluate's optimizeTokens: a string literal right after `=~`/`!~` is compiled once, now. */
function compileConstantPatterns(tokens: Token[], text: string): void {
  for (let i = 0; i < tokens.length - 1; i++) {
    const t = tokens[i]!;
    const next = tokens[i + 1]!;
    if (t.kind !== 'COMPARATOR' || (t.value !== '=~' && t.value !== '!~') || next.kind !== 'STRING') continue;
    try {
      tokens[i + 1] = { kind: 'PATTERN', value: Re2.compile(next.value as string), pos: next.pos };
    } catch (e) {
      if (e instanceof Re2SyntaxError) throw new ExprSyntaxError(e.message, next.pos, text, { cause: e });
      throw e;
    }
  }
}

class Compiled implements CompiledExpr {
  constructor(
    readonly text: string,
    private readonly root: Stage | undefined,
    private readonly names: string[],
  ) {}

  evaluate(params: Record<string, unknown>): unknown {
    if (!this.root) return null;
    try {
      return evaluateStage(this.root, params ?? {});
    } catch (e) {
      // A stack overflow on pathological parameters stays typed; anything else is a bug and surfaces.
      if (e instanceof RangeError) throw new ExprEvalError(`evaluation failed: ${e.message}`, { cause: e });
      throw e;
    }
  }

  vars(): string[] {
    return [...this.names];
  }
}

/**
 * Compile a govaluate expression (the `expr` of a Sensor's `filters.exprs[]`). Throws
 * {@link ExprSyntaxError} (with the code-point position of the offending token) where govaluate's
 * `NewEvaluableExpression` fails, e.g. `Undefined function foo`, `Unbalanced parenthesis`,
 * `Unable to access unexported field 'b' in token 'a.b'` (write `[a.b]` for a dotted parameter name).
 */
export function compileExpr(text: string): CompiledExpr {
  const length = Array.from(text).length;
  if (length > MAX_EXPR_LENGTH) {
    throw new ExprSyntaxError(`Expression longer than ${MAX_EXPR_LENGTH} characters`, MAX_EXPR_LENGTH, text);
  }
  const tokens = lex(text);
  checkSyntax(tokens, text, length);
  compileConstantPatterns(tokens, text);
  const root = planStages(tokens, text);
  const names = tokens.filter((t) => t.kind === 'VARIABLE').map((t) => t.value as string);
  return new Compiled(text, root, names);
}
