/**
 * govaluate's reorderStages/mirrorStageSubtree: after right-recursive planning, each run of stages of
 * equal precedence down the right spine is mirrored into a left-leaning (left-associative) chain.
 * Precedence classes are govaluate's, not the planner's levels: `?`, `:` and `??` are one class.
 * @module
 */
import type { Stage, Sym } from './planner.js';

/** govaluate's operator precedence classes; only equality between classes matters to the reorder. */
const PRECEDENCE: Partial<Record<Sym, string>> = {
  NOOP: 'noop',
  ACCESS: 'functional',
  SEPARATE: 'separate',
  ...Object.fromEntries(['NEGATE', 'INVERT', 'BITWISE_NOT'].map((s) => [s, 'prefix'])),
  ...Object.fromEntries(['TERNARY_TRUE', 'TERNARY_FALSE', 'COALESCE'].map((s) => [s, 'ternary'])),
  OR: 'or',
  AND: 'and',
  ...Object.fromEntries(
    ['EQ', 'NEQ', 'GT', 'LT', 'GTE', 'LTE', 'REQ', 'NREQ', 'IN'].map((s) => [s, 'comparator']),
  ),
  ...Object.fromEntries(['BITWISE_AND', 'BITWISE_OR', 'BITWISE_XOR'].map((s) => [s, 'bitwise'])),
  BITWISE_LSHIFT: 'shift',
  BITWISE_RSHIFT: 'shift',
  PLUS: 'additive',
  MINUS: 'additive',
  MULTIPLY: 'multiplicative',
  DIVIDE: 'multiplicative',
  MODULUS: 'multiplicative',
  EXPONENT: 'exponential',
};
const precedenceOf = (s: Sym): string => PRECEDENCE[s] ?? 'value';

/** Swap everything but the children (govaluate's swapWith). */
function swapWith(a: Stage, b: Stage): void {
  const { left: _al, right: _ar, ...aInfo } = a;
  const { left: _bl, right: _br, ...bInfo } = b;
  for (const k of ['literal', 'name', 'path'] as const) {
    delete a[k];
    delete b[k];
  }
  Object.assign(a, bInfo);
  Object.assign(b, aInfo);
}

/** govaluate's mirrorStageSubtree: turns a right-leaning same-precedence run into a left-leaning one. */
function mirror(stages: Stage[]): void {
  const n = stages.length;
  for (const s of stages) [s.left, s.right] = [s.right, s.left];
  const root = stages[0]!;
  const end = stages[n - 1]!;
  [end.left, root.right] = [root.right, end.left];
  for (let i = 0; i < Math.floor((n - 2) / 2) + 1; i++) {
    const front = stages[i + 1]!;
    const inverse = stages[n - i - 1]!;
    [front.right, inverse.right] = [inverse.right, front.right];
  }
  for (let i = 0; i < Math.floor(n / 2); i++) swapWith(stages[i]!, stages[n - i - 1]!);
}

/** govaluate's reorderStages. */
export function reorder(root: Stage): void {
  let run: Stage[] = [];
  let precedence = precedenceOf(root.symbol);
  for (let next: Stage | undefined = root; next;) {
    const current: Stage = next;
    next = current.right;
    if (current.left) reorder(current.left);
    const p = precedenceOf(current.symbol);
    if (p === precedence) {
      run.push(current);
      continue;
    }
    if (run.length > 1) mirror(run);
    run = [current];
    precedence = p;
  }
  if (run.length > 1) mirror(run);
}
