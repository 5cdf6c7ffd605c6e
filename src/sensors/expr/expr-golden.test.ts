/**
 * Golden table for the govaluate-compatible language. Every expected value and message below was
 * produced by running github.com/Knetic/govaluate at the commit argo-events pins (9aa4983, TZ=UTC) on
 * the same expression and parameters; only the trailing-backslash case differs (govaluate panics).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildExprParams, compileExpr, ExprEvalError, ExprSyntaxError } from './index.js';

type Want = { value: unknown } | { eval: string } | { syntax: string };

const CASES: [string, Record<string, unknown>, Want][] = [
  ['a == "b" || c == 10', { a: 'b', c: 11 }, { value: true }],
  ['a == "b" || c == 10', { a: 'x', c: 10 }, { value: true }],
  ['e == false', { e: true }, { value: false }],
  ["(id == 1) && (last_name == 'Doe')", { id: 1, last_name: 'Doe' }, { value: true }],
  ['b =~ "start"', { b: 'start long string' }, { value: true }],
  ['b !~ "start"', { b: 'long string' }, { value: true }],
  ['b == "b" || (d == true && e == 2)', { b: 'b', d: false }, { value: true }],
  ['51 + 49', {}, { value: 100 }],
  ['1 - 2 - 4 - 8', {}, { value: -13 }],
  ['1 * 4 / 2 * 8', {}, { value: 16 }],
  ['1 + 2 * 3 ** 2 >> 1 & 7', {}, { value: 1 }],
  ['2 ** 3 ** 2', {}, { value: 64 }],
  ['-2 ** 2', {}, { value: 4 }],
  ['10 / 2 * 5 % 3', {}, { value: 1 }],
  ['1 / 0', {}, { value: Infinity }],
  ['-7 % 3', {}, { value: -1 }],
  ['100 & 50', {}, { value: 32 }],
  ['100 | 50', {}, { value: 118 }],
  ['100 ^ 50', {}, { value: 86 }],
  ['~10', {}, { value: -11 }],
  ['2 << 1', {}, { value: 4 }],
  ['-1 >> 1', {}, { value: 9223372036854776000 }],
  ['1 << 70', {}, { value: 0 }],
  ['0x1F + 0x 10', {}, { value: 47 }],
  ['.5 + 1.', {}, { value: 1.5 }],
  ["'foo' + 'bar' == 'foobar'", {}, { value: true }],
  ["'x' + 1000000", {}, { value: 'x1e+06' }],
  ["'x' + 123456.5", {}, { value: 'x123456.5' }],
  ["'x' + 0.00001", {}, { value: 'x1e-05' }],
  ["'x' + (1/0)", {}, { value: 'x+Inf' }],
  ["'x' + -0", {}, { value: 'x-0' }],
  ["'x' + true", {}, { value: 'xtrue' }],
  ['s + n', { s: 'x', n: null }, { value: 'x<nil>' }],
  ["'a' + m", { m: { b: [1, 'x', null], a: true } }, { value: 'amap[a:true b:[1 x <nil>]]' }],
  ["'ab' < 'abc'", {}, { value: true }],
  ['a < b', { a: 'é', b: 'z' }, { value: false }],
  ['a < b', { a: '～', b: '😀' }, { value: true }],
  ['a == b', { a: 1, b: '1' }, { value: false }],
  ['a == b', { a: { x: [1, 2] }, b: { x: [1, 2] } }, { value: true }],
  ['a != b', { a: [1], b: [1, 2] }, { value: true }],
  ['1 in (1, 2, 3)', {}, { value: true }],
  ["'x' in (1, 'x')", {}, { value: true }],
  ['x in arr', { x: 'a', arr: ['a', 'b'] }, { value: true }],
  ['x in (arr, 1)', { x: [1], arr: [1] }, { value: false }],
  ['((1, 2), 3)', {}, { value: [1, 2, 3] }],
  ['(1, (2, 3))', {}, { value: [1, [2, 3]] }],
  ['1, 2', {}, { value: [1, 2] }],
  ['true ? 10', {}, { value: 10 }],
  ['false ? 10', {}, { value: null }],
  ['false ? 35.50 : 50', {}, { value: 50 }],
  ['true ? 1 : 5 > 10', {}, { value: 1 }],
  ['a ? b : c', { a: true, b: null, c: 5 }, { value: 5 }],
  [
    "true ? 'x' : 'y' ? 1 : 2",
    {},
    { eval: "Value 'x' cannot be used with the ternary operator '?', it is not a bool" },
  ],
  ['true ?? true ? 100 + 200 : 400', {}, { value: 300 }],
  ['1 ?? 2', {}, { value: 1 }],
  ['a ?? 2', { a: null }, { value: 2 }],
  ['true || x', {}, { value: true }],
  ['false && x', {}, { value: false }],
  ['!true == false', {}, { value: true }],
  ['!(1 in (1, 2, 3))', {}, { value: false }],
  ['[escaped-name with spaces] == 3', { 'escaped-name with spaces': 3 }, { value: true }],
  ["[a.b] == 'dot'", { 'a.b': 'dot' }, { value: true }],
  ['a\\-b', { 'a-b': 3 }, { value: 3 }],
  ['[]', { '': 7 }, { value: 7 }],
  ["'it\\'s'", {}, { value: "it's" }],
  ['"a\\"b"', {}, { value: 'a"b' }],
  ["'\\n'", {}, { value: 'n' }],
  ['1 IN (1, 2)', {}, { value: true }],
  ["'2014-01-02' > 5", {}, { value: true }],
  ["'2014-01-02T15:04:05Z' == 1388675045", {}, { value: true }],
  ["'2014-01-02 14:12:22' > '2014-01-02 12:12:22'", {}, { value: true }],
  ["'Mon Jan  2 15:04:05 2006'", {}, { value: 1136214245 }],
  ["'Mon Jan 02 15:04:05 -0700 2006'", {}, { value: 1136239445 }],
  ["'2006-01-02T15:04:05.123+0100'", {}, { value: 1136210645 }],
  ["'3:04PM'", {}, { value: -62167164960 }],
  ["'12:04AM'", {}, { value: -62167218960 }],
  ["'2014-02-30'", {}, { value: '2014-02-30' }],
  ["'2014-01-02  14:12'", {}, { value: 1388671920 }],
  ["d == '2024-01-02'", { d: '2024-01-02' }, { value: false }],
  ['(1)(2)', {}, { value: 1 }],
  ['(a ==)', { a: null }, { value: true }],
  ['()', {}, { value: null }],
  ['1 in (1)', {}, { eval: "Value '1' cannot be used with the comparator 'in', it is not a number" }],
  ['(1 +)', {}, { eval: "Value '1' cannot be used with the modifier '+', it is not a number" }],
  ['missing > 1', {}, { eval: "No parameter 'missing' found." }],
  ["'a' > 1", {}, { eval: "Value 'a' cannot be used with the comparator '>', it is not a number" }],
  ["1 > 'a'", {}, { eval: "Value '1' cannot be used with the comparator '>', it is not a number" }],
  ['1 + true', {}, { eval: "Value '1' cannot be used with the modifier '+', it is not a number" }],
  ['x - 1', { x: null }, { eval: "Value '<nil>' cannot be used with the modifier '-', it is not a number" }],
  ["'a' && true", {}, { eval: "Value 'a' cannot be used with the logical operator '&&', it is not a bool" }],
  [
    "1 == 1 && 'a'",
    {},
    { eval: "Value 'a' cannot be used with the logical operator '&&', it is not a bool" },
  ],
  ["'x' ? 1 : 2", {}, { eval: "Value 'x' cannot be used with the ternary operator '?', it is not a bool" }],
  [
    "'a' =~ b",
    { b: '(' },
    { eval: "Unable to compile regexp pattern '(': error parsing regexp: missing closing ): `(`" },
  ],
  ["1 =~ 'a'", {}, { eval: "Value '1' cannot be used with the comparator '=~', it is not a number" }],
  ['a.B == 1', { a: { B: 1 } }, { eval: "Unable to access 'B', 'a' is not a struct" }],
  ['a.b == 1', { a: { b: 1 } }, { syntax: "Unable to access unexported field 'b' in token 'a.b'" }],
  ['a.', {}, { syntax: "Hanging accessor on token 'a.'" }],
  ['foo(1)', {}, { syntax: 'Undefined function foo' }],
  ['a==-1', { a: 1 }, { syntax: "Invalid token: '==-'" }],
  ['1 = 1', {}, { syntax: "Invalid token: '='" }],
  ['true &&& false', {}, { syntax: "Invalid token: '&&&'" }],
  ['10 > 5 +', {}, { syntax: 'Unexpected end of expression' }],
  ['> 10', {}, { syntax: 'Cannot transition token types from UNKNOWN [<nil>] to COMPARATOR [>]' }],
  ['10 10', {}, { syntax: 'Cannot transition token types from NUMERIC [10] to NUMERIC [10]' }],
  ['1e5', {}, { syntax: 'Cannot transition token types from NUMERIC [1] to VARIABLE [e5]' }],
  ['127.0.0.1', {}, { syntax: "Unable to parse numeric value '127.0.0.1' to float64" }],
  ['0x > 0', {}, { syntax: "Unable to parse hex value '' to uint64" }],
  ['10 > (1 + 50', {}, { syntax: 'Unbalanced parenthesis' }],
  ["foo == 'responseTime", {}, { syntax: 'Unclosed string literal' }],
  ['[foo bar', {}, { syntax: 'Unclosed parameter bracket' }],
  ["'a' =~ '('", {}, { syntax: 'error parsing regexp: missing closing ): `(`' }],
  ["foo =~ '[abc'", {}, { syntax: 'error parsing regexp: missing closing ]: `[abc`' }],
  ["!'a'", {}, { syntax: 'Cannot transition token types from PREFIX [!] to STRING [a]' }],
  ['IN', {}, { syntax: 'Cannot transition token types from UNKNOWN [<nil>] to COMPARATOR [in]' }],
  ['', {}, { syntax: 'Unexpected end of expression' }],
  // govaluate panics (index out of range) on a trailing backslash; jetflow reports a syntax error.
  ['\\', {}, { syntax: 'Unexpected end of expression after \\' }],
  ['1 @ 2', {}, { syntax: "Invalid token: '@'" }],
  ['a + b + a', { a: 1, b: 2 }, { value: 4 }],
];

describe('govaluate golden table', () => {
  for (const [expr, params, want] of CASES) {
    it(`${JSON.stringify(expr)} with ${JSON.stringify(params)}`, () => {
      if ('syntax' in want) {
        assert.throws(
          () => compileExpr(expr),
          (e: unknown) => e instanceof ExprSyntaxError && e.message === want.syntax,
        );
        return;
      }
      const compiled = compileExpr(expr);
      if ('eval' in want) {
        assert.throws(
          () => compiled.evaluate(params),
          (e: unknown) => e instanceof ExprEvalError && e.message === want.eval,
        );
        return;
      }
      assert.deepEqual(compiled.evaluate(params), want.value);
    });
  }
});

describe('govaluate API details', () => {
  it('vars() lists VARIABLE tokens in order, duplicates kept, accessors and literals excluded', () => {
    assert.deepEqual(compileExpr("a + [b-c] + a + x.Y + 'a'").vars(), ['a', 'b-c', 'a']);
  });

  it('reports the code-point position of the offending token', () => {
    const err = (text: string): ExprSyntaxError => {
      try {
        compileExpr(text);
      } catch (e) {
        if (e instanceof ExprSyntaxError) return e;
      }
      throw new Error(`no syntax error for ${text}`);
    };
    assert.equal(err("'é' == a ==- 1").position, 9);
    assert.equal(err('foo(1)').position, 0);
    assert.equal(err('1 +').position, 3);
  });

  it('a compiled expression is reusable across parameter sets', () => {
    const c = compileExpr('n > 10');
    assert.equal(c.evaluate({ n: 11 }), true);
    assert.equal(c.evaluate({ n: 9 }), false);
    assert.equal(c.evaluate({ n: 11n }), true); // integers of any width are float64 to govaluate
  });

  it('inherited object properties are not parameters', () => {
    assert.throws(() => compileExpr('constructor').evaluate({}), /No parameter 'constructor' found/);
  });

  it('scenario C12: exprs bound through fields[] the way argo builds them', () => {
    const fields = [
      { name: 'a', path: 'body.a' },
      { name: 'c', path: 'body.c' },
    ];
    const resolve = (data: unknown) => (path: string) => {
      let cur: unknown = data;
      for (const key of path.split('.')) {
        if (typeof cur !== 'object' || cur === null || !Object.hasOwn(cur, key))
          return { exists: false, value: undefined };
        cur = (cur as Record<string, unknown>)[key];
      }
      return { exists: true, value: cur };
    };
    const first = compileExpr('a == "b" || c == 10');
    const second = compileExpr('e == false');
    const passes = (body: unknown): boolean => {
      const data = { body };
      const p1 = buildExprParams(fields, resolve(data));
      const p2 = buildExprParams([{ name: 'e', path: 'body.d.e' }], resolve(data));
      assert.ok(p1.params && p2.params);
      return first.evaluate(p1.params) === true && second.evaluate(p2.params) === true;
    };
    assert.equal(passes({ a: 'b', c: 11, d: { e: true } }), false);
    assert.equal(passes({ a: 'b', c: 11, d: { e: false } }), true);
    assert.deepEqual(buildExprParams([{ name: 'x', path: 'body.nope' }], resolve({ body: {} })), {
      missingPath: 'body.nope',
    });
  });
});
