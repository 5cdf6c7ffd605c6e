/**
 * govaluate's stage planner. It parses every precedence level right-recursively (so `a - b - c` first
 * becomes `a - (b - c)`) and then "mirrors" each run of same-precedence stages on the right spine to make
 * them left-associative. Reproducing that exact procedure (instead of a textbook precedence parser) keeps
 * its quirks: `2 ** 3 ** 2` is 64, `a ? b : c ? d : e` is `((a ? b : c) ? d) : e`, and `?`, `:` and `??`
 * share one precedence. Chains are collected iteratively, so only parentheses add recursion.
 * @module
 */
import { ExprSyntaxError } from './errors.js';
import { goFormatValue } from '../../lang/index.js';
import type { Token } from './lexer.js';
import { reorder } from './reorder.js';
import type { TokenKind } from './syntax.js';

/** govaluate's OperatorSymbol. */
export type Sym =
  | 'VALUE'
  | 'LITERAL'
  | 'NOOP'
  | 'EQ'
  | 'NEQ'
  | 'GT'
  | 'LT'
  | 'GTE'
  | 'LTE'
  | 'REQ'
  | 'NREQ'
  | 'IN'
  | 'AND'
  | 'OR'
  | 'PLUS'
  | 'MINUS'
  | 'BITWISE_AND'
  | 'BITWISE_OR'
  | 'BITWISE_XOR'
  | 'BITWISE_LSHIFT'
  | 'BITWISE_RSHIFT'
  | 'MULTIPLY'
  | 'DIVIDE'
  | 'MODULUS'
  | 'EXPONENT'
  | 'NEGATE'
  | 'INVERT'
  | 'BITWISE_NOT'
  | 'TERNARY_TRUE'
  | 'TERNARY_FALSE'
  | 'COALESCE'
  | 'ACCESS'
  | 'SEPARATE';

/** One node of the evaluation tree. `literal`/`name`/`path` belong to LITERAL/VALUE/ACCESS stages. */
export interface Stage {
  symbol: Sym;
  left?: Stage;
  right?: Stage;
  literal?: unknown;
  name?: string;
  path?: string[];
}

interface Level {
  kind: TokenKind;
  symbols: Record<string, Sym>;
}

// Loosest to tightest, as govaluate's planSeparator → ... → planExponential chain.
const LEVELS: Level[] = [
  { kind: 'SEPARATOR', symbols: { ',': 'SEPARATE' } },
  { kind: 'TERNARY', symbols: { '?': 'TERNARY_TRUE', ':': 'TERNARY_FALSE', '??': 'COALESCE' } },
  { kind: 'LOGICALOP', symbols: { '||': 'OR' } },
  { kind: 'LOGICALOP', symbols: { '&&': 'AND' } },
  {
    kind: 'COMPARATOR',
    symbols: {
      ...{ '==': 'EQ', '!=': 'NEQ', '>': 'GT', '>=': 'GTE', '<': 'LT', '<=': 'LTE' },
      ...{ '=~': 'REQ', '!~': 'NREQ', in: 'IN' },
    },
  },
  { kind: 'MODIFIER', symbols: { '^': 'BITWISE_XOR', '&': 'BITWISE_AND', '|': 'BITWISE_OR' } },
  { kind: 'MODIFIER', symbols: { '>>': 'BITWISE_RSHIFT', '<<': 'BITWISE_LSHIFT' } },
  { kind: 'MODIFIER', symbols: { '+': 'PLUS', '-': 'MINUS' } },
  { kind: 'MODIFIER', symbols: { '*': 'MULTIPLY', '/': 'DIVIDE', '%': 'MODULUS' } },
  { kind: 'MODIFIER', symbols: { '**': 'EXPONENT' } },
];
const PREFIXES: Record<string, Sym> = { '-': 'NEGATE', '!': 'INVERT', '~': 'BITWISE_NOT' };

class Planner {
  private i = 0;
  constructor(
    private readonly tokens: readonly Token[],
    private readonly text: string,
  ) {}

  plan(): Stage | undefined {
    return this.tokens.length === 0 ? undefined : this.level(0);
  }

  private level(n: number): Stage | undefined {
    if (n === LEVELS.length) return this.accessor();
    const { kind, symbols } = LEVELS[n]!;
    const operands = [this.level(n + 1)];
    const ops: Sym[] = [];
    for (
      let t = this.tokens[this.i];
      t?.kind === kind && typeof t.value === 'string';
      t = this.tokens[this.i]
    ) {
      const sym = symbols[t.value];
      if (!sym) break;
      this.i++;
      ops.push(sym);
      operands.push(this.level(n + 1));
    }
    // Right fold: the tree govaluate's right-recursive planPrecedenceLevel builds.
    let acc = operands[ops.length];
    for (let k = ops.length - 1; k >= 0; k--) acc = { symbol: ops[k]!, left: operands[k], right: acc };
    return acc;
  }

  private accessor(): Stage | undefined {
    const t = this.tokens[this.i];
    if (t?.kind !== 'ACCESSOR') return this.value();
    this.i++;
    // A following clause is a method call; govaluate plans from there to the end of the whole level chain.
    const right = this.tokens[this.i]?.kind === 'CLAUSE' ? this.level(0) : undefined;
    return { symbol: 'ACCESS', path: t.value as string[], right };
  }

  private value(): Stage | undefined {
    const t = this.tokens[this.i];
    if (!t) return undefined;
    this.i++;
    switch (t.kind) {
      case 'CLAUSE': {
        const inner = this.level(0);
        // Consume whatever comes next as the closing clause, as govaluate does.
        if (this.i++ >= this.tokens.length)
          throw new ExprSyntaxError('Unexpected end of expression', t.pos, this.text);
        return { symbol: 'NOOP', right: inner };
      }
      case 'CLAUSE_CLOSE':
        this.i--;
        return undefined;
      case 'VARIABLE':
        return { symbol: 'VALUE', name: t.value as string };
      case 'NUMERIC':
      case 'STRING':
      case 'PATTERN':
      case 'BOOLEAN':
      case 'TIME':
        return { symbol: 'LITERAL', literal: t.value };
      case 'PREFIX':
        return { symbol: PREFIXES[t.value as string]!, right: this.accessor() };
      default:
        throw new ExprSyntaxError(
          `Unable to plan token kind: '${t.kind}', value: '${goFormatValue(t.value)}'`,
          t.pos,
          this.text,
        );
    }
  }
}

/** Deepest stage tree evaluation will recurse through. */
export const MAX_STAGE_DEPTH = 2000;

function depth(root: Stage): number {
  let max = 0;
  const stack: [Stage, number][] = [[root, 1]];
  for (let e = stack.pop(); e; e = stack.pop()) {
    max = Math.max(max, e[1]);
    if (e[0].left) stack.push([e[0].left, e[1] + 1]);
    if (e[0].right) stack.push([e[0].right, e[1] + 1]);
  }
  return max;
}

/** Build the evaluation tree for checked tokens (undefined for an expression that evaluates to nil). */
export function planStages(tokens: readonly Token[], text: string): Stage | undefined {
  const root = new Planner(tokens, text).plan();
  if (!root) return undefined;
  reorder(root);
  if (depth(root) > MAX_STAGE_DEPTH) {
    throw new ExprSyntaxError(
      `Expression is too deeply nested (more than ${MAX_STAGE_DEPTH} levels)`,
      0,
      text,
    );
  }
  return root;
}
