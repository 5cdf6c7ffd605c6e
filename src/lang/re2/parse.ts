/**
 * Parser for Go's RE2 syntax (regexp.Compile, i.e. Perl flags): rejects what Go rejects (backreferences,
 * lookaround, `\u1234`, `a**`, counts over 1000) with Go's error texts, and accepts what Go accepts that
 * JavaScript does not (`(?i)` anywhere, `(?P<name>…)`, `\Q…\E`, `[[:alpha:]]`, `\pL`, `\z`).
 * Iterative over groups, so deep nesting cannot exhaust the stack (Go's limit of 1000 applies).
 * @module
 */
import { classTest } from './charclass.js';
import { Re2SyntaxError, Scanner, type Assertion, type Flags, type Node } from './scanner.js';

export { Re2SyntaxError, type Assertion, type Node } from './scanner.js';

interface Frame {
  alts: Node[];
  items: Node[];
  saved: Flags;
}

export const MAX_NESTING = 1000;
const MAX_REPEAT = 1000;
const isDigit = (cp: number | undefined): boolean => cp !== undefined && cp >= 48 && cp <= 57;
const cat = (items: Node[]): Node => (items.length === 1 ? items[0]! : { t: 'cat', subs: items });

/** Go's repeatIsValid: nested counted repetitions may not multiply beyond 1000 copies. */
function repeatIsValid(node: Node, n: number): boolean {
  if (node.t === 'rep' && node.counted) {
    let m = node.max;
    if (m === 0) return true;
    if (m < 0) m = node.min;
    if (m > n) return false;
    if (m > 0) n = Math.floor(n / m);
  }
  if (node.t === 'rep') return repeatIsValid(node.sub, n);
  if (node.t === 'cat' || node.t === 'alt') return node.subs.every((s) => repeatIsValid(s, n));
  return true;
}

class Parser extends Scanner {
  private readonly stack: Frame[] = [{ alts: [], items: [], saved: this.flags }];
  private lastRepeat = -1; // start offset of the repetition operator just parsed, or -1

  private get top(): Frame {
    return this.stack[this.stack.length - 1]!;
  }
  private push(node: Node): void {
    this.top.items.push(node);
  }
  parse(): Node {
    for (; this.i < this.cps.length;) {
      const start = this.i;
      const repeatBefore = this.lastRepeat;
      this.lastRepeat = -1;
      const ch = String.fromCodePoint(this.cps[this.i]!);
      if (ch === '(') this.openGroup();
      else if (ch === ')') this.closeGroup();
      else if (ch === '|') {
        this.i++;
        this.top.alts.push(cat(this.top.items));
        this.top.items = [];
      } else if (ch === '^' || ch === '$') {
        this.i++;
        this.push({
          t: 'assert',
          a: ch === '^' ? (this.flags.m ? 'bol' : 'bot') : this.flags.m ? 'eol' : 'eot',
        });
      } else if (ch === '.') {
        this.i++;
        this.push({ t: 'char', test: this.flags.s ? () => true : (x) => x !== 10 });
      } else if (ch === '[') this.push(this.parseClass());
      else if (ch === '*' || ch === '+' || ch === '?') {
        this.i++;
        this.repeat(ch === '+' ? 1 : 0, ch === '?' ? 1 : -1, start, repeatBefore);
      } else if (ch === '{') {
        const counts = this.braces();
        if (counts) this.repeat(counts[0], counts[1], start, repeatBefore);
        else this.push(this.literal(this.cps[this.i++]!));
      } else if (ch === '\\') this.escape();
      else {
        this.i++;
        this.push(this.literal(this.cps[start]!));
      }
    }
    if (this.stack.length > 1) throw new Re2SyntaxError('missing closing )', this.pattern);
    const f = this.top;
    return f.alts.length === 0 ? cat(f.items) : { t: 'alt', subs: [...f.alts, cat(f.items)] };
  }

  /** `{n}`, `{n,}`, `{n,m}` at this.i (advancing past it), or undefined when `{` is a literal (Go's parseRepeat). */
  private braces(): [number, number] | undefined {
    const start = this.i;
    let j = this.i + 1;
    const int = (): number | undefined => {
      const from = j;
      while (isDigit(this.cps[j])) j++;
      if (j === from || (j - from >= 2 && this.cps[from] === 48)) return undefined; // none, or a leading zero
      const v = Number(this.text(from, j));
      return v >= 1e8 ? -1 : v;
    };
    let min = int();
    if (min === undefined) return undefined;
    let max = min;
    if (this.cps[j] === 44) {
      j++;
      if (this.cps[j] === 125) max = -1;
      else {
        const m = int();
        if (m === undefined) return undefined;
        if (m < 0) min = -1;
        max = m;
      }
    }
    if (this.cps[j] !== 125) return undefined;
    this.i = j + 1;
    if (min < 0 || min > MAX_REPEAT || max > MAX_REPEAT || (max >= 0 && min > max)) {
      this.fail('invalid repeat count', start);
    }
    return [min, max];
  }

  private repeat(min: number, max: number, start: number, repeatBefore: number): void {
    if (this.cps[this.i] === 63) this.i++; // lazy '?': irrelevant to whether a match exists
    if (repeatBefore >= 0) this.fail('invalid nested repetition operator', repeatBefore);
    const sub = this.top.items.pop();
    if (!sub) this.fail('missing argument to repetition operator', start);
    const counted = this.cps[start] === 123;
    const node: Node = { t: 'rep', sub, min, max, counted };
    if (counted && (min >= 2 || max >= 2) && !repeatIsValid(node, MAX_REPEAT))
      this.fail('invalid repeat count', start);
    this.push(node);
    this.lastRepeat = start;
  }

  private openGroup(): void {
    const start = this.i;
    if (this.stack.length >= MAX_NESTING) this.fail('expression nests too deeply', 0, this.cps.length);
    this.i++;
    if (this.cps[this.i] !== 63) {
      this.stack.push({ alts: [], items: [], saved: this.flags });
      return;
    }
    this.i++;
    const rest = this.text(this.i, this.i + 2);
    if (rest.startsWith('P<') || rest.startsWith('<')) {
      const open = this.i + (rest.startsWith('P') ? 2 : 1);
      const close = this.cps.indexOf(62, open);
      if (close < 0) this.fail('invalid named capture', start, this.cps.length);
      const name = this.text(open, close);
      this.i = close + 1;
      if (!/^[A-Za-z0-9_]+$/.test(name)) this.fail('invalid named capture', start);
      this.stack.push({ alts: [], items: [], saved: this.flags });
      return;
    }
    this.flagGroup(start);
  }

  /** `(?flags)` or `(?flags:`, Go's parsePerlFlags (U is accepted and ignored: greediness cannot change a yes/no match). */
  private flagGroup(start: number): void {
    const flags = { ...this.flags };
    let set = true;
    let sawFlag = false;
    for (; this.i < this.cps.length;) {
      const ch = String.fromCodePoint(this.cps[this.i++]!);
      if (ch === 'i' || ch === 'm' || ch === 's' || ch === 'U') {
        if (ch !== 'U') flags[ch] = set;
        sawFlag = true;
      } else if (ch === '-' && set) {
        set = false;
        sawFlag = false;
      } else if ((ch === ':' || ch === ')') && (set || sawFlag)) {
        if (ch === ':') this.stack.push({ alts: [], items: [], saved: this.flags });
        this.flags = flags;
        return;
      } else break;
    }
    this.fail('invalid or unsupported Perl syntax', start);
  }

  private closeGroup(): void {
    if (this.stack.length === 1) throw new Re2SyntaxError('unexpected )', this.pattern);
    this.i++;
    const f = this.stack.pop()!;
    this.flags = f.saved;
    this.push(f.alts.length === 0 ? cat(f.items) : { t: 'alt', subs: [...f.alts, cat(f.items)] });
  }

  private escape(): void {
    const start = this.i;
    const next = this.cps[this.i + 1];
    if (next === undefined) this.fail('trailing backslash at end of expression', this.i, this.i);
    const ch = String.fromCodePoint(next);
    const asserts: Record<string, Assertion> = { A: 'bot', z: 'eot', b: 'wb', B: 'nwb' };
    if (asserts[ch]) {
      this.i += 2;
      this.push({ t: 'assert', a: asserts[ch] });
    } else if (ch === 'Q') {
      const rest = this.cps.slice(this.i + 2);
      const end = rest.findIndex((x, k) => x === 92 && rest[k + 1] === 69);
      const body = end < 0 ? rest : rest.slice(0, end);
      this.i += 2 + body.length + (end < 0 ? 0 : 2);
      for (const x of body) this.push(this.literal(x));
    } else {
      const item = this.classEscape();
      if (item) this.push({ t: 'char', test: classTest([item], false, this.flags.i) });
      else this.push(this.literal(this.parseEscape(start)));
    }
  }
}

export function parseRe2(pattern: string): Node {
  return new Parser(
    Array.from(pattern, (x) => x.codePointAt(0)!),
    pattern,
  ).parse();
}
