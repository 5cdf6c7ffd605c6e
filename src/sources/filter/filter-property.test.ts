/**
 * Properties of the EventSource filter: bounded random input never fails with anything but the two
 * typed errors, nesting is refused cleanly, payload preparation keeps every surviving key reachable,
 * and operators agree with a reference model.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  compileSourceFilter,
  prepareFilterEnv,
  SourceFilterEvalError,
  SourceFilterSyntaxError,
} from './index.js';

const TOKENS = [
  ...[
    'body',
    'body.a',
    'body.s',
    'body.arr',
    'body.m',
    'header',
    'a_b',
    '$env',
    '#',
    '#index',
    '.k',
    'nil',
    'true',
  ],
  ...[
    '1',
    '2.5',
    '0x10',
    '1_0',
    '.5',
    '1e3',
    "'x'",
    '"a\\tb"',
    '[',
    ']',
    '{',
    '}',
    '(',
    ')',
    ',',
    ':',
    '?',
    '?.',
  ],
  ...[
    '??',
    '!',
    'not',
    '-',
    '+',
    '*',
    '/',
    '%',
    '**',
    '^',
    '==',
    '!=',
    '<',
    '>=',
    'and',
    'or',
    '&&',
    '||',
    'in',
  ],
  ...[
    'matches',
    'contains',
    'startsWith',
    'endsWith',
    '..',
    '|',
    'let',
    '=',
    ';',
    'len(',
    'upper(',
    'all(',
    'map(',
  ],
  ...[
    'filter(',
    'asInt(',
    'toJson(',
    'jsonpath(',
    'sprig.upper(',
    'sprig.contains(',
    'foo(',
    'now(',
    '\\',
    "'",
    '.',
  ],
];
const PAYLOAD = { body: { a: 1, s: 'x', arr: [1, 'x', null], m: { k: 1 } }, header: { H: ['v'] }, 'a-b': 2 };

/** Compile and decide; fail the property on any error that is not one of the two typed ones. */
function run(text: string, payload: unknown): void {
  let filter;
  try {
    filter = compileSourceFilter(text);
  } catch (e) {
    assert.ok(e instanceof SourceFilterSyntaxError, `compile ${JSON.stringify(text)}: ${String(e)}`);
    return;
  }
  try {
    assert.equal(typeof filter.matches(payload), 'boolean');
  } catch (e) {
    assert.ok(e instanceof SourceFilterEvalError, `matches ${JSON.stringify(text)}: ${String(e)}`);
  }
}

describe('filter properties', () => {
  it('token soup never escapes the typed errors', () => {
    const soup = fc.array(fc.constantFrom(...TOKENS), { maxLength: 14 }).map((t) => t.join(' '));
    fc.assert(
      fc.property(soup, (text) => run(text, PAYLOAD)),
      { numRuns: 4000 },
    );
  });

  it('arbitrary text and arbitrary JSON payloads never escape the typed errors', () => {
    const payload = fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v));
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), payload, (text, p) => run(text, p)),
      { numRuns: 3000 },
    );
  });

  it('realistic filters on random payload values never escape the typed errors', () => {
    const exprs = [
      'body.a == 1',
      'body.a > 1 && body.b < 5',
      "body.a in ['x', 'y']",
      'body.a in [1, 2] or body.b != nil',
      "body.a matches '^[a-z]+$'",
      'len(body.a) > 2',
      'all(body.a, # != nil)',
      'body.a?.b?.c == 1',
      'asInt(body.a) > 1',
      "sprig.contains('a', body.a)",
      'body.a + body.b > 0',
      'body.a ?? body.b ?? false',
      'toJson(body) != ""',
      "jsonpath(body.a, '$.x') == 1",
    ];
    const body = fc.dictionary(fc.constantFrom('a', 'b', 'c'), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 });
    fc.assert(
      fc.property(fc.constantFrom(...exprs), body, (e, b) => run(e, { body: b })),
      { numRuns: 3000 },
    );
  });

  it('deep nesting is refused with a syntax error, not a stack overflow', () => {
    for (const text of [
      `${'('.repeat(5000)}1${')'.repeat(5000)}`,
      `${'-'.repeat(5000)}1`,
      `${'['.repeat(5000)}${']'.repeat(5000)}`,
      `1${' ** 1'.repeat(5000)}`,
      `1${' + 1'.repeat(5000)}`,
      `${'!'.repeat(5000)}true`,
    ]) {
      assert.throws(() => compileSourceFilter(text), SourceFilterSyntaxError, text.slice(0, 20));
    }
    assert.equal(compileSourceFilter(`1${' + 1'.repeat(900)} == 901`).matches({}), true);
  });

  it('ranges and repeats are bounded by a memory budget', () => {
    assert.throws(() => compileSourceFilter('len(0..10000000) > 0').matches({}), /memory budget exceeded/);
    assert.throws(
      () => compileSourceFilter("repeat('x', 10000000) == ''").matches({}),
      /memory budget exceeded/,
    );
  });

  it('prepareFilterEnv keeps every key that no other key extends, reachable by its dotted path', () => {
    const key = fc
      .array(fc.constantFrom('a', 'b', 'c-d', ''), { minLength: 1, maxLength: 3 })
      .map((p) => p.join('.'));
    fc.assert(
      fc.property(fc.dictionary(key, fc.integer(), { maxKeys: 6 }), (data) => {
        const env = prepareFilterEnv(data);
        const keys = Object.keys(data).map((k) => k.replaceAll('-', '_'));
        for (const [k, v] of Object.entries(data)) {
          const name = k.replaceAll('-', '_');
          if (keys.some((o) => o !== name && o.startsWith(`${name}.`))) continue;
          if (keys.filter((o) => o === name).length > 1) continue; // collision after '-' → '_'
          let cur: unknown = env;
          for (const seg of name.split('.')) cur = (cur as Record<string, unknown>)[seg];
          assert.equal(cur, v);
        }
      }),
    );
  });

  it('arithmetic, comparison and membership agree with a reference model', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1e6, max: 1e6 }),
        fc.integer({ min: -1e6, max: 1e6 }),
        fc.array(fc.integer({ min: 0, max: 5 })),
        (x, y, arr) => {
          const f = (e: string): unknown =>
            compileSourceFilter(e).evaluate(prepareFilterEnv({ body: { x, y, arr } }));
          assert.equal(f('body.x + body.y * 2'), x + y * 2);
          assert.equal(f('body.x < body.y'), x < y);
          assert.equal(f('body.x in body.arr'), arr.includes(x));
          assert.equal(f(`${x} + ${y} == ${x + y}`), true);
        },
      ),
    );
  });
});
