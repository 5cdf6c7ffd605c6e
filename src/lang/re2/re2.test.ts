/**
 * RE2 golden table: every expected outcome (match, or Go's exact error text) was recorded by running
 * Go's regexp.MatchString on the same pattern and input. Plus properties: arbitrary patterns either
 * compile or fail with Re2SyntaxError, matching never throws, and matching is linear (no backtracking).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { compileRe2, Re2, Re2SyntaxError } from './index.js';

const CASES: [string, string, boolean | string][] = [
  ['a', 'xay', true],
  ['^a', 'ba', false],
  ['a$', 'a\n', false],
  ['(?m)a$', 'a\nb', true],
  ['(?m)^b', 'a\nb', true],
  ['\\Aa', 'a', true],
  ['a\\z', 'ba', true],
  ['.', '\n', false],
  ['(?s).', '\n', true],
  ['.', '\r', true],
  ['^.$', '😀', true],
  ['^\\s$', '\u000b', false],
  ['^\\s$', '\t', true],
  ['^\\S$', ' ', true],
  ['^\\w+$', 'héllo', false],
  ['^\\d$', '٣', false],
  ['\\bfoo\\b', 'a foo b', true],
  ['\\Bfoo', 'afoo', true],
  ['(?i)k', 'K', true],
  ['(?i)S', 'ſ', true],
  ['(?i)straße', 'STRASSE', false],
  ['(?i:a)b', 'AB', false],
  ['(?i)a(?-i)b', 'AB', false],
  ['[[:alpha:]]+$', 'abc1', false],
  ['^[[:^digit:]]$', 'x', true],
  ['^\\pL$', 'é', true],
  ['^\\p{Greek}+$', 'αβγ', true],
  ['^\\PL$', '1', true],
  ['^\\p{^L}$', '1', true],
  ['\\Q.*\\E', 'a.*b', true],
  ['\\Q.*\\E', 'ab', false],
  ['^\\101\\x42\\x{43}$', 'ABC', true],
  ['a{,2}', 'a{,2}', true],
  ['^a{2,3}$', 'aaaa', false],
  ['^(?:ab|cd)*$', 'abcdab', true],
  ['[]a]', ']', true],
  ['[^]a]', 'b', true],
  ['[a-]', '-', true],
  ['^[\\d-z]$', '-', true],
  ['(?P<year>\\d{4})', 'in 2024', true],
  // Go 1.19 (used to record this table) rejects (?<name>…); Go 1.22+, which argo is built with, accepts it.
  ['(?<n>x)', 'x', true],
  ['(?U)a+', 'aaa', true],
  ['x*', '', true],
  ['', 'anything', true],
  ['^(a+)+$', 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!', false],
  ['\\1', 'a', 'error parsing regexp: invalid escape sequence: `\\1`'],
  ['(?=a)', 'a', 'error parsing regexp: invalid or unsupported Perl syntax: `(?=`'],
  ['(?!a)', 'a', 'error parsing regexp: invalid or unsupported Perl syntax: `(?!`'],
  ['\\u0041', 'A', 'error parsing regexp: invalid escape sequence: `\\u`'],
  ['a**', 'a', 'error parsing regexp: invalid nested repetition operator: `**`'],
  ['*a', 'a', 'error parsing regexp: missing argument to repetition operator: `*`'],
  ['x{1001}', 'x', 'error parsing regexp: invalid repeat count: `{1001}`'],
  ['(a{100}){100}', 'a', 'error parsing regexp: invalid repeat count: `{100}`'],
  ['[z-a]', 'a', 'error parsing regexp: invalid character class range: `z-a`'],
  ['[[:foo:]]', 'a', 'error parsing regexp: invalid character class range: `[:foo:]`'],
  ['\\p{Foo}', 'a', 'error parsing regexp: invalid character class range: `\\p{Foo}`'],
  ['(', 'a', 'error parsing regexp: missing closing ): `(`'],
  [')', 'a', 'error parsing regexp: unexpected ): `)`'],
  ['[a', 'a', 'error parsing regexp: missing closing ]: `[a`'],
  ['a\\', 'a', 'error parsing regexp: trailing backslash at end of expression: ``'],
  ['\\C', 'a', 'error parsing regexp: invalid escape sequence: `\\C`'],
  ['\\8', 'a', 'error parsing regexp: invalid escape sequence: `\\8`'],
  ['(?x)a', 'a', 'error parsing regexp: invalid or unsupported Perl syntax: `(?x`'],
  ['a{2}{3}', 'a', 'error parsing regexp: invalid nested repetition operator: `{2}{3}`'],
  ['\\x{110000}', 'a', 'error parsing regexp: invalid escape sequence: `\\x{110000`'],
];

describe('RE2 golden table (Go regexp)', () => {
  for (const [pattern, input, want] of CASES) {
    it(`${JSON.stringify(pattern)} on ${JSON.stringify(input)}`, () => {
      if (typeof want === 'string') {
        assert.throws(
          () => Re2.compile(pattern),
          (e: unknown) => e instanceof Re2SyntaxError && e.message === want,
        );
      } else {
        assert.equal(Re2.compile(pattern).test(input), want);
      }
    });
  }
});

const ATOMS = [
  'a',
  'b',
  '.',
  '\\d',
  '\\w',
  '\\s',
  '[a-c]',
  '[^a]',
  '^',
  '$',
  '\\b',
  '(?i)',
  '(',
  ')',
  '|',
  '*',
  '+',
  '?',
  '{2}',
  '{1,3}',
  '\\',
  '[',
  ']',
  '(?:',
  '(?P<n>',
  '\\pL',
  '\\Q',
  '\\E',
  '{',
  '}',
];

describe('RE2 properties', () => {
  it('any pattern compiles or raises Re2SyntaxError; matching never throws', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...ATOMS), { maxLength: 12 }).map((a) => a.join('')),
        fc.string({ maxLength: 20 }),
        (pattern, input) => {
          let re: Re2;
          try {
            re = Re2.compile(pattern);
          } catch (e) {
            assert.ok(e instanceof Re2SyntaxError, String(e));
            return;
          }
          assert.equal(typeof re.test(input), 'boolean');
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('arbitrary unicode patterns never crash the parser', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 30 }), (pattern) => {
        try {
          Re2.compile(pattern).test(pattern);
        } catch (e) {
          assert.ok(e instanceof Re2SyntaxError, String(e));
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('nested quantifiers on hostile input finish (linear time, no backtracking)', () => {
    const input = `${'a'.repeat(20_000)}!`;
    for (const p of ['^(a+)+$', '(a*)*b', '(a|aa)+$', '(?:a?){500}a{500}$'])
      assert.equal(Re2.compile(p).test(input), false);
  });

  it('nesting deeper than 1000 groups is rejected, not a stack overflow', () => {
    assert.throws(
      () => Re2.compile(`${'('.repeat(1001)}a${')'.repeat(1001)}`),
      /expression nests too deeply/,
    );
    assert.equal(Re2.compile(`${'('.repeat(999)}a${')'.repeat(999)}`).test('a'), true);
  });

  it('compileRe2 caches compiled patterns', () => {
    assert.equal(compileRe2('x+y'), compileRe2('x+y'));
  });
});
