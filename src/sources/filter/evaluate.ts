/**
 * Tree-walking evaluator with expr-lang's runtime semantics (short-circuit `and`/`or` that only check
 * their left side, `?.` chains, closures with `#`/`#index`/`.field`).
 * @module
 */
import type { Node, NodeOf } from './ast.js';
import { RuntimeFault, SourceFilterEvalError } from './errors.js';
import { resolved } from './functions.js';
import { compileRe2, goPow, Re2SyntaxError, type Re2 } from './go.js';
import * as V from './values.js';
import type { Value } from './values.js';

/** Precompiled constant `matches` patterns, attached at compile time. */
export const constantPatterns = new WeakMap<Node, Re2>();

interface Scope {
  vars?: Map<string, Value>;
  elem?: Value;
  index?: bigint;
  parent?: Scope;
}

const CHAIN_NIL = Symbol('chain-nil');
const MAX_RANGE = 1_000_000;

export class Evaluator {
  constructor(private readonly env: Record<string, Value>) {}

  eval(n: Node, s: Scope): Value {
    try {
      return this.node(n, s);
    } catch (e) {
      if (e instanceof RuntimeFault) throw new SourceFilterEvalError('evaluation', e.message, n.loc);
      throw e;
    }
  }

  private node(n: Node, s: Scope): Value {
    switch (n.k) {
      case 'nil':
        return null;
      case 'bool':
      case 'int':
      case 'float':
      case 'str':
        return n.v;
      case 'array':
        return n.items.map((x) => this.eval(x, s));
      case 'map': {
        const out = Object.create(null) as Record<string, Value>;
        for (const [k, v] of n.pairs) out[V.asString(this.eval(k, s))] = this.eval(v, s);
        return out;
      }
      case 'ident':
        return this.ident(n.name, s);
      case 'pointer':
        return this.pointer(n.name, s);
      case 'member': {
        const obj = this.eval(n.obj, s);
        if (n.optional && obj === null) throw CHAIN_NIL;
        return V.fetch(obj, this.eval(n.prop, s));
      }
      case 'chain':
        try {
          return this.eval(n.node, s);
        } catch (e) {
          if (e === CHAIN_NIL) return null;
          throw e;
        }
      case 'slice':
        return V.slice(this.eval(n.obj, s), n.from && this.eval(n.from, s), n.to && this.eval(n.to, s));
      case 'call':
        return resolved.get(n)!.fn(n.args.map((a) => this.eval(a, s)));
      case 'builtin':
        return resolved.has(n)
          ? resolved.get(n)!.fn(n.args.map((a) => this.eval(a, s)))
          : this.predicate(n, s);
      case 'closure':
        throw new RuntimeFault('a closure can only be a predicate argument');
      case 'unary':
        return this.unary(n, s);
      case 'binary':
        return this.binary(n, s);
      case 'cond':
        return V.asBool(this.eval(n.c, s)) ? this.eval(n.a, s) : this.eval(n.b, s);
      case 'let':
        return this.eval(n.body, { vars: new Map([[n.name, this.eval(n.value, s)]]), parent: s });
    }
  }

  private ident(name: string, s: Scope): Value {
    for (let sc: Scope | undefined = s; sc; sc = sc.parent) if (sc.vars?.has(name)) return sc.vars.get(name)!;
    if (name === '$env') return this.env;
    return Object.hasOwn(this.env, name) ? (this.env[name] ?? null) : null; // unknown names are nil
  }

  private pointer(name: string, s: Scope): Value {
    let sc: Scope | undefined = s;
    while (sc && sc.index === undefined) sc = sc.parent;
    if (!sc) throw new RuntimeFault('pointer outside closure');
    if (name === '') return element(sc.elem);
    if (name === 'index') return sc.index!;
    throw new RuntimeFault(`unknown pointer #${name}`);
  }

  private unary(n: NodeOf<'unary'>, s: Scope): Value {
    const v = this.eval(n.node, s);
    if (n.op === '!' || n.op === 'not') return !V.asBool(v);
    if (n.op === '+') return v;
    if (typeof v === 'bigint') return V.wrap(-v);
    if (typeof v === 'number') return -v;
    throw new RuntimeFault(`invalid operation: - ${V.typeName(v)}`);
  }

  private binary(n: NodeOf<'binary'>, s: Scope): Value {
    const l = this.eval(n.l, s);
    switch (n.op) {
      case 'or':
      case '||':
        return V.asBool(l) ? l : this.eval(n.r, s);
      case 'and':
      case '&&':
        return V.asBool(l) ? this.eval(n.r, s) : l;
      case '??':
        return l !== null ? l : this.eval(n.r, s);
    }
    const r = this.eval(n.r, s);
    switch (n.op) {
      case '==':
        return V.equal(l, r);
      case '!=':
        return !V.equal(l, r);
      case '<':
      case '>':
      case '<=':
      case '>=': {
        const c = V.compare(l, r, n.op);
        return n.op === '<' ? c < 0 : n.op === '>' ? c > 0 : n.op === '<=' ? c <= 0 : c >= 0;
      }
      case '**':
      case '^':
        return goPow(V.toFloat(l), V.toFloat(r));
      case 'in':
        return n.stringSet ? this.inStringSet(l, r) : V.contains(r, l);
      case 'matches':
        return this.matches(n, l, r);
      case 'contains':
        return V.asString(l).includes(V.asString(r));
      case 'startsWith':
        return V.asString(l).startsWith(V.asString(r));
      case 'endsWith':
        return V.asString(l).endsWith(V.asString(r));
      case '..':
        return range(V.toInt(l), V.toInt(r));
      default:
        return V.arithmetic(n.op, l, r);
    }
  }

  /** expr-lang turns `x in ['a', 'b']` into a map[string] lookup: a non-string `x` is an error. */
  private inStringSet(needle: Value, set: Value): boolean {
    if (needle !== null && typeof needle !== 'string') {
      throw new RuntimeFault(
        `reflect.Value.MapIndex: value of type ${V.typeName(needle)} is not assignable to type string`,
      );
    }
    return (set as Value[]).includes(needle ?? '');
  }

  private matches(n: Node, l: Value, r: Value): boolean {
    const text = V.asString(l);
    const constant = constantPatterns.get(n);
    if (constant) return constant.test(text);
    try {
      return compileRe2(V.asString(r)).test(text);
    } catch (e) {
      if (e instanceof Re2SyntaxError) throw new RuntimeFault(e.message);
      throw e;
    }
  }

  private predicate(n: NodeOf<'builtin'>, s: Scope): Value {
    const value = this.eval(n.args[0]!, s);
    const items = iterable(value);
    const body = (n.args[1] as NodeOf<'closure'>).body;
    const run = (i: number): Value =>
      this.eval(body, { elem: items[i] as Value, index: BigInt(i), parent: s });
    const test = (i: number): boolean => V.asBool(run(i));
    const idx = [...items.keys()];
    switch (n.name) {
      case 'all':
        return idx.every(test);
      case 'none':
        return !idx.some(test);
      case 'any':
        return idx.some(test);
      case 'one':
        return idx.filter(test).length === 1;
      case 'filter':
        return idx.filter(test).map((i) => element(items[i]));
      case 'map':
        return idx.map(run);
      case 'count':
        return BigInt(idx.filter(test).length);
      case 'find':
        return element(items[idx.find(test) ?? -1] ?? null);
      case 'findIndex':
        return nilOrInt(idx.find(test));
      case 'findLast':
        return element(items[idx.reverse().find(test) ?? -1] ?? null);
      default:
        return nilOrInt(idx.reverse().find(test)); // expr-lang v1.15 gives nil, not -1, when nothing matches
    }
  }
}

/** A map "element": expr-lang iterates len(map) times but cannot index a map (reflect panics). */
const MAP_SLOT = Symbol('map-slot');

/** What a predicate iterates: arrays, the UTF-8 bytes of a string, len(map) unreadable slots. */
function iterable(v: Value): (Value | typeof MAP_SLOT)[] {
  if (Array.isArray(v)) return v;
  if (typeof v === 'string') return [...Buffer.from(v, 'utf8')].map(BigInt);
  if (V.isMap(v)) return Object.keys(v).map(() => MAP_SLOT);
  throw new RuntimeFault(`cannot iterate over ${V.typeName(v)}`);
}

function element(v: Value | typeof MAP_SLOT | undefined): Value {
  if (v === MAP_SLOT) throw new RuntimeFault('reflect: call of reflect.Value.Index on map Value');
  return v ?? null;
}

const nilOrInt = (i: number | undefined): Value => (i === undefined ? null : BigInt(i));

function range(min: bigint, max: bigint): Value {
  const size = V.wrap(max - min + 1n); // Go int arithmetic: a huge span wraps negative, giving []
  if (size <= 0n) return [];
  if (size > BigInt(MAX_RANGE)) throw new RuntimeFault('memory budget exceeded');
  return Array.from({ length: Number(size) }, (_, i) => min + BigInt(i));
}
