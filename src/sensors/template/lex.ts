/**
 * Lexer for Go text/template (port of text/template/parse/lex.go): splits the text into plain
 * text and action tokens, honouring `{{-`/`-}}` trim markers and `{{/* comments *\/}}`.
 * @module
 */
import { goQuote, goRune, isPrintable } from './quote.js';

export type ItemType =
  | 'error'
  | 'bool'
  | 'char'
  | 'charConstant'
  | 'complex'
  | 'assign'
  | 'declare'
  | 'eof'
  | 'field'
  | 'identifier'
  | 'leftDelim'
  | 'leftParen'
  | 'number'
  | 'pipe'
  | 'rawString'
  | 'rightDelim'
  | 'rightParen'
  | 'space'
  | 'string'
  | 'text'
  | 'variable'
  // keywords
  | 'block'
  | 'break'
  | 'continue'
  | 'dot'
  | 'define'
  | 'else'
  | 'end'
  | 'if'
  | 'nil'
  | 'range'
  | 'template'
  | 'with';

export interface Item {
  typ: ItemType;
  pos: number;
  val: string;
  line: number;
}

const KEYWORDS = new Map<string, ItemType>([
  ['.', 'dot'],
  ['block', 'block'],
  ['break', 'break'],
  ['continue', 'continue'],
  ['define', 'define'],
  ['else', 'else'],
  ['end', 'end'],
  ['if', 'if'],
  ['range', 'range'],
  ['nil', 'nil'],
  ['template', 'template'],
  ['with', 'with'],
]);

export function isKeyword(t: ItemType): boolean {
  return [...KEYWORDS.values()].includes(t);
}

/** Go's quoting of an item in parse errors: `<if>` for keywords, `"x"` otherwise (cut at 10). */
export function itemString(i: Item): string {
  if (i.typ === 'eof') return 'EOF';
  if (i.typ === 'error') return i.val;
  if (isKeyword(i.typ)) return `<${i.val}>`;
  if ([...i.val].length > 10) return `${goQuote([...i.val].slice(0, 10).join(''))}...`;
  return goQuote(i.val);
}

const SPACE = ' \t\r\n';
const isSpace = (r: string): boolean => r !== '' && SPACE.includes(r);
const isAlphaNumeric = (r: string): boolean => r === '_' || /^[\p{L}\p{Nd}]$/u.test(r);
const hasLeftTrim = (s: string): boolean => s.length >= 2 && s[0] === '-' && isSpace(s[1]);
const hasRightTrim = (s: string): boolean => s.length >= 2 && isSpace(s[0]) && s[1] === '-';

/** Split `input` into items. Lexing stops at the first error item. */
export function lex(input: string, breakOK = true, continueOK = true): Item[] {
  const items: Item[] = [];
  let pos = 0;
  let start = 0;
  let line = 1;
  let startLine = 1;
  let parenDepth = 0;
  const emit = (typ: ItemType): void => {
    items.push({ typ, pos: start, val: input.slice(start, pos), line: startLine });
    start = pos;
    startLine = line;
  };
  const ignore = (): void => {
    line += countNL(input.slice(start, pos));
    start = pos;
    startLine = line;
  };
  const fail = (msg: string): Item[] => {
    items.push({ typ: 'error', pos: start, val: msg, line: startLine });
    return items;
  };
  /** Next code point (advances pos); '' at the end. */
  const next = (): string => {
    if (pos >= input.length) return '';
    const ch = String.fromCodePoint(input.codePointAt(pos) ?? 0);
    pos += ch.length;
    if (ch === '\n') line++;
    return ch;
  };
  const backup = (ch: string): void => {
    pos -= ch.length;
    if (ch === '\n') line--;
  };
  const peek = (): string => {
    const ch = next();
    backup(ch);
    return ch;
  };
  const atRightDelim = (): [boolean, boolean] => {
    if (hasRightTrim(input.slice(pos)) && input.startsWith('}}', pos + 2)) return [true, true];
    return [input.startsWith('}}', pos), false];
  };
  const atTerminator = (): boolean => {
    const r = peek();
    return isSpace(r) || r === '' || '.,|:()'.includes(r) || input.startsWith('}}', pos);
  };

  for (;;) {
    // Text up to the next action.
    const x = input.indexOf('{{', pos);
    if (x < 0) {
      pos = input.length;
      if (pos > start) {
        line += countNL(input.slice(start, pos));
        emit('text');
      }
      emit('eof');
      return items;
    }
    pos = x;
    const trim = hasLeftTrim(input.slice(pos + 2)) ? rightTrimLength(input.slice(start, pos)) : 0;
    pos -= trim;
    if (pos > start) {
      line += countNL(input.slice(start, pos));
      emit('text');
    }
    pos += trim;
    ignore();
    // Left delimiter (or a comment).
    pos += 2;
    const afterMarker = hasLeftTrim(input.slice(pos)) ? 2 : 0;
    if (input.startsWith('/*', pos + afterMarker)) {
      pos += afterMarker;
      ignore();
      pos += 2;
      const end = input.indexOf('*/', pos);
      if (end < 0) return fail('unclosed comment');
      pos = end + 2;
      const [delim, trimSpace] = atRightDelim();
      if (!delim) return fail('comment ends before closing delimiter');
      if (trimSpace) pos += 2;
      pos += 2;
      if (trimSpace) pos += leftTrimLength(input.slice(pos));
      ignore();
      continue;
    }
    emit('leftDelim');
    pos += afterMarker;
    ignore();
    parenDepth = 0;
    // Inside the action.
    for (;;) {
      const [delim, trimSpace] = atRightDelim();
      if (delim) {
        if (parenDepth !== 0) return fail('unclosed left paren');
        if (trimSpace) {
          pos += 2;
          ignore();
        }
        pos += 2;
        emit('rightDelim');
        if (trimSpace) {
          pos += leftTrimLength(input.slice(pos));
          ignore();
        }
        break;
      }
      const r = next();
      if (r === '') return fail('unclosed action');
      if (isSpace(r)) {
        backup(r);
        let n = 0;
        while (isSpace(peek())) {
          next();
          n++;
        }
        if (hasRightTrim(input.slice(pos - 1)) && input.startsWith('}}', pos + 1)) {
          backup(input[pos - 1]);
          if (n === 1) continue; // the single space belongs to " -}}"
        }
        emit('space');
      } else if (r === '=') emit('assign');
      else if (r === ':') {
        if (next() !== '=') return fail('expected :=');
        emit('declare');
      } else if (r === '|') emit('pipe');
      else if (r === '"' || r === "'") {
        const q = r;
        for (;;) {
          const c = next();
          if (c === '\\') {
            const e = next();
            if (e !== '' && e !== '\n') continue;
          }
          if (c === '\\' || c === '' || c === '\n')
            return fail(q === '"' ? 'unterminated quoted string' : 'unterminated character constant');
          if (c === q) break;
        }
        emit(q === '"' ? 'string' : 'charConstant');
      } else if (r === '`') {
        const end = input.indexOf('`', pos);
        if (end < 0) return fail('unterminated raw quoted string');
        line += countNL(input.slice(pos, end));
        pos = end + 1;
        emit('rawString');
      } else if (
        r === '$' ||
        (r === '.' && pos < input.length && !(input[pos] >= '0' && input[pos] <= '9'))
      ) {
        const typ: ItemType = r === '$' ? 'variable' : 'field';
        if (atTerminator()) {
          emit(r === '$' ? 'variable' : 'dot');
          continue;
        }
        let c: string;
        while (isAlphaNumeric((c = next())));
        backup(c);
        if (!atTerminator()) return fail(`bad character ${goRune(peek())}`);
        emit(typ);
      } else if (r === '.' || r === '+' || r === '-' || (r >= '0' && r <= '9')) {
        backup(r);
        const err = lexNumber();
        if (err) return fail(err);
      } else if (isAlphaNumeric(r)) {
        let c: string;
        while (isAlphaNumeric((c = next())));
        backup(c);
        const word = input.slice(start, pos);
        if (!atTerminator()) return fail(`bad character ${goRune(peek())}`);
        const kw = KEYWORDS.get(word);
        if (kw && kw !== 'dot')
          emit((kw === 'break' && !breakOK) || (kw === 'continue' && !continueOK) ? 'identifier' : kw);
        else if (word === 'true' || word === 'false') emit('bool');
        else emit('identifier');
      } else if (r === '(') {
        emit('leftParen');
        parenDepth++;
      } else if (r === ')') {
        emit('rightParen');
        parenDepth--;
        if (parenDepth < 0) return fail(`unexpected right paren ${goRune(r)}`);
      } else if (r.codePointAt(0)! <= 0x7f && isPrintable(r.codePointAt(0)!)) emit('char');
      else return fail(`unrecognized character in action: ${goRune(r)}`);
    }
  }

  function lexNumber(): string | undefined {
    if (!scanNumber()) return `bad number syntax: ${goQuote(input.slice(start, pos))}`;
    const sign = peek();
    if (sign === '+' || sign === '-') {
      if (!scanNumber() || input[pos - 1] !== 'i')
        return `bad number syntax: ${goQuote(input.slice(start, pos))}`;
      emit('complex');
    } else emit('number');
    return undefined;
  }

  function scanNumber(): boolean {
    const accept = (valid: string): boolean => {
      const c = next();
      if (c !== '' && valid.includes(c)) return true;
      backup(c);
      return false;
    };
    const acceptRun = (valid: string): void => {
      while (accept(valid));
    };
    accept('+-');
    let digits = '0123456789_';
    if (accept('0')) {
      if (accept('xX')) digits = '0123456789abcdefABCDEF_';
      else if (accept('oO')) digits = '01234567_';
      else if (accept('bB')) digits = '01_';
    }
    acceptRun(digits);
    if (accept('.')) acceptRun(digits);
    if (digits.length === 11 && accept('eE')) {
      accept('+-');
      acceptRun('0123456789_');
    }
    if (digits.length === 23 && accept('pP')) {
      accept('+-');
      acceptRun('0123456789_');
    }
    accept('i');
    if (isAlphaNumeric(peek())) {
      next();
      return false;
    }
    return true;
  }
}

function countNL(s: string): number {
  let n = 0;
  for (let i = s.indexOf('\n'); i >= 0; i = s.indexOf('\n', i + 1)) n++;
  return n;
}

function rightTrimLength(s: string): number {
  let i = s.length;
  while (i > 0 && SPACE.includes(s[i - 1])) i--;
  return s.length - i;
}

function leftTrimLength(s: string): number {
  let i = 0;
  while (i < s.length && SPACE.includes(s[i])) i++;
  return i;
}
