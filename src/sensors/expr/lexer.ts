/**
 * govaluate's lexer, rune for rune: it decides token kinds from the previous token (a `-` is a prefix
 * only where a prefix may stand), reads operator symbols greedily until whitespace or an alphanumeric
 * (so `a==-1` is the invalid token `==-`), lets a backslash escape any character anywhere, ends strings
 * at either quote character, and turns date-like string literals into unix seconds.
 * @module
 */
import { ExprSyntaxError } from './errors.js';
import { parseGovaluateDate } from './go-time.js';
import { canTransition, type TokenKind } from './syntax.js';

/** One lexed token; `pos` is its code-point offset in the expression. */
export interface Token {
  kind: TokenKind;
  value: unknown;
  pos: number;
  /** How govaluate prints the token in errors, when not its value (dates print as Go times). */
  display?: string;
}

/** Go's time.Time String() of unix seconds, in UTC. */
function goTimeString(unix: number): string {
  const d = new Date(unix * 1000);
  const year = String(d.getUTCFullYear()).padStart(4, '0');
  return `${year}-${d.toISOString().slice(5, 10)} ${d.toISOString().slice(11, 19)} +0000 UTC`;
}

const PREFIX = new Set(['-', '!', '~']);
const MODIFIER = new Set(['+', '-', '*', '/', '%', '**', '&', '|', '^', '>>', '<<']);
const LOGICAL = new Set(['&&', '||']);
const COMPARATOR = new Set(['==', '!=', '>', '>=', '<', '<=', '=~', '!~', 'in']);
const TERNARY = new Set(['?', ':', '??']);

const isLetter = (c: string): boolean => /^\p{L}$/u.test(c);
const isDigit = (c: string): boolean => /^\p{Nd}$/u.test(c);
const isSpace = (c: string): boolean => /^\p{White_Space}$/u.test(c);
const isNumeric = (c: string): boolean => isDigit(c) || c === '.';
const isHexDigit = (c: string): boolean => isDigit(c) || /^[a-fA-F]$/.test(c);
const isNotQuote = (c: string): boolean => c !== "'" && c !== '"';
const isVariableName = (c: string): boolean => isLetter(c) || isDigit(c) || c === '_' || c === '.';
const isNotAlphanumeric = (c: string): boolean =>
  !(isDigit(c) || isLetter(c) || c === '(' || c === ')' || c === '[' || c === ']' || !isNotQuote(c));

class Stream {
  pos = 0;
  constructor(
    readonly chars: string[],
    readonly text: string,
  ) {}
  canRead(): boolean {
    return this.pos < this.chars.length;
  }
  read(): string {
    const c = this.chars[this.pos++];
    // govaluate indexes past the end here (a Go panic); a trailing backslash is the only way to get there.
    if (c === undefined)
      throw new ExprSyntaxError('Unexpected end of expression after \\', this.pos - 1, this.text);
    return c;
  }
  rewind(n: number): void {
    this.pos -= n;
  }
}

/** govaluate's readUntilFalse: [text, stoppedByCondition]. */
function readUntilFalse(
  s: Stream,
  includeWhitespace: boolean,
  breakWhitespace: boolean,
  cond: (c: string) => boolean,
): [string, boolean] {
  let buf = '';
  while (s.canRead()) {
    let c = s.read();
    if (c === '\\') {
      c = s.read();
      buf += c;
      continue;
    }
    if (isSpace(c)) {
      if (breakWhitespace && buf.length > 0) return [buf, true];
      if (!includeWhitespace) continue;
    }
    if (!cond(c)) {
      s.rewind(1);
      return [buf, true];
    }
    buf += c;
  }
  return [buf, false];
}

function readTokenUntilFalse(s: Stream, cond: (c: string) => boolean): string {
  s.rewind(1);
  return readUntilFalse(s, false, true, cond)[0];
}

function numeric(text: string, s: Stream, start: number): number {
  // strconv.ParseFloat on digits and dots: "1." and ".5" parse, "1.2.3" and non-ASCII digits do not.
  const v = /^(\d+\.?\d*|\.\d+)$/.test(text) ? Number(text) : NaN;
  if (!Number.isFinite(v)) {
    throw new ExprSyntaxError(`Unable to parse numeric value '${text}' to float64`, start, s.text);
  }
  return v;
}

function hex(s: Stream, start: number): number {
  const text = readUntilFalse(s, false, true, isHexDigit)[0];
  const ok = /^[0-9a-fA-F]+$/.test(text) && BigInt(`0x${text}`) < 1n << 64n;
  if (!ok) throw new ExprSyntaxError(`Unable to parse hex value '${text}' to uint64`, start, s.text);
  return Number(BigInt(`0x${text}`));
}

function symbol(text: string, prev: TokenKind): TokenKind | undefined {
  if (canTransition(prev, 'PREFIX') && PREFIX.has(text)) return 'PREFIX';
  if (MODIFIER.has(text)) return 'MODIFIER';
  if (LOGICAL.has(text)) return 'LOGICALOP';
  if (COMPARATOR.has(text)) return 'COMPARATOR';
  if (TERNARY.has(text)) return 'TERNARY';
  return undefined;
}

function word(text: string, s: Stream, start: number): Token {
  if (text === 'true' || text === 'false') return { kind: 'BOOLEAN', value: text === 'true', pos: start };
  if (text === 'in' || text === 'IN') return { kind: 'COMPARATOR', value: 'in', pos: start };
  if (text.indexOf('.') > 0) {
    if (text.endsWith('.')) throw new ExprSyntaxError(`Hanging accessor on token '${text}'`, start, s.text);
    const parts = text.split('.');
    for (const part of parts.slice(1)) {
      const first = Array.from(part)[0] ?? '';
      if (first.toUpperCase() !== first) {
        throw new ExprSyntaxError(
          `Unable to access unexported field '${part}' in token '${text}'`,
          start,
          s.text,
        );
      }
    }
    return { kind: 'ACCESSOR', value: parts, pos: start };
  }
  return { kind: 'VARIABLE', value: text, pos: start };
}

function readToken(s: Stream, prev: TokenKind): Token | undefined {
  while (s.canRead()) {
    const start = s.pos;
    let c = s.read();
    if (isSpace(c)) continue;
    if (isNumeric(c)) {
      if (s.canRead() && c === '0') {
        c = s.read();
        if (s.canRead() && c === 'x') return { kind: 'NUMERIC', value: hex(s, start), pos: start };
        s.rewind(1);
      }
      return { kind: 'NUMERIC', value: numeric(readTokenUntilFalse(s, isNumeric), s, start), pos: start };
    }
    if (c === ',') return { kind: 'SEPARATOR', value: ',', pos: start };
    if (c === '[') {
      const [name, done] = readUntilFalse(s, true, false, (x) => x !== ']');
      if (!done) throw new ExprSyntaxError('Unclosed parameter bracket', start, s.text);
      s.rewind(-1);
      return { kind: 'VARIABLE', value: name, pos: start };
    }
    if (isLetter(c)) return word(readTokenUntilFalse(s, isVariableName), s, start);
    if (!isNotQuote(c)) {
      const [text, done] = readUntilFalse(s, true, false, isNotQuote);
      if (!done) throw new ExprSyntaxError('Unclosed string literal', start, s.text);
      s.rewind(-1);
      const date = parseGovaluateDate(text);
      return date === undefined
        ? { kind: 'STRING', value: text, pos: start }
        : { kind: 'TIME', value: date, pos: start, display: goTimeString(date) };
    }
    if (c === '(') return { kind: 'CLAUSE', value: 40, pos: start };
    if (c === ')') return { kind: 'CLAUSE_CLOSE', value: 41, pos: start };
    const text = readTokenUntilFalse(s, isNotAlphanumeric);
    const kind = symbol(text, prev);
    if (!kind) throw new ExprSyntaxError(`Invalid token: '${text}'`, start, s.text);
    return { kind, value: text, pos: start };
  }
  return undefined;
}

/** Tokenize `text` as govaluate's parseTokens does (lexical errors only; grammar is checked later). */
export function lex(text: string): Token[] {
  const s = new Stream(Array.from(text), text);
  const tokens: Token[] = [];
  let prev: TokenKind = 'UNKNOWN';
  for (let t = readToken(s, prev); t; t = readToken(s, prev)) {
    tokens.push(t);
    prev = t.kind;
  }
  return tokens;
}
