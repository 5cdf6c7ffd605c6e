/**
 * Properties of the govaluate-compatible language: no input (bounded in size) makes compile or
 * evaluate fail with anything but ExprSyntaxError / ExprEvalError, deep nesting is refused cleanly,
 * and arithmetic/comparison agree with a reference model.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { compileExpr, ExprEvalError, ExprSyntaxError } from './index.js';

const TOKENS = [
  ...[
    'a',
    'b',
    's',
    'n',
    'arr',
    'm',
    'missing',
    '[x-y]',
    '[a.b]',
    'a.B',
    '1',
    '0',
    '2.5',
    '0x1F',
    '.5',
    'true',
  ],
  ...['-', '+', '*', '/', '%', '**', '&', '|', '^', '<<', '>>', '~', '!', '==', '!=', '<', '<=', '>', '>='],
  ...['=~', '!~', 'in', '&&', '||', '?', ':', '??', ',', '(', ')', "'x'", "'a.*'", "'('", "'2014-01-02'"],
  ...['"', "'", '[', ']', '\\', 'foo(', '==-', ' '],
];
const PARAMS = { a: 1, b: 2.5, s: 'x', n: null, arr: [1, 'x'], m: { k: 1 }, 'x-y': true, 'a.b': 'dot' };
const jsonValue = fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<unknown>;

/** Compile and evaluate; fail the property on any error that is not one of the two typed ones. */
function run(text: string, params: Record<string, unknown>): void {
  let compiled;
  try {
    compiled = compileExpr(text);
  } catch (e) {
    assert.ok(e instanceof ExprSyntaxError, `compile ${JSON.stringify(text)}: ${String(e)}`);
    assert.ok(e.position >= 0);
    return;
  }
  try {
    const v = compiled.evaluate(params);
    const ok =
      v === null ||
      ['number', 'string', 'boolean'].includes(typeof v) ||
      Array.isArray(v) ||
      typeof v === 'object';
    assert.ok(ok, `unexpected result type for ${JSON.stringify(text)}`);
  } catch (e) {
    assert.ok(e instanceof ExprEvalError, `evaluate ${JSON.stringify(text)}: ${String(e)}`);
  }
}

describe('govaluate properties', () => {
  it('token soup never escapes the typed errors', () => {
    const soup = fc.array(fc.constantFrom(...TOKENS), { maxLength: 14 }).map((t) => t.join(' '));
    fc.assert(
      fc.property(soup, (text) => run(text, PARAMS)),
      { numRuns: 4000 },
    );
  });

  it('arbitrary text and parameter values never escape the typed errors', () => {
    const params = fc.dictionary(fc.constantFrom('a', 'b', 's', 'x-y', ''), jsonValue, { maxKeys: 5 });
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), params, (text, p) => run(text, p)),
      { numRuns: 3000 },
    );
  });

  it('deep parentheses are refused with a syntax error, not a stack overflow', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3000 }), (depth) => {
        const text = `${'('.repeat(depth)}1${')'.repeat(depth)}`;
        if (depth <= 128) assert.equal(compileExpr(text).evaluate({}), 1);
        else assert.throws(() => compileExpr(text), ExprSyntaxError);
      }),
      { numRuns: 50 },
    );
    assert.throws(
      () => compileExpr('!('.repeat(5000) + 'true' + ')'.repeat(5000)),
      /nests parentheses deeper/,
    );
  });

  it('long operator chains evaluate or are refused as too deep', () => {
    assert.equal(compileExpr(`1${' + 1'.repeat(1500)}`).evaluate({}), 1501);
    assert.throws(() => compileExpr(`1${' - 1'.repeat(5000)}`), /too deeply nested/);
    assert.throws(() => compileExpr('1 + '.repeat(60_000)), ExprSyntaxError);
  });

  it('integer arithmetic and precedence agree with a reference model', () => {
    const small = fc.integer({ min: -1000, max: 1000 });
    fc.assert(
      fc.property(small, small, small, (x, y, z) => {
        const t = (v: number): string => (v < 0 ? `(0 - ${-v})` : String(v));
        assert.equal(compileExpr(`${t(x)} + ${t(y)} * ${t(z)}`).evaluate({}), x + y * z);
        assert.equal(compileExpr(`${t(x)} - ${t(y)} - ${t(z)}`).evaluate({}), x - y - z);
        assert.equal(compileExpr(`a > b == (a - b > 0)`).evaluate({ a: x, b: y }), true);
      }),
    );
  });

  it('string comparison is Go byte order and == is deep equality', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 6 }),
        fc.string({ unit: 'grapheme', maxLength: 6 }),
        (x, y) => {
          const bytes = Buffer.compare(Buffer.from(x), Buffer.from(y)) < 0;
          assert.equal(compileExpr('x < y').evaluate({ x, y }), bytes);
          assert.equal(compileExpr('[x] == [y]').evaluate({ x: [x], y: [y] }), x === y);
        },
      ),
    );
  });
});
