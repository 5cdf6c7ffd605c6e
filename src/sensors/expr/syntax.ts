/**
 * govaluate's grammar check: a table of which token kind may follow which (its `lexerState`s), plus
 * the parenthesis balance count. Quirks kept on purpose: only the totals of `(` and `)` are compared
 * (so `(1)(2)` passes and evaluates to 1), and `(1 +)` or `(a ==)` pass (the missing operand is nil).
 * @module
 */
import { ExprSyntaxError } from './errors.js';
import { goFormatValue } from '../../lang/index.js';
import type { Token } from './lexer.js';

export type TokenKind =
  | 'UNKNOWN'
  | 'PREFIX'
  | 'NUMERIC'
  | 'BOOLEAN'
  | 'STRING'
  | 'PATTERN'
  | 'TIME'
  | 'VARIABLE'
  | 'FUNCTION'
  | 'SEPARATOR'
  | 'ACCESSOR'
  | 'COMPARATOR'
  | 'LOGICALOP'
  | 'MODIFIER'
  | 'CLAUSE'
  | 'CLAUSE_CLOSE'
  | 'TERNARY';

interface State {
  eof: boolean;
  next: readonly TokenKind[];
}

const VALUES: TokenKind[] = [
  'NUMERIC',
  'BOOLEAN',
  'VARIABLE',
  'PATTERN',
  'FUNCTION',
  'ACCESSOR',
  'STRING',
  'TIME',
];
const AFTER_LITERAL: TokenKind[] = [
  'MODIFIER',
  'COMPARATOR',
  'LOGICALOP',
  'CLAUSE_CLOSE',
  'TERNARY',
  'SEPARATOR',
];

const STATES: Record<TokenKind, State> = {
  UNKNOWN: { eof: false, next: ['PREFIX', ...VALUES, 'CLAUSE'] },
  CLAUSE: { eof: false, next: ['PREFIX', ...VALUES, 'CLAUSE', 'CLAUSE_CLOSE'] },
  CLAUSE_CLOSE: {
    eof: true,
    next: [
      'COMPARATOR',
      'MODIFIER',
      'NUMERIC',
      'BOOLEAN',
      'VARIABLE',
      'STRING',
      'PATTERN',
      'TIME',
      'CLAUSE',
      'CLAUSE_CLOSE',
      'LOGICALOP',
      'TERNARY',
      'SEPARATOR',
    ],
  },
  NUMERIC: { eof: true, next: AFTER_LITERAL },
  BOOLEAN: { eof: true, next: AFTER_LITERAL },
  STRING: { eof: true, next: AFTER_LITERAL },
  TIME: { eof: true, next: ['MODIFIER', 'COMPARATOR', 'LOGICALOP', 'CLAUSE_CLOSE', 'SEPARATOR'] },
  PATTERN: { eof: true, next: ['MODIFIER', 'COMPARATOR', 'LOGICALOP', 'CLAUSE_CLOSE', 'SEPARATOR'] },
  VARIABLE: { eof: true, next: AFTER_LITERAL },
  MODIFIER: {
    eof: false,
    next: [
      'PREFIX',
      'NUMERIC',
      'VARIABLE',
      'FUNCTION',
      'ACCESSOR',
      'STRING',
      'BOOLEAN',
      'CLAUSE',
      'CLAUSE_CLOSE',
    ],
  },
  COMPARATOR: { eof: false, next: ['PREFIX', ...VALUES, 'CLAUSE', 'CLAUSE_CLOSE'] },
  LOGICALOP: {
    eof: false,
    next: [
      'PREFIX',
      'NUMERIC',
      'BOOLEAN',
      'VARIABLE',
      'FUNCTION',
      'ACCESSOR',
      'STRING',
      'TIME',
      'CLAUSE',
      'CLAUSE_CLOSE',
    ],
  },
  PREFIX: {
    eof: false,
    next: ['NUMERIC', 'BOOLEAN', 'VARIABLE', 'FUNCTION', 'ACCESSOR', 'CLAUSE', 'CLAUSE_CLOSE'],
  },
  TERNARY: {
    eof: false,
    next: [
      'PREFIX',
      'NUMERIC',
      'BOOLEAN',
      'STRING',
      'TIME',
      'VARIABLE',
      'FUNCTION',
      'ACCESSOR',
      'CLAUSE',
      'SEPARATOR',
    ],
  },
  FUNCTION: { eof: false, next: ['CLAUSE'] },
  ACCESSOR: {
    eof: true,
    next: ['CLAUSE', 'MODIFIER', 'COMPARATOR', 'LOGICALOP', 'CLAUSE_CLOSE', 'TERNARY', 'SEPARATOR'],
  },
  SEPARATOR: {
    eof: false,
    next: ['PREFIX', 'NUMERIC', 'BOOLEAN', 'STRING', 'TIME', 'VARIABLE', 'FUNCTION', 'ACCESSOR', 'CLAUSE'],
  },
};

/** Whether a token of kind `next` may follow a token of kind `prev`. */
export function canTransition(prev: TokenKind, next: TokenKind): boolean {
  return STATES[prev].next.includes(next);
}

/** Deepest parenthesis nesting accepted; deeper input is rejected before it can exhaust the stack. */
export const MAX_PAREN_DEPTH = 128;

/** govaluate's checkBalance + checkExpressionSyntax, plus jetflow's nesting bound. */
export function checkSyntax(tokens: readonly Token[], text: string, end: number): void {
  let parens = 0;
  for (const t of tokens) {
    if (t.kind === 'CLAUSE') parens++;
    if (t.kind === 'CLAUSE_CLOSE') parens--;
    if (parens > MAX_PAREN_DEPTH) {
      throw new ExprSyntaxError(`Expression nests parentheses deeper than ${MAX_PAREN_DEPTH}`, t.pos, text);
    }
  }
  if (parens !== 0) throw new ExprSyntaxError('Unbalanced parenthesis', end, text);
  let state: TokenKind = 'UNKNOWN';
  let last: Token | undefined;
  for (const t of tokens) {
    if (!canTransition(state, t.kind)) {
      if (last?.kind === 'VARIABLE' && t.kind === 'CLAUSE') {
        throw new ExprSyntaxError(`Undefined function ${String(last.value)}`, last.pos, text);
      }
      const from = `${state} [${last ? describe(last) : '<nil>'}]`;
      throw new ExprSyntaxError(
        `Cannot transition token types from ${from} to ${t.kind} [${describe(t)}]`,
        t.pos,
        text,
      );
    }
    state = t.kind;
    last = t;
  }
  if (!STATES[state].eof) throw new ExprSyntaxError('Unexpected end of expression', end, text);
}

function describe(t: Token): string {
  if (t.display !== undefined) return t.display;
  return Array.isArray(t.value) ? `[${t.value.join(' ')}]` : goFormatValue(t.value);
}
