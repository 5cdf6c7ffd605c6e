/**
 * Token cursor and the literal-level productions of the filter parser (numbers, arrays, maps,
 * argument lists, closures), plus expr-lang's operator tables.
 * @module
 */
import type { Node } from './ast.js';
import { SourceFilterSyntaxError, type FilterLocation } from './errors.js';
import type { Token } from './lexer.js';

export const UNARY: Record<string, number> = { not: 50, '!': 50, '-': 90, '+': 90 };
export const BINARY: Record<string, [number, 'L' | 'R']> = {
  ...{ '|': [0, 'L'], or: [10, 'L'], '||': [10, 'L'], and: [15, 'L'], '&&': [15, 'L'] },
  ...{ '==': [20, 'L'], '!=': [20, 'L'], '<': [20, 'L'], '>': [20, 'L'], '>=': [20, 'L'], '<=': [20, 'L'] },
  ...{ in: [20, 'L'], matches: [20, 'L'], contains: [20, 'L'], startsWith: [20, 'L'], endsWith: [20, 'L'] },
  ...{ '..': [25, 'L'], '+': [30, 'L'], '-': [30, 'L'], '*': [60, 'L'], '/': [60, 'L'], '%': [60, 'L'] },
  ...{ '**': [100, 'R'], '^': [100, 'R'], '??': [500, 'L'] },
};
/** Functions whose second argument is a closure (expr-lang's `predicates`). */
export const PREDICATES = new Set(
  'all none any one filter map count find findIndex findLast findLastIndex groupBy reduce'.split(' '),
);
/** Every expr-lang v1.15 builtin name: the parser makes these builtin calls whatever the data holds. */
export const UPSTREAM_BUILTINS = new Set([
  ...PREDICATES,
  ...'len type abs ceil floor round int float string trim trimPrefix trimSuffix upper lower split splitAfter'.split(
    ' ',
  ),
  ...'replace repeat join indexOf lastIndexOf hasPrefix hasSuffix max min sum mean median toJSON fromJSON'.split(
    ' ',
  ),
  ...'toBase64 fromBase64 now duration date first last get take keys values toPairs fromPairs sort sortBy'.split(
    ' ',
  ),
]);
/** Deepest recursion the parser allows (parentheses, unary and right-associative chains). */
export const MAX_PARSE_DEPTH = 200;

/** Shared parser state and productions that do not involve operators. */
export abstract class ParserBase {
  protected pos = 0;
  protected depth = 0; // closure depth: `#` and `.x` are allowed inside
  protected nesting = 0;

  constructor(
    protected readonly tokens: Token[],
    protected readonly text: string,
  ) {}

  /** Parse an expression whose operators bind at least as tightly as `precedence`. */
  abstract expression(precedence: number): Node;

  protected get cur(): Token {
    return this.tokens[Math.min(this.pos, this.tokens.length - 1)]!;
  }

  protected is(kind: Token['kind'], value?: string): boolean {
    return this.cur.kind === kind && (value === undefined || this.cur.value === value);
  }

  protected fail(reason: string, at: FilterLocation = this.cur.loc): never {
    throw new SourceFilterSyntaxError(reason, at, this.text);
  }

  protected unexpected(t: Token = this.cur): never {
    return this.fail(
      `unexpected token ${t.kind === 'EOF' ? 'EOF' : `${t.kind}(${JSON.stringify(t.value)})`}`,
      t.loc,
    );
  }

  protected next(): void {
    if (++this.pos >= this.tokens.length) this.fail('unexpected end of expression');
  }

  protected expect(kind: Token['kind'], value?: string): void {
    if (!this.is(kind, value)) this.unexpected();
    this.next();
  }

  protected number(t: Token): Node {
    const v = t.value.replace(/_/g, '');
    const bad = (what: string, why: string): never =>
      this.fail(
        `invalid ${what} literal: strconv.Parse${what === 'float' ? 'Float' : 'Int'}: parsing ${JSON.stringify(v)}: ${why}`,
        t.loc,
      );
    if (v.includes('x') || !/[.eE]/.test(v)) {
      const hex = v.includes('x');
      if (!(hex ? /^0x[0-9a-fA-F]+$/ : /^[0-9]+$/).test(v)) bad(hex ? 'hex' : 'integer', 'invalid syntax');
      const n = BigInt(v);
      if (n >= 2n ** 63n) bad(hex ? 'hex' : 'integer', 'value out of range');
      return { k: 'int', v: n, loc: t.loc };
    }
    if (!/^(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(v)) bad('float', 'invalid syntax');
    const f = Number(v);
    if (!Number.isFinite(f)) bad('float', 'value out of range');
    return { k: 'float', v: f, loc: t.loc };
  }

  /** `reduce(array, closure, initial)`: the optional third argument. */
  protected reduceInitial(t: Token, args: Node[]): void {
    if (t.value !== 'reduce' || !this.is('Operator', ',')) return;
    this.next();
    args.push(this.expression(0));
  }

  protected closure(): Node {
    const at = this.cur.loc;
    const braces = this.is('Bracket', '{');
    if (braces) this.next();
    this.depth++;
    const body = this.expression(0);
    this.depth--;
    if (braces) this.expect('Bracket', '}');
    return { k: 'closure', body, loc: at };
  }

  protected array(): Node {
    const at = this.cur.loc;
    const items: Node[] = [];
    this.expect('Bracket', '[');
    while (!this.is('Bracket', ']')) {
      if (items.length > 0) {
        this.expect('Operator', ',');
        if (this.is('Bracket', ']')) break;
      }
      items.push(this.expression(0));
    }
    this.expect('Bracket', ']');
    return { k: 'array', items, loc: at };
  }

  protected map(): Node {
    const at = this.cur.loc;
    const pairs: [Node, Node][] = [];
    this.expect('Bracket', '{');
    while (!this.is('Bracket', '}')) {
      if (pairs.length > 0) {
        this.expect('Operator', ',');
        if (this.is('Bracket', '}')) break;
        if (this.is('Operator', ',')) this.unexpected();
      }
      let key: Node;
      if (this.is('Number') || this.is('String') || this.is('Identifier')) {
        key = { k: 'str', v: this.cur.value, loc: this.cur.loc };
        this.next();
      } else if (this.is('Bracket', '(')) key = this.expression(0);
      else {
        const t = this.cur;
        this.fail(
          `a map key must be a quoted string, a number, a identifier, or an expression enclosed in parentheses (unexpected token ${t.kind}(${JSON.stringify(t.value)}))`,
        );
      }
      this.expect('Operator', ':');
      pairs.push([key, this.expression(0)]);
    }
    this.expect('Bracket', '}');
    return { k: 'map', pairs, loc: at };
  }

  protected arguments(): Node[] {
    const args: Node[] = [];
    this.expect('Bracket', '(');
    while (!this.is('Bracket', ')')) {
      if (args.length > 0) this.expect('Operator', ',');
      args.push(this.expression(0));
    }
    this.expect('Bracket', ')');
    return args;
  }
}
