/**
 * The lexical half of the RE2 parser: the AST types, Go's error type, and the escape / character-class
 * readers (Go's parseEscape, parseClass, parsePerlClassEscape, parseUnicodeClass, parseNamedClass).
 * @module
 */
import { JetflowError } from '../../api/index.js';
import { classTest, orbit, PERL_CLASSES, POSIX_CLASSES, rangeTest, unicodeTest } from './charclass.js';
import type { CharTest, ClassItem } from './charclass.js';

/** The pattern is not valid RE2; the message is Go's (`error parsing regexp: missing closing ): `(``). */
export class Re2SyntaxError extends JetflowError {
  override readonly code = 'RE2_SYNTAX';
  constructor(
    readonly reason: string,
    readonly fragment: string,
  ) {
    super(`error parsing regexp: ${reason}: \`${fragment}\``);
  }
}

export type Assertion = 'bot' | 'eot' | 'bol' | 'eol' | 'wb' | 'nwb';
export type Node =
  | { t: 'char'; test: CharTest }
  | { t: 'assert'; a: Assertion }
  | { t: 'cat'; subs: Node[] }
  | { t: 'alt'; subs: Node[] }
  | { t: 'rep'; sub: Node; min: number; max: number; counted: boolean };

const isOctal = (cp: number | undefined): boolean => cp !== undefined && cp >= 48 && cp <= 55;
const hexVal = (cp: number | undefined): number => {
  const ch = cp === undefined ? '' : String.fromCodePoint(cp);
  return /^[0-9a-fA-F]$/.test(ch) ? parseInt(ch, 16) : -1;
};
const isAlnum = (cp: number): boolean => /^[0-9A-Za-z]$/.test(String.fromCodePoint(cp));

export interface Flags {
  i: boolean;
  m: boolean;
  s: boolean;
}

/** Cursor over the pattern's code points, with the escape and class readers. */
export class Scanner {
  protected i = 0;
  protected flags: Flags = { i: false, m: false, s: false };

  constructor(
    protected readonly cps: number[],
    protected readonly pattern: string,
  ) {}

  protected text(from: number, to = this.i): string {
    return String.fromCodePoint(...this.cps.slice(from, to));
  }
  protected fail(reason: string, from: number, to = this.i): never {
    throw new Re2SyntaxError(reason, this.text(from, to));
  }
  protected literal(cp: number): Node {
    if (!this.flags.i || orbit(cp).length === 1) return { t: 'char', test: (x) => x === cp };
    const set = orbit(cp);
    return { t: 'char', test: (x) => set.includes(x) };
  }

  /** `\d \D \s \S \w \W \pX \p{Name} \P…` at this.i, or undefined. */
  protected classEscape(): ClassItem | undefined {
    const ch = String.fromCodePoint(this.cps[this.i + 1] ?? 0);
    if (/^[dsw]$/i.test(ch)) {
      this.i += 2;
      return { test: rangeTest(PERL_CLASSES[ch.toLowerCase()]!), neg: ch !== ch.toLowerCase() };
    }
    if (ch !== 'p' && ch !== 'P') return undefined;
    const start = this.i;
    let neg = ch === 'P';
    let name: string;
    if (this.cps[this.i + 2] === 123) {
      const close = this.cps.indexOf(125, this.i + 3);
      if (close < 0) this.fail('invalid character class range', start, this.cps.length);
      name = this.text(this.i + 3, close);
      this.i = close + 1;
    } else {
      name = this.text(this.i + 2, Math.min(this.i + 3, this.cps.length));
      this.i = Math.min(this.i + 3, this.cps.length);
    }
    if (name.startsWith('^')) [neg, name] = [!neg, name.slice(1)];
    const test = unicodeTest(name);
    if (!test) this.fail('invalid character class range', start);
    return { test, neg };
  }

  /** Go's parseEscape: one escaped literal code point. */
  protected parseEscape(start: number): number {
    this.i += 2;
    const c = this.cps[this.i - 1]!;
    const ch = String.fromCodePoint(c);
    if ((ch >= '1' && ch <= '7' && isOctal(this.cps[this.i])) || ch === '0') {
      let r = c - 48;
      for (let k = 1; k < 3 && isOctal(this.cps[this.i]); k++) r = r * 8 + this.cps[this.i++]! - 48;
      return r;
    }
    if (ch === 'x') {
      if (this.cps[this.i] === 123) {
        let r = 0;
        let n = 0;
        for (this.i++; this.cps[this.i] !== 125; this.i++, n++) {
          const v = hexVal(this.cps[this.i]);
          if (v < 0 || (r = r * 16 + v) > 0x10ffff) this.fail('invalid escape sequence', start, this.i + 1);
        }
        this.i++;
        if (n === 0) this.fail('invalid escape sequence', start);
        return r;
      }
      const x = hexVal(this.cps[this.i]);
      const y = hexVal(this.cps[this.i + 1]);
      this.i += 2;
      if (x < 0 || y < 0) this.fail('invalid escape sequence', start, Math.min(this.i, this.cps.length));
      return x * 16 + y;
    }
    const simple: Record<string, number> = { a: 7, f: 12, n: 10, r: 13, t: 9, v: 11 };
    if (simple[ch] !== undefined) return simple[ch];
    if (c < 0x80 && !isAlnum(c)) return c;
    return this.fail('invalid escape sequence', start);
  }

  protected parseClass(): Node {
    const start = this.i++;
    let negated = false;
    if (this.cps[this.i] === 94) [negated, this.i] = [true, this.i + 1];
    const items: ClassItem[] = [];
    const ranges: number[] = [];
    for (let first = true; first || this.cps[this.i] !== 93; first = false) {
      if (this.i >= this.cps.length) this.fail('missing closing ]', start, this.cps.length);
      if (this.cps[this.i] === 91 && this.cps[this.i + 1] === 58) {
        let k = this.i + 2;
        while (k + 1 < this.cps.length && !(this.cps[k] === 58 && this.cps[k + 1] === 93)) k++;
        if (k + 1 < this.cps.length) {
          const name = this.text(this.i + 2, k);
          const set = POSIX_CLASSES[name.replace(/^\^/, '')];
          if (!set) this.fail('invalid character class range', this.i, k + 2);
          items.push({ test: rangeTest(set), neg: name.startsWith('^') });
          this.i = k + 2;
          continue;
        }
      }
      if (this.cps[this.i] === 92) {
        const item = this.classEscape();
        if (item) {
          items.push(item);
          continue;
        }
      }
      const rangeStart = this.i;
      const lo = this.classChar(start);
      let hi = lo;
      if (this.cps[this.i] === 45 && this.cps[this.i + 1] !== undefined && this.cps[this.i + 1] !== 93) {
        this.i++;
        hi = this.classChar(start);
        if (hi < lo) this.fail('invalid character class range', rangeStart);
      }
      ranges.push(lo, hi);
    }
    this.i++;
    if (ranges.length > 0) items.push({ test: rangeTest(ranges), neg: false });
    return { t: 'char', test: classTest(items, negated, this.flags.i) };
  }

  private classChar(classStart: number): number {
    const c = this.cps[this.i];
    if (c === undefined) this.fail('missing closing ]', classStart, this.cps.length);
    if (c !== 92) {
      this.i++;
      return c;
    }
    if (this.i + 1 >= this.cps.length) this.fail('trailing backslash at end of expression', this.i, this.i);
    return this.parseEscape(this.i);
  }
}
