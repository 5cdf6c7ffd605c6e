/**
 * The expr-lang optimizer passes whose effects are visible: `x in ['a', 'b']` becomes a string-keyed
 * lookup (a number `x` is then an error), and constant folding of booleans, so `x and true` is `x`
 * (not checked to be a bool), `x or true` is `true` and `x and false` is `false` without evaluating `x`.
 * @module
 */
import { children, type Node } from './ast.js';

/** expr-lang's inArray pass (runs before folding, on the tree as written). */
export function markStringSets(root: Node): void {
  const stack = [root];
  for (let n = stack.pop(); n; n = stack.pop()) {
    if (n.k === 'binary' && n.op === 'in' && n.r.k === 'array' && n.r.items.length > 0) {
      if (n.r.items.every((i) => i.k === 'str')) n.stringSet = true;
    }
    stack.push(...children(n));
  }
}

const bool = (n: Node): boolean | undefined => (n.k === 'bool' ? n.v : undefined);

function foldNode(n: Node): Node {
  if (n.k === 'unary') {
    const b = bool(n.node);
    if ((n.op === '!' || n.op === 'not') && b !== undefined) return { k: 'bool', v: !b, loc: n.loc };
    if ((n.op === '-' || n.op === '+') && (n.node.k === 'int' || n.node.k === 'float')) {
      const v = n.node.v;
      if (n.op === '+') return n.node;
      return n.node.k === 'int'
        ? { k: 'int', v: BigInt.asIntN(64, -(v as bigint)), loc: n.loc }
        : { k: 'float', v: -(v as number), loc: n.loc };
    }
    return n;
  }
  if (n.k !== 'binary') return n;
  const a = bool(n.l);
  const b = bool(n.r);
  switch (n.op) {
    case 'and':
    case '&&':
      if (a === true) return n.r;
      if (b === true) return n.l;
      if (a === false || b === false) return { k: 'bool', v: false, loc: n.loc };
      return n;
    case 'or':
    case '||':
      if (a === false) return n.r;
      if (b === false) return n.l;
      if (a === true || b === true) return { k: 'bool', v: true, loc: n.loc };
      return n;
    case '==': {
      const same = n.l.k === n.r.k && (n.l.k === 'int' || n.l.k === 'str' || n.l.k === 'bool');
      return same ? { k: 'bool', v: (n.l as { v: unknown }).v === (n.r as { v: unknown }).v, loc: n.loc } : n;
    }
    default:
      return n;
  }
}

/** Bottom-up constant folding (expr-lang's fold pass, the boolean part). Iterative: trees can be deep. */
export function fold(root: Node): Node {
  const order: Node[] = [];
  const stack = [root];
  for (let n = stack.pop(); n; n = stack.pop()) {
    order.push(n);
    stack.push(...children(n));
  }
  const replaced = new Map<Node, Node>();
  const get = (n: Node): Node => replaced.get(n) ?? n;
  for (let i = order.length - 1; i >= 0; i--) {
    const n = order[i]!;
    for (const [k, v] of Object.entries(n)) {
      if (k !== 'loc' && v && typeof v === 'object' && 'k' in v)
        (n as unknown as Record<string, unknown>)[k] = get(v as Node);
    }
    if (n.k === 'array') n.items = n.items.map(get);
    if (n.k === 'builtin' || n.k === 'call') n.args = n.args.map(get);
    if (n.k === 'map') n.pairs = n.pairs.map(([x, y]) => [get(x), get(y)]);
    const f = foldNode(n);
    if (f !== n) replaced.set(n, f);
  }
  return get(root);
}

/** Depth of the tree, computed without recursion. */
export function depth(root: Node): number {
  let max = 0;
  const stack: [Node, number][] = [[root, 1]];
  for (let e = stack.pop(); e; e = stack.pop()) {
    max = Math.max(max, e[1]);
    for (const c of children(e[0])) stack.push([c, e[1] + 1]);
  }
  return max;
}
