/**
 * expr-lang's Pratt parser, kept step for step so its quirks survive: literals take no postfix
 * (`'abc'[0]` is a syntax error), `??` cannot be mixed with other operators without parentheses,
 * `a ? b : c ? d : e` nests to the right, `x | f(y)` is `f(x, y)`, `not in`/`not matches` negate, and a
 * `not` before an operator of too low a precedence is dropped (`a == b not in c` is `(a == b) in c`).
 * @module
 */
import type { Node } from './ast.js';
import { isAlphaNumeric, lex, type Token } from './lexer.js';
import { BINARY, MAX_PARSE_DEPTH, ParserBase, PREDICATES, UNARY, UPSTREAM_BUILTINS } from './parser-base.js';

export { MAX_PARSE_DEPTH, PREDICATES, UPSTREAM_BUILTINS } from './parser-base.js';

const isValidIdentifier = (s: string): boolean => {
  const chars = Array.from(s);
  return chars.length > 0 && !/^\p{Nd}$/u.test(chars[0]!) && chars.every(isAlphaNumeric);
};

class Parser extends ParserBase {
  parse(): Node {
    const node = this.expression(0);
    if (!this.is('EOF')) this.unexpected();
    return node;
  }

  expression(precedence: number): Node {
    if (++this.nesting > MAX_PARSE_DEPTH) this.fail(`expression nests deeper than ${MAX_PARSE_DEPTH} levels`);
    try {
      if (precedence === 0 && this.is('Operator', 'let')) return this.letDeclaration();
      let left = this.primary();
      let prev = '';
      for (let op = this.cur; op.kind === 'Operator'; op = this.cur) {
        let notToken: Token | undefined;
        if (op.value === 'not') {
          this.next();
          notToken = op;
          op = this.cur;
        }
        const info = BINARY[op.value];
        if (!info || info[0] < precedence) break; // a consumed `not` is dropped, as upstream
        this.next();
        if (op.value === '|') left = this.pipe(left);
        else {
          if (prev === '??' && op.value !== '??') {
            this.fail(
              `Operator (${op.value}) and coalesce expressions (??) cannot be mixed. Wrap either by parentheses.`,
              op.loc,
            );
          }
          const right = this.expression(info[1] === 'L' ? info[0] + 1 : info[0]);
          left = { k: 'binary', op: op.value, l: left, r: right, loc: op.loc };
          if (notToken) left = { k: 'unary', op: 'not', node: left, loc: notToken.loc };
        }
        prev = op.value;
      }
      return precedence === 0 ? this.conditional(left) : left;
    } finally {
      this.nesting--;
    }
  }

  private letDeclaration(): Node {
    const at = this.cur.loc;
    this.expect('Operator', 'let');
    const name = this.cur.value;
    this.expect('Identifier');
    this.expect('Operator', '=');
    const value = this.expression(0);
    this.expect('Operator', ';');
    return { k: 'let', name, value, body: this.expression(0), loc: at };
  }

  private conditional(node: Node): Node {
    while (this.is('Operator', '?')) {
      const loc = this.cur.loc;
      this.next();
      let a: Node;
      if (!this.is('Operator', ':')) {
        a = this.expression(0);
        this.expect('Operator', ':');
      } else {
        this.next();
        a = node;
      }
      node = { k: 'cond', c: node, a, b: this.expression(0), loc };
    }
    return node;
  }

  private primary(): Node {
    const t = this.cur;
    if (t.kind === 'Operator' && UNARY[t.value] !== undefined) {
      this.next();
      const node = this.expression(UNARY[t.value]!);
      return this.postfix({ k: 'unary', op: t.value, node, loc: t.loc });
    }
    if (this.is('Bracket', '(')) {
      this.next();
      const node = this.expression(0);
      this.expect('Bracket', ')');
      return this.postfix(node);
    }
    if (this.is('Operator', '#') || this.is('Operator', '.')) {
      if (this.depth === 0) this.fail('cannot use pointer accessor outside closure');
      let name = '';
      if (t.value === '#') {
        this.next();
        if (this.is('Identifier')) {
          name = this.cur.value;
          this.next();
        }
      }
      return this.postfix({ k: 'pointer', name, loc: t.loc });
    }
    return this.secondary();
  }

  private secondary(): Node {
    const t = this.cur;
    let node: Node;
    if (t.kind === 'Identifier') {
      this.next();
      if (t.value === 'true' || t.value === 'false') return { k: 'bool', v: t.value === 'true', loc: t.loc };
      if (t.value === 'nil') return { k: 'nil', loc: t.loc };
      node = this.call(t);
    } else if (t.kind === 'Number') {
      this.next();
      return this.number(t);
    } else if (t.kind === 'String') {
      this.next();
      return { k: 'str', v: t.value, loc: t.loc };
    } else if (this.is('Bracket', '[')) node = this.array();
    else if (this.is('Bracket', '{')) node = this.map();
    else return this.unexpected();
    return this.postfix(node);
  }

  private call(t: Token): Node {
    if (!this.is('Bracket', '(')) return { k: 'ident', name: t.value, loc: t.loc };
    if (PREDICATES.has(t.value)) {
      this.expect('Bracket', '(');
      const args = [this.expression(0)];
      this.expect('Operator', ',');
      args.push(this.closure());
      this.reduceInitial(t, args);
      this.expect('Bracket', ')');
      return { k: 'builtin', name: t.value, args, loc: t.loc };
    }
    if (UPSTREAM_BUILTINS.has(t.value))
      return { k: 'builtin', name: t.value, args: this.arguments(), loc: t.loc };
    return {
      k: 'call',
      callee: { k: 'ident', name: t.value, loc: t.loc },
      args: this.arguments(),
      loc: t.loc,
    };
  }

  private postfix(node: Node): Node {
    for (let t = this.cur; t.kind === 'Operator' || t.kind === 'Bracket'; t = this.cur) {
      if (t.value === '.' || t.value === '?.') {
        this.next();
        const prop = this.cur;
        this.next();
        if (prop.kind !== 'Identifier' && (prop.kind !== 'Operator' || !isValidIdentifier(prop.value))) {
          this.fail('expected name');
        }
        const isChain = node.k === 'chain';
        const optional = t.value === '?.';
        const obj = node.k === 'chain' ? node.node : node;
        const member: Node = {
          k: 'member',
          obj,
          prop: { k: 'str', v: prop.value, loc: prop.loc },
          optional,
          loc: prop.loc,
        };
        node = this.is('Bracket', '(')
          ? { k: 'call', callee: member, args: this.arguments(), loc: prop.loc }
          : member;
        if (isChain || optional) node = { k: 'chain', node, loc: node.loc };
      } else if (t.value === '[') {
        this.next();
        if (this.is('Operator', ':')) {
          this.next();
          const to = this.is('Bracket', ']') ? undefined : this.expression(0);
          node = { k: 'slice', obj: node, to, loc: t.loc };
        } else {
          const from = this.expression(0);
          if (this.is('Operator', ':')) {
            this.next();
            const to = this.is('Bracket', ']') ? undefined : this.expression(0);
            node = { k: 'slice', obj: node, from, to, loc: t.loc };
          } else node = { k: 'member', obj: node, prop: from, optional: false, loc: t.loc };
        }
        this.expect('Bracket', ']');
      } else break;
    }
    return node;
  }

  private pipe(left: Node): Node {
    const t = this.cur;
    this.expect('Identifier');
    const args = [left];
    if (PREDICATES.has(t.value)) {
      this.expect('Bracket', '(');
      args.push(this.closure());
      this.reduceInitial(t, args);
      this.expect('Bracket', ')');
      return { k: 'builtin', name: t.value, args, loc: t.loc };
    }
    args.push(...this.arguments());
    if (UPSTREAM_BUILTINS.has(t.value)) return { k: 'builtin', name: t.value, args, loc: t.loc };
    return { k: 'call', callee: { k: 'ident', name: t.value, loc: t.loc }, args, loc: t.loc };
  }
}

/** Parse an expr-lang expression into a tree; throws {@link SourceFilterSyntaxError}. */
export function parse(text: string): Node {
  return new Parser(lex(text), text).parse();
}
