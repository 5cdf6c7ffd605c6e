/**
 * Corrections to jqjs where it disagrees with jq/gojq on things transforms commonly use (found with the
 * jq-wasm oracle in jq.test.ts): `a // b` also yields null/false values of `a`; `.[n:]`, `.[:n]` and
 * `.x[n:]` drop elements; unary minus yields nothing; `keys` yields the keys one by one. Slice bounds
 * are fixed in the program text (the parser loses the difference between `-1` and an omitted end), the
 * rest by replacing methods of jqjs' node classes, reached through a parsed sample. Applied once.
 * @module
 */
import { compileNode } from '@michaelhomer/jqjs';

type Gen = Generator<unknown, void, unknown>;
interface Node {
  apply(input: unknown, conf: unknown): Gen;
  length?: number;
  constructor: { name: string };
}
type Proto = { apply(this: Node & Record<string, Node>, input: unknown, conf: unknown): Gen };

/** jq definitions replacing broken builtins (prepended to every program). */
export const JQ_PRELUDE = [
  'def keys: if type == "array" then [range(length)] else [to_entries[] | .key] | sort end;',
  'def keys_unsorted: if type == "array" then [range(length)] else [to_entries[] | .key] end;',
  'def repeat(f): def _repeat: ., (f | _repeat); _repeat;',
  '',
].join(' ');

const BIG = '9007199254740991';

/**
 * Give every slice explicit bounds: `[:` → `[0:`, `:]` → `:<max>]`, outside string literals and
 * comments (`\(…)` interpolations inside strings are left alone).
 */
export function explicitSliceBounds(program: string): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < program.length; i++) {
    const c = program[i]!;
    if (inString) {
      out += c;
      if (c === '\\') out += program[++i] ?? '';
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    if (c === '#') {
      const end = program.indexOf('\n', i);
      out += end < 0 ? program.slice(i) : program.slice(i, end + 1);
      i = end < 0 ? program.length : end;
      continue;
    }
    out += c;
    const rest = program.slice(i + 1);
    if (c === '[' && /^\s*:/.test(rest)) out += '0';
    if (c === ':' && /^\s*\]/.test(rest)) out += BIG;
  }
  return out;
}

const isEmptyFilter = (n: Node | undefined) => n?.constructor.name === 'FilterNode' && n.length === 0;

let patched = false;

/** Patch jqjs' node classes (idempotent). */
export function applyJqjsFixes(): void {
  if (patched) return;
  patched = true;
  const alternative = Object.getPrototypeOf(compileNode('.a // .b')) as Proto;
  alternative.apply = function* (input, conf) {
    let found = false;
    try {
      for (const v of this.lhs!.apply(input, conf)) {
        if (v === null || v === false) continue;
        found = true;
        yield v;
      }
    } catch {
      /* jq: errors on the left of // are suppressed */
    }
    if (!found) yield* this.rhs!.apply(input, conf);
  };
  const subtraction = Object.getPrototypeOf(compileNode('1 - 1')) as Proto;
  const subtract = subtraction.apply;
  subtraction.apply = function* (input, conf) {
    if (!isEmptyFilter(this.l)) return yield* subtract.call(this, input, conf);
    for (const v of this.r!.apply(input, conf)) {
      if (typeof v !== 'number') throw `${v === null ? 'null' : typeof v} cannot be negated`;
      yield -v;
    }
  };
}
