/**
 * expr-lang (v1.15, the version argo-events pins) lexer: identifiers (letters, digits, `_`, `$`),
 * numbers (`1_000`, `0x1F`, `1.5e3`, `.5`; `1..3` is a range), strings in either quote with Go escapes,
 * `//` and `/* *\/` comments, word operators (`not in`, `matches`, `contains`, …).
 * @module
 */
import { SourceFilterSyntaxError, type FilterLocation } from './errors.js';

export type TokenKind = 'Identifier' | 'Number' | 'String' | 'Operator' | 'Bracket' | 'EOF';

export interface Token {
  kind: TokenKind;
  value: string;
  loc: FilterLocation;
}

const WORD_OPS = new Set(['not', 'in', 'or', 'and', 'matches', 'contains', 'startsWith', 'endsWith', 'let']);
const AFTER_NOT = new Set(['in', 'matches', 'contains', 'startsWith', 'endsWith']);
const isSpace = (c: string): boolean => /^\p{White_Space}$/u.test(c);
const isAlpha = (c: string): boolean => c === '_' || c === '$' || /^\p{L}$/u.test(c);
export const isAlphaNumeric = (c: string): boolean => isAlpha(c) || /^\p{Nd}$/u.test(c);
const hexVal = (c: string | undefined): number =>
  c !== undefined && /^[0-9a-fA-F]$/.test(c) ? parseInt(c, 16) : -1;

class Lexer {
  private i = 0;
  private line = 1;
  private col = 1;
  readonly tokens: Token[] = [];
  private readonly chars: string[];

  constructor(private readonly text: string) {
    this.chars = Array.from(text);
  }

  private fail(reason: string): never {
    throw new SourceFilterSyntaxError(reason, { line: this.line, column: this.col }, this.text);
  }
  private peek(k = 0): string | undefined {
    return this.chars[this.i + k];
  }
  private next(): string | undefined {
    const c = this.chars[this.i];
    if (c === undefined) return undefined;
    this.i++;
    if (c === '\n') [this.line, this.col] = [this.line + 1, 1];
    else this.col++;
    return c;
  }
  private accept(valid: string): string {
    const c = this.peek();
    return c !== undefined && valid.includes(c) ? this.next()! : '';
  }
  private run(valid: (c: string) => boolean): string {
    let s = '';
    for (let c = this.peek(); c !== undefined && valid(c); c = this.peek()) s += this.next()!;
    return s;
  }
  private emit(kind: TokenKind, value: string, loc: FilterLocation): void {
    this.tokens.push({ kind, value, loc });
  }

  lex(): Token[] {
    for (;;) {
      const loc = { line: this.line, column: this.col };
      const c = this.next();
      if (c === undefined) {
        this.emit('EOF', '', loc);
        return this.tokens;
      }
      if (isSpace(c)) continue;
      if (c === "'" || c === '"') this.emit('String', this.string(c), loc);
      else if (/^[0-9]$/.test(c)) this.emit('Number', this.number(c), loc);
      else if (c === '.' && /^[0-9]$/.test(this.peek() ?? '')) this.emit('Number', this.number(c), loc);
      else if (c === '?') this.emit('Operator', c + this.accept('.?'), loc);
      else if (c === '/' && this.peek() === '/') this.run((x) => x !== '\n');
      else if (c === '/' && this.peek() === '*') this.comment();
      else if (c === '#') {
        this.emit('Operator', c + this.accept('#'), loc);
        const name = this.run(isAlphaNumeric);
        if (name) this.emit('Identifier', name, { line: loc.line, column: loc.column + 1 });
      } else if (c === '|') this.emit('Operator', c + this.accept('|'), loc);
      else if ('([{)]}'.includes(c)) this.emit('Bracket', c, loc);
      else if (',:;%+-^/'.includes(c)) this.emit('Operator', c, loc);
      else if ('&!=*<>'.includes(c)) this.emit('Operator', c + this.accept('&=*'), loc);
      else if (c === '.') this.emit('Operator', c + this.accept('.'), loc);
      else if (isAlphaNumeric(c)) this.word(c, loc);
      else
        this.fail(
          `unrecognized character: U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')} '${c}'`,
        );
    }
  }

  private comment(): void {
    this.next();
    for (;;) {
      const c = this.next();
      if (c === undefined) this.fail('unclosed comment');
      if (c === '*' && this.peek() === '/') return void this.next();
    }
  }

  private word(first: string, loc: FilterLocation): void {
    const w = first + this.run(isAlphaNumeric);
    if (!WORD_OPS.has(w)) return this.emit('Identifier', w, loc);
    this.emit('Operator', w, loc);
    if (w !== 'not') return;
    // `not in`, `not matches`, …: the following word operator is its own token.
    let k = 0;
    while (this.peek(k) === ' ') k++;
    let next = '';
    while (this.peek(k + next.length) !== undefined && isAlphaNumeric(this.peek(k + next.length)!)) {
      next += this.peek(k + next.length)!;
    }
    if (!AFTER_NOT.has(next)) return;
    for (let j = 0; j < k; j++) this.next();
    const at = { line: this.line, column: this.col };
    for (let j = 0; j < next.length; j++) this.next();
    this.emit('Operator', next, at);
  }

  private number(first: string): string {
    let s = first;
    let digits = (c: string): boolean => /^[0-9_]$/.test(c);
    if (first === '0') {
      const base = this.accept('xXoObB');
      s += base;
      if ('xX'.includes(base) && base) digits = (c) => /^[0-9a-fA-F_]$/.test(c);
      else if ('oO'.includes(base) && base) digits = (c) => /^[0-7_]$/.test(c);
      else if ('bB'.includes(base) && base) digits = (c) => /^[01_]$/.test(c);
    }
    if (first !== '.') s += this.run(digits);
    if (first === '.' || (this.peek() === '.' && this.peek(1) !== '.')) {
      if (first !== '.') s += this.next();
      s += this.run(digits);
    }
    if ('eE'.includes(this.peek() ?? '_')) {
      s += this.next()! + this.accept('+-');
      s += this.run(digits);
    }
    if (this.peek() !== undefined && isAlphaNumeric(this.peek()!))
      this.fail(`bad number syntax: "${s + this.next()!}"`);
    return s;
  }

  /** Scan a quoted string and decode Go escapes (expr-lang's scanString + unescape). */
  private string(quote: string): string {
    let out = '';
    for (;;) {
      const c = this.next();
      if (c === undefined || c === '\n') this.fail('literal not terminated');
      if (c === quote) return out;
      if (c !== '\\') {
        out += c === '\r' ? '\n' : c;
        continue;
      }
      out += this.escape(quote);
    }
  }

  private escape(quote: string): string {
    const c = this.next();
    const simple: Record<string, string> = {
      a: '\x07',
      b: '\b',
      f: '\f',
      n: '\n',
      r: '\r',
      t: '\t',
      v: '\v',
    };
    if (c === undefined) return this.fail('literal not terminated');
    if (simple[c] !== undefined) return simple[c];
    if (c === '\\' || c === quote) return c;
    const width: Record<string, number> = { x: 2, u: 4, U: 8 };
    if (width[c] !== undefined || /^[0-7]$/.test(c)) {
      const octal = width[c] === undefined;
      const n = octal ? 2 : width[c]!;
      let v = octal ? Number(c) : 0;
      for (let k = 0; k < n; k++) {
        const d = this.next();
        const x = octal ? (d !== undefined && /^[0-7]$/.test(d) ? Number(d) : -1) : hexVal(d);
        if (x < 0) this.fail('invalid char escape');
        v = v * (octal ? 8 : 16) + x;
      }
      if (octal && Number(c) > 3) this.fail('unable to unescape string');
      if (v > 0x10ffff) this.fail('unable to unescape string');
      return v >= 0xd800 && v < 0xe000 ? '\ufffd' : String.fromCodePoint(v);
    }
    return this.fail('invalid char escape');
  }
}

/** Tokenize an expr-lang expression; throws {@link SourceFilterSyntaxError}. */
export function lex(text: string): Token[] {
  return new Lexer(text).lex();
}
