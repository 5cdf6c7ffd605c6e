/**
 * Thompson NFA for the parsed RE2 AST and a Pike-VM style simulation that answers "does the pattern
 * match anywhere in the input?" in O(input × program) time, like Go's regexp. No backtracking, so a
 * hostile event payload cannot stall a filter (`(a+)+$` on `aaaa…!` is linear here).
 * @module
 */
import { isWordChar, type CharTest } from './charclass.js';
import { Re2SyntaxError, type Assertion, type Node } from './parse.js';

const CHAR = 0;
const SPLIT = 1;
const JMP = 2;
const ASSERT = 3;
const MATCH = 4;

/** Largest program accepted (instructions), so counted repetitions cannot blow up memory. */
export const MAX_PROGRAM = 200_000;
const ASSERTS: Assertion[] = ['bot', 'eot', 'bol', 'eol', 'wb', 'nwb'];

/** A compiled program: parallel arrays indexed by instruction. */
export class Program {
  readonly op: number[] = [];
  readonly out: number[] = [];
  readonly out1: number[] = [];
  readonly tests: (CharTest | undefined)[] = [];
  start = 0;
  /** The pattern can only match at offset 0 (it begins with `^`/`\A` outside any alternation). */
  anchored = false;

  constructor(private readonly pattern: string) {}

  emit(op: number, out = -1, out1 = -1, test?: CharTest): number {
    if (this.op.length >= MAX_PROGRAM) throw new Re2SyntaxError('expression too large', this.pattern);
    this.op.push(op);
    this.out.push(out);
    this.out1.push(out1);
    this.tests.push(test);
    return this.op.length - 1;
  }

  /** Compile `node` so that it continues at `next`; returns its entry instruction. */
  compile(node: Node, next: number): number {
    switch (node.t) {
      case 'char':
        return this.emit(CHAR, next, -1, node.test);
      case 'assert':
        return this.emit(ASSERT, next, ASSERTS.indexOf(node.a));
      case 'cat': {
        let entry = next;
        for (let k = node.subs.length - 1; k >= 0; k--) entry = this.compile(node.subs[k]!, entry);
        return entry;
      }
      case 'alt': {
        let entry = this.compile(node.subs[node.subs.length - 1]!, next);
        for (let k = node.subs.length - 2; k >= 0; k--)
          entry = this.emit(SPLIT, this.compile(node.subs[k]!, next), entry);
        return entry;
      }
      case 'rep':
        return this.repeat(node.sub, node.min, node.max, next);
    }
  }

  private repeat(sub: Node, min: number, max: number, next: number): number {
    let entry = next;
    if (max < 0) {
      // x* tail: loop = split(body, next), body continues at loop.
      const loop = this.emit(SPLIT, -1, next);
      this.out[loop] = this.compile(sub, loop);
      entry = loop;
    } else {
      // (x(x(x)?)?)? for the optional max-min copies, built inside out.
      for (let k = 0; k < max - min; k++) entry = this.emit(SPLIT, this.compile(sub, entry), next);
    }
    for (let k = 0; k < min; k++) entry = this.compile(sub, entry);
    return entry;
  }
}

/** Build the program of a parsed pattern. */
export function buildProgram(root: Node, pattern: string): Program {
  const p = new Program(pattern);
  const match = p.emit(MATCH);
  p.start = p.compile(root, match);
  const first = root.t === 'cat' ? root.subs[0] : root;
  p.anchored = first?.t === 'assert' && first.a === 'bot';
  return p;
}

function holds(a: number, cps: readonly number[], pos: number): boolean {
  const before = pos > 0 ? cps[pos - 1]! : -1;
  const after = pos < cps.length ? cps[pos]! : -1;
  switch (ASSERTS[a]) {
    case 'bot':
      return pos === 0;
    case 'eot':
      return pos === cps.length;
    case 'bol':
      return pos === 0 || before === 10;
    case 'eol':
      return pos === cps.length || after === 10;
    case 'wb':
      return isWordChar(before) !== isWordChar(after);
    default:
      return isWordChar(before) === isWordChar(after);
  }
}

/** Does `p` match anywhere in `input` (Go's `regexp.MatchString`)? */
export function run(p: Program, input: string): boolean {
  const cps = Array.from(input, (x) => x.codePointAt(0)!);
  const n = p.op.length;
  const mark = new Int32Array(n).fill(-1);
  const stack = new Int32Array(n + 1);
  let clist: number[] = [];
  // Adds the epsilon closure of `pc` at `pos` to `list`; true as soon as MATCH is reachable.
  const add = (list: number[], pc: number, pos: number, gen: number): boolean => {
    let sp = 0;
    stack[sp++] = pc;
    while (sp > 0) {
      const x = stack[--sp]!;
      if (x < 0 || mark[x] === gen) continue;
      mark[x] = gen;
      switch (p.op[x]) {
        case MATCH:
          return true;
        case CHAR:
          list.push(x);
          break;
        case JMP:
          stack[sp++] = p.out[x]!;
          break;
        case SPLIT:
          stack[sp++] = p.out1[x]!;
          stack[sp++] = p.out[x]!;
          break;
        case ASSERT:
          if (holds(p.out1[x]!, cps, pos)) stack[sp++] = p.out[x]!;
          break;
      }
    }
    return false;
  };
  for (let pos = 0; ; pos++) {
    if ((pos === 0 || !p.anchored) && add(clist, p.start, pos, pos)) return true;
    if (pos === cps.length || (clist.length === 0 && p.anchored)) return false;
    const cp = cps[pos]!;
    const nlist: number[] = [];
    for (const pc of clist) {
      if (p.tests[pc]!(cp) && add(nlist, p.out[pc]!, pos + 1, pos + 1)) return true;
    }
    clist = nlist;
  }
}
