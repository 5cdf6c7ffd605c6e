import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  ConditionsSyntaxError,
  conditionNames,
  evaluateConditions,
  formatConditions,
  looseConditionNames,
  MAX_CONDITIONS_DEPTH,
  parseConditions,
  requiresState,
  tryParseConditions,
} from './conditions.js';

/** [expression, names in first-appearance order, canonical text, stateful?] */
const VALID: [string, string[], string, boolean][] = [
  ['a', ['a'], 'a', false],
  ['  test-dep_1  ', ['test-dep_1'], 'test-dep_1', false],
  ['a&&b', ['a', 'b'], 'a && b', true],
  ['a || b || a', ['a', 'b'], 'a || b || a', false],
  [
    '(test-dep-1 && test-dep-2) || test-dep-3',
    ['test-dep-1', 'test-dep-2', 'test-dep-3'],
    'test-dep-1 && test-dep-2 || test-dep-3',
    true,
  ],
  ['a && (b || c)', ['a', 'b', 'c'], 'a && (b || c)', true],
  ['a || b && c', ['a', 'b', 'c'], 'a || b && c', true],
  ['((a))', ['a'], 'a', false],
  ['(dep01 || dep02) && dep04', ['dep01', 'dep02', 'dep04'], '(dep01 || dep02) && dep04', true],
  ['a\n&&\tb', ['a', 'b'], 'a && b', true],
  ['1st && -x', ['1st', '-x'], '1st && -x', true],
];

void test('golden table: valid expressions', () => {
  for (const [text, names, canonical, stateful] of VALID) {
    const ast = parseConditions(text);
    assert.deepEqual(conditionNames(text), names, text);
    assert.equal(formatConditions(ast), canonical, text);
    assert.equal(requiresState(ast), stateful, text);
  }
});

/** [expression, error message (column is 1-based), 0-based offset] */
const INVALID: [string, string, number][] = [
  ['', 'expected a dependency name or "(", found end of input at column 1', 0],
  ['   ', 'expected a dependency name or "(", found end of input at column 4', 3],
  ['a &&', 'expected a dependency name or "(", found end of input at column 5', 4],
  ['&& a', 'expected a dependency name or "(", found "&&" at column 1', 0],
  ['a & b', 'expected "&&", found "&" at column 3', 2],
  ['a | b', 'expected "||", found "|" at column 3', 2],
  ['a b', 'expected "&&", "||" or end of input, found "b" at column 3', 2],
  ['(a && b', 'expected ")" to close "(" at column 1, found end of input at column 8', 7],
  ['a && b)', 'expected "&&", "||" or end of input, found ")" at column 7', 6],
  ['()', 'expected a dependency name or "(", found ")" at column 2', 1],
  ['!a', 'negation ("!") is not supported at column 1', 0],
  ['a && b.c', 'unexpected character "." (names may contain letters, digits, "_" and "-") at column 7', 6],
  ['a || 😀', 'unexpected character "😀" (names may contain letters, digits, "_" and "-") at column 6', 5],
  ['a &&& b', 'expected "&&", found "&" at column 5', 4],
];

void test('golden table: syntax errors carry message and offset', () => {
  for (const [text, message, offset] of INVALID) {
    assert.throws(
      () => parseConditions(text),
      (e: unknown) => {
        assert.ok(e instanceof ConditionsSyntaxError, text);
        assert.equal(e.message, message, text);
        assert.equal(e.offset, offset, text);
        assert.equal(e.expression, text);
        assert.equal(e.code, 'CONDITIONS_SYNTAX');
        return true;
      },
    );
    const r = tryParseConditions(text);
    assert.equal(r.ok, false);
  }
});

void test('nesting deeper than the limit is a syntax error, not a stack overflow', () => {
  const deep = `${'('.repeat(MAX_CONDITIONS_DEPTH + 1)}a${')'.repeat(MAX_CONDITIONS_DEPTH + 1)}`;
  assert.throws(() => parseConditions(deep), ConditionsSyntaxError);
  const ok = `${'('.repeat(MAX_CONDITIONS_DEPTH)}a${')'.repeat(MAX_CONDITIONS_DEPTH)}`;
  assert.deepEqual(conditionNames(ok), ['a']);
});

void test('evaluation: && binds tighter than ||', () => {
  const ast = parseConditions('(test-dep-1 && test-dep-2) || test-dep-3');
  const ev = (...on: string[]) => evaluateConditions(ast, (n) => on.includes(n));
  assert.equal(ev('test-dep-1'), false);
  assert.equal(ev('test-dep-1', 'test-dep-2'), true);
  assert.equal(ev('test-dep-3'), true);
  assert.equal(ev(), false);
  const prec = parseConditions('a || b && c');
  assert.equal(
    evaluateConditions(prec, (n) => n === 'a'),
    true,
  );
  assert.equal(
    evaluateConditions(prec, (n) => n === 'b'),
    false,
  );
});

void test('looseConditionNames splits stored (possibly invalid) expressions like upstream', () => {
  assert.deepEqual(looseConditionNames('(a && b) || c'), ['a', 'b', 'c']);
  assert.deepEqual(looseConditionNames('a &&& b.c'), ['a', '&', 'b.c']);
  assert.deepEqual(looseConditionNames(''), []);
});

void test('property: parsing any string either succeeds or throws ConditionsSyntaxError', () => {
  const alphabet = fc.constantFrom(
    'a',
    'b',
    '-',
    '_',
    '1',
    '&',
    '|',
    '(',
    ')',
    ' ',
    '!',
    '.',
    '\n',
    'é',
    '😀',
  );
  const soup = fc.array(alphabet, { maxLength: 40 }).map((cs) => cs.join(''));
  fc.assert(
    fc.property(
      fc.oneof(fc.string({ maxLength: 60 }), fc.string({ unit: 'grapheme', maxLength: 30 }), soup),
      (text) => {
        try {
          const ast = parseConditions(text);
          conditionNames(ast);
        } catch (e) {
          assert.ok(e instanceof ConditionsSyntaxError, `unexpected ${String(e)}`);
          assert.ok(e.offset >= 0 && e.offset <= text.length);
        }
      },
    ),
    { numRuns: 3000 },
  );
});

/** Random expression trees with their reference semantics. */
const names = fc.constantFrom('a', 'b', 'c', 'dep-1', 'x_2');
const tree = fc.letrec<{ node: [string, (on: Set<string>) => boolean] }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    names.map((n): [string, (on: Set<string>) => boolean] => [n, (on) => on.has(n)]),
    fc
      .tuple(tie('node'), tie('node'), fc.constantFrom('&&', '||'))
      .map(([[l, fl], [r, fr], op]): [string, (on: Set<string>) => boolean] => [
        `(${l} ${op} ${r})`,
        op === '&&' ? (on) => fl(on) && fr(on) : (on) => fl(on) || fr(on),
      ]),
  ),
}));

void test('property: evaluation matches the reference semantics; formatting round-trips', () => {
  fc.assert(
    fc.property(tree.node, fc.subarray(['a', 'b', 'c', 'dep-1', 'x_2']), ([text, ref], on) => {
      const set = new Set(on);
      const ast = parseConditions(text);
      assert.equal(
        evaluateConditions(ast, (n) => set.has(n)),
        ref(set),
      );
      const again = parseConditions(formatConditions(ast));
      assert.equal(
        evaluateConditions(again, (n) => set.has(n)),
        ref(set),
      );
      assert.deepEqual(conditionNames(again), conditionNames(ast));
    }),
    { numRuns: 500 },
  );
});
