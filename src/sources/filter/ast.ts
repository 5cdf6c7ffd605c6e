/**
 * Syntax tree of the filter language (expr-lang's ast, reduced to what the subset needs).
 * @module
 */
import type { FilterLocation } from './errors.js';

interface At {
  loc: FilterLocation;
}

export type Node = At &
  (
    | { k: 'nil' }
    | { k: 'bool'; v: boolean }
    | { k: 'int'; v: bigint }
    | { k: 'float'; v: number }
    | { k: 'str'; v: string }
    | { k: 'array'; items: Node[] }
    | { k: 'map'; pairs: [Node, Node][] }
    | { k: 'ident'; name: string }
    /** `#`, `#index` or the implicit element of `.field` inside a closure. */
    | { k: 'pointer'; name: string }
    | { k: 'member'; obj: Node; prop: Node; optional: boolean }
    /** Wraps a `?.` chain: a nil before any `?.` ends the whole chain with nil. */
    | { k: 'chain'; node: Node }
    | { k: 'slice'; obj: Node; from?: Node; to?: Node }
    /** A call to something that is not a builtin: helpers (`asInt`, `sprig.upper`, …), resolved at compile time. */
    | { k: 'call'; callee: Node; args: Node[] }
    | { k: 'builtin'; name: string; args: Node[] }
    | { k: 'closure'; body: Node }
    | { k: 'unary'; op: string; node: Node }
    /** `stringSet`: `x in ['a', 'b']` with only string literals, which expr-lang turns into a string-keyed map. */
    | { k: 'binary'; op: string; l: Node; r: Node; stringSet?: boolean }
    | { k: 'cond'; c: Node; a: Node; b: Node }
    | { k: 'let'; name: string; value: Node; body: Node }
  );

export type NodeOf<K extends Node['k']> = Extract<Node, { k: K }>;

/** Children of a node, for generic walks. */
export function children(n: Node): Node[] {
  switch (n.k) {
    case 'array':
      return n.items;
    case 'map':
      return n.pairs.flat();
    case 'member':
      return [n.obj, n.prop];
    case 'chain':
      return [n.node];
    case 'slice':
      return [n.obj, ...(n.from ? [n.from] : []), ...(n.to ? [n.to] : [])];
    case 'call':
      return [n.callee, ...n.args];
    case 'builtin':
      return n.args;
    case 'closure':
      return [n.body];
    case 'unary':
      return [n.node];
    case 'binary':
      return [n.l, n.r];
    case 'cond':
      return [n.c, n.a, n.b];
    case 'let':
      return [n.value, n.body];
    default:
      return [];
  }
}
