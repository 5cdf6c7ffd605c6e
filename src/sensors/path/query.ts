/**
 * gjson query comparison (`#(path op value)`): `== != < <= > >=` on strings (byte order), numbers
 * and booleans, `%`/`!%` wildcard match, and the `~true ~false ~null ~*` truthiness values.
 * @module
 */
import { matchLimit } from './match.js';
import { exists, FALSE, none, NULL, NUMBER, parseGoBool, STRING, TRUE, type Result } from './result.js';
import { parseGoFloat } from './scan.js';

function trueish(t: Result): boolean {
  if (t.type === TRUE) return true;
  if (t.type === STRING) return parseGoBool(t.str.toLowerCase()) === true;
  if (t.type === NUMBER) return t.num !== 0;
  return false;
}

function falseish(t: Result): boolean {
  if (t.type === NULL || t.type === FALSE) return true;
  if (t.type === STRING) return parseGoBool(t.str.toLowerCase()) === false;
  if (t.type === NUMBER) return t.num === 0;
  return false;
}

const ISH = new Map<string, (t: Result) => boolean>([
  ['*', exists],
  ['null', (t) => t.type === NULL],
  ['true', trueish],
  ['false', falseish],
]);

/** Go string comparison is by bytes; UTF-16 order differs only above the BMP, so compare bytes. */
function cmpBytes(a: string, b: string): number {
  if (a === b) return 0;
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** Does `value` satisfy `op rpv`? */
export function queryMatches(op: string, rpv: string, value: Result): boolean {
  if (rpv.length > 0 && rpv[0] === '~') {
    const test = ISH.get(rpv.slice(1));
    if (test) {
      const yes = test(value);
      rpv = 'true';
      value = { ...none(), type: yes ? TRUE : FALSE };
    } else {
      rpv = '';
      value = none();
    }
  }
  if (!exists(value)) return false;
  if (op === '') return true;
  switch (value.type) {
    case STRING: {
      if (op === '%') return matchLimit(value.str, rpv);
      if (op === '!%') return !matchLimit(value.str, rpv);
      return compare(op, cmpBytes(value.str, rpv));
    }
    case NUMBER: {
      const n = parseGoFloat(rpv);
      return compareNum(op, value.num, n);
    }
    case TRUE:
      if (op === '=') return rpv === 'true';
      if (op === '!=') return rpv !== 'true';
      if (op === '>') return rpv === 'false';
      return op === '>=';
    case FALSE:
      if (op === '=') return rpv === 'false';
      if (op === '!=') return rpv !== 'false';
      if (op === '<') return rpv === 'true';
      return op === '<=';
    default:
      return false;
  }
}

function compare(op: string, c: number): boolean {
  switch (op) {
    case '=':
      return c === 0;
    case '!=':
      return c !== 0;
    case '<':
      return c < 0;
    case '<=':
      return c <= 0;
    case '>':
      return c > 0;
    case '>=':
      return c >= 0;
    default:
      return false;
  }
}

function compareNum(op: string, a: number, b: number): boolean {
  switch (op) {
    case '=':
      return a === b;
    case '!=':
      return a !== b;
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '>':
      return a > b;
    case '>=':
      return a >= b;
    default:
      return false;
  }
}
