/**
 * A reduced port of expr-lang's type checker: types flow from literals and builtins, everything read
 * from the payload is `interface {}`, and an operator whose operand types are known and wrong is a
 * compile error with expr-lang's message (`invalid operation: == (mismatched types string and int)`,
 * `non-bool expression (type string) used as condition`). Upstream would fail every event the same way.
 * @module
 */
import { children, type Node, type NodeOf } from './ast.js';
import { builtinArgError, GO_NAME, type T } from './builtin-types.js';
import { SourceFilterSyntaxError } from './errors.js';

const RETURNS: Record<string, T> = {
  ...Object.fromEntries(
    'type string trim trimPrefix trimSuffix upper lower replace repeat join toJSON toBase64 fromBase64'
      .split(' ')
      .map((n) => [n, 'string']),
  ),
  ...Object.fromEntries(
    'len int indexOf lastIndexOf count findIndex findLastIndex'.split(' ').map((n) => [n, 'int']),
  ),
  ...Object.fromEntries('float ceil floor round mean median'.split(' ').map((n) => [n, 'float'])),
  ...Object.fromEntries('hasPrefix hasSuffix all none any one'.split(' ').map((n) => [n, 'bool'])),
  ...Object.fromEntries('split splitAfter keys values filter map'.split(' ').map((n) => [n, 'array'])),
};

const num = (t: T): boolean => t === 'int' || t === 'float';
/** expr-lang's `or(l, r, fns...)`: both any, or one any and the other satisfying a predicate. */
const orAny = (l: T, r: T, ok: (t: T) => boolean): boolean =>
  (l === 'any' && r === 'any') || (l === 'any' && ok(r)) || (r === 'any' && ok(l));
const comparable = (l: T, r: T): boolean =>
  l === 'nil' || r === 'nil' || l === r || (num(l) && num(r)) || l === 'any' || r === 'any';
const combined = (l: T, r: T): T => (l === r ? l : l === 'float' || r === 'float' ? 'float' : 'int');

class Checker {
  private readonly vars: Map<string, T>[] = [];
  private readonly predicates: string[] = [];
  constructor(private readonly text: string) {}

  private fail(n: Node, reason: string): never {
    throw new SourceFilterSyntaxError(reason, n.loc, this.text);
  }

  type(n: Node): T {
    switch (n.k) {
      case 'nil':
        return 'nil';
      case 'bool':
        return 'bool';
      case 'int':
        return 'int';
      case 'float':
        return 'float';
      case 'str':
        return 'string';
      case 'array':
        n.items.forEach((i) => this.type(i));
        return 'array';
      case 'map':
        n.pairs.forEach(([k, v]) => (this.type(k), this.type(v)));
        return 'map';
      case 'ident':
        for (let i = this.vars.length - 1; i >= 0; i--)
          if (this.vars[i]!.has(n.name)) return this.vars[i]!.get(n.name)!;
        return n.name === '$env' ? 'map' : 'any';
      case 'member':
        return this.member(n);
      case 'chain':
        return this.type(n.node);
      case 'slice':
        return (
          [n.from, n.to].forEach((x) => x && this.type(x)),
          this.type(n.obj) === 'array' ? 'array' : 'any'
        );
      case 'call': // functions held in the environment: arguments unchecked, result interface {}
        return 'any';
      case 'builtin':
        if (n.args[1]?.k === 'closure') return this.predicate(n, n.args[1].body);
        return this.builtin(n);
      case 'pointer': {
        const scope = this.predicates[this.predicates.length - 1];
        if (n.name === '') return 'any';
        if (n.name === 'index' && scope === 'map') return 'int';
        return this.fail(n, `unknown pointer #${n.name}`);
      }
      case 'unary':
        return this.unary(n);
      case 'binary':
        return this.binary(n);
      case 'cond': {
        const c = this.type(n.c);
        if (c !== 'bool' && c !== 'any')
          this.fail(n.c, `non-bool expression (type ${GO_NAME[c]}) used as condition`);
        const [a, b] = [this.type(n.a), this.type(n.b)];
        return a === 'nil' ? b : b === 'nil' || a === b ? a : 'any';
      }
      case 'let':
        this.vars.push(new Map([[n.name, this.type(n.value)]]));
        try {
          return this.type(n.body);
        } finally {
          this.vars.pop();
        }
      default:
        children(n).forEach((c) => this.type(c));
        return 'any';
    }
  }

  private builtin(n: NodeOf<'builtin'>): T {
    const args = n.args.map((a) => this.type(a));
    const error = builtinArgError(n.name, args);
    if (error) this.fail(n, error);
    return RETURNS[n.name] ?? (n.name === 'abs' || n.name === 'take' ? args[0]! : 'any');
  }

  private predicate(n: NodeOf<'builtin'>, body: Node): T {
    const collection = this.type(n.args[0]!);
    if (collection !== 'array' && collection !== 'any') {
      this.fail(n.args[0]!, `builtin ${n.name} takes only array (got ${GO_NAME[collection]})`);
    }
    this.predicates.push(n.name);
    const out = this.type(body);
    this.predicates.pop();
    n.args.slice(2).forEach((a) => this.type(a));
    if (n.name !== 'map' && out !== 'bool' && out !== 'any') {
      this.fail(n.args[1]!, `predicate should return boolean (got ${GO_NAME[out]})`);
    }
    return RETURNS[n.name] ?? 'any';
  }

  private member(n: NodeOf<'member'>): T {
    const base = this.type(n.obj);
    const prop = this.type(n.prop);
    if (base === 'nil' && n.prop.k === 'str') this.fail(n, `type <nil> has no field ${n.prop.v}`);
    if (base === 'array' && prop !== 'int' && prop !== 'any') {
      this.fail(n.prop, `array elements can only be selected using an integer (got ${GO_NAME[prop]})`);
    }
    return 'any';
  }

  private unary(n: NodeOf<'unary'>): T {
    const t = this.type(n.node);
    if (n.op === '!' || n.op === 'not') {
      if (t === 'bool' || t === 'any') return 'bool';
    } else if (num(t) || t === 'any') return t;
    return this.fail(n, `invalid operation: ${n.op} (mismatched type ${GO_NAME[t]})`);
  }

  private binary(n: NodeOf<'binary'>): T {
    const l = this.type(n.l);
    const r = this.type(n.r);
    const ok = ((): T | undefined => {
      switch (n.op) {
        case '==':
        case '!=':
          return comparable(l, r) ? 'bool' : undefined;
        case 'or':
        case '||':
        case 'and':
        case '&&':
          return (l === 'bool' && r === 'bool') || orAny(l, r, (t) => t === 'bool') ? 'bool' : undefined;
        case '<':
        case '>':
        case '<=':
        case '>=':
          return (num(l) && num(r)) ||
            (l === 'string' && r === 'string') ||
            orAny(l, r, (t) => num(t) || t === 'string')
            ? 'bool'
            : undefined;
        case '-':
        case '*':
          return num(l) && num(r) ? combined(l, r) : orAny(l, r, num) ? 'any' : undefined;
        case '/':
        case '**':
        case '^':
          return (num(l) && num(r)) || orAny(l, r, num) ? 'float' : undefined;
        case '%':
          return l === 'int' && r === 'int' ? 'int' : orAny(l, r, (t) => t === 'int') ? 'any' : undefined;
        case '+':
          if (num(l) && num(r)) return combined(l, r);
          if (l === 'string' && r === 'string') return 'string';
          return orAny(l, r, (t) => num(t) || t === 'string') ? 'any' : undefined;
        case 'in':
          return this.in(n, l, r);
        case 'matches':
        case 'contains':
        case 'startsWith':
        case 'endsWith':
          return (l === 'string' && r === 'string') || orAny(l, r, (t) => t === 'string')
            ? 'bool'
            : undefined;
        case '..':
          return (l === 'int' && r === 'int') || orAny(l, r, (t) => t === 'int') ? 'array' : undefined;
        default: // ??
          return l === 'nil' ? r : r === 'nil' || l === r ? l : 'any';
      }
    })();
    if (ok === undefined)
      this.fail(n, `invalid operation: ${n.op} (mismatched types ${GO_NAME[l]} and ${GO_NAME[r]})`);
    return ok;
  }

  /** Element type of an array literal whose items share one known type, or of a range (int). */
  private elem(n: Node): T | undefined {
    if (n.k === 'binary' && n.op === '..') return 'int';
    if (n.k !== 'array' || n.items.length === 0) return undefined;
    const types = new Set(n.items.map((i) => this.type(i)));
    const [only] = types;
    return types.size === 1 && only !== 'any' && only !== 'nil' ? only : undefined;
  }

  private in(n: Node, l: T, r: T): T | undefined {
    if (r === 'map') {
      if (l !== 'nil' && l !== 'any' && l !== 'string')
        this.fail(n, `cannot use ${GO_NAME[l]} as type string in map key`);
      return 'bool';
    }
    const elem = this.elem(n.k === 'binary' ? n.r : n);
    if (r === 'array' && elem && !comparable(l, elem)) {
      this.fail(n, `cannot use ${GO_NAME[l]} as type ${GO_NAME[elem]} in array`);
    }
    if (r === 'array' || r === 'any') return 'bool';
    return l === 'any' && r === 'string' ? 'bool' : undefined;
  }
}

/** Type-check a parsed filter; throws {@link SourceFilterSyntaxError} where expr-lang's checker does. */
export function check(root: Node, text: string): void {
  new Checker(text).type(root);
}
