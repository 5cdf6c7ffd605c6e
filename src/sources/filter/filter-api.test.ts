/**
 * The filter's contract with its caller (spec/eventsource.md §2.3): payload preparation, typed errors
 * for every way a decision can fail, compile-time rejection of unknown functions, and the helpers.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  compileSourceFilter,
  prepareFilterEnv,
  SourceFilterEvalError,
  SourceFilterSyntaxError,
  SPRIG_FUNCTIONS,
} from './index.js';

const evalError = (kind: string, text?: RegExp) => (e: unknown) =>
  e instanceof SourceFilterEvalError && e.kind === kind && (!text || text.test(e.message));
const syntaxError = (text: RegExp) => (e: unknown) =>
  e instanceof SourceFilterSyntaxError && text.test(e.message);

describe('prepareFilterEnv', () => {
  it('expands dotted keys and drops the less specific key (argo TestExpand)', () => {
    const env = prepareFilterEnv({ 'a.b': 1, 'a.c.d': 2, a: 3, ab: 4, abb: 5 });
    assert.deepEqual(JSON.parse(JSON.stringify(env)), { a: { b: 1, c: { d: 2 } }, ab: 4, abb: 5 });
  });

  it("replaces '-' with '_' in top-level keys only", () => {
    const env = prepareFilterEnv('{"x-y": {"a-b": 1}, "h": 2}');
    assert.deepEqual(JSON.parse(JSON.stringify(env)), { x_y: { 'a-b': 1 }, h: 2 });
  });

  it('accepts JSON text, bytes and decoded objects; null is an empty environment', () => {
    assert.deepEqual(Object.keys(prepareFilterEnv(Buffer.from('{"a":1}'))), ['a']);
    assert.deepEqual(Object.keys(prepareFilterEnv(new TextEncoder().encode('{"b":1}'))), ['b']);
    assert.deepEqual(Object.keys(prepareFilterEnv('null')), []);
    assert.deepEqual(Object.keys(prepareFilterEnv(undefined)), []);
  });

  it('refuses payloads that are not JSON objects', () => {
    assert.throws(() => prepareFilterEnv('[1]'), evalError('payload', /cannot unmarshal array/));
    assert.throws(() => prepareFilterEnv('"s"'), evalError('payload', /cannot unmarshal string/));
    assert.throws(() => prepareFilterEnv('{'), evalError('payload', /failed to unmarshal data/));
  });

  it('is deterministic where upstream depends on Go map order', () => {
    // "a-b" and "a_b" collide: the key sorting last ("a_b") wins; ".x" nests under "".
    const env = prepareFilterEnv({ a_b: 2, 'a-b': 1, '.x': 3 });
    assert.equal(env.a_b, 2);
    assert.deepEqual(JSON.parse(JSON.stringify(env[''])), { x: 3 });
  });

  it('helper names hide payload keys of the same name', () => {
    const env = prepareFilterEnv({ toJson: 1, sprig: 2, keep: 3 });
    assert.deepEqual(Object.keys(env), ['keep']);
  });
});

describe('compileSourceFilter().matches', () => {
  const webhook = { header: { 'Content-Type': ['application/json'] }, body: { message: 'hello', n: 3 } };

  it('decides on a webhook-shaped payload', () => {
    assert.equal(
      compileSourceFilter("body.message == 'hello' && body.n > 2").matches(JSON.stringify(webhook)),
      true,
    );
    assert.equal(compileSourceFilter('body.n > 3').matches(webhook), false);
    assert.equal(compileSourceFilter("header['Content-Type'][0] contains 'json'").matches(webhook), true);
  });

  it('a non-boolean result is a typed error (the event is skipped)', () => {
    assert.throws(
      () => compileSourceFilter('body.message').matches(webhook),
      evalError('non-boolean', /unable to cast expression result 'hello' to bool/),
    );
    assert.throws(
      () => compileSourceFilter('body.missing').matches(webhook),
      evalError('non-boolean', /'<nil>'/),
    );
  });

  it('evaluation failures carry the location of the failing node', () => {
    try {
      compileSourceFilter('true && body.message + 1 > 0').matches(webhook);
      assert.fail('no error');
    } catch (e) {
      assert.ok(e instanceof SourceFilterEvalError && e.kind === 'evaluation');
      assert.deepEqual(e.location, { line: 1, column: 22 });
      assert.match(e.message, /invalid operation: string \+ int \(1:22\)/);
    }
  });

  it('a payload that is not an object is a typed error', () => {
    assert.throws(() => compileSourceFilter('true').matches('[1,2]'), evalError('payload'));
  });

  it('the compiled filter is reusable and independent of earlier events', () => {
    const f = compileSourceFilter('body.n in [1, 2, 3] ? true : false');
    assert.equal(f.matches({ body: { n: 2 } }), true);
    assert.equal(f.matches({ body: { n: 5 } }), false);
    assert.equal(f.expression, 'body.n in [1, 2, 3] ? true : false');
  });
});

describe('compile-time errors', () => {
  it('names unknown functions', () => {
    assert.throws(() => compileSourceFilter('foo(body.a)'), syntaxError(/^unknown function foo \(1:1\)$/));
    assert.throws(() => compileSourceFilter('body.a | bar()'), syntaxError(/unknown function bar/));
    assert.throws(
      () => compileSourceFilter('sprig.nope("x")'),
      syntaxError(/unknown function sprig\.nope \(jetflow provides sprig\.b64dec/),
    );
    assert.throws(
      () => compileSourceFilter('body.x.method()'),
      syntaxError(/only builtins, asInt, asFloat, jsonpath, toJson and sprig/),
    );
  });

  it('names upstream builtins jetflow does not provide', () => {
    for (const call of ['now()', 'date("2023-01-01")', 'duration("1h")', 'sort([1])', 'reduce([1], #)']) {
      assert.throws(
        () => compileSourceFilter(call),
        syntaxError(/is not supported by jetflow's filter language/),
      );
    }
  });

  it('checks argument counts', () => {
    assert.throws(() => compileSourceFilter('asInt()'), syntaxError(/not enough arguments to call asInt/));
    assert.throws(
      () => compileSourceFilter('sprig.upper("a", "b")'),
      syntaxError(/too many arguments to call sprig\.upper/),
    );
    assert.throws(
      () => compileSourceFilter('len()'),
      syntaxError(/invalid number of arguments \(expected 1, got 0\)/),
    );
  });

  it('compiles constant regular expressions once, with Go syntax', () => {
    assert.throws(
      () => compileSourceFilter("body.s matches '(?=x)'"),
      syntaxError(/invalid or unsupported Perl syntax/),
    );
    assert.equal(
      compileSourceFilter("body.s matches '(?i)^A\\\\pL+$'").matches({ body: { s: 'abc' } }),
      true,
    );
  });

  it('reports syntax errors with a 1-based line and column', () => {
    try {
      compileSourceFilter('body.a ==\n  == 1');
      assert.fail('no error');
    } catch (e) {
      assert.ok(e instanceof SourceFilterSyntaxError);
      assert.deepEqual(e.location, { line: 2, column: 3 });
    }
  });
});

describe('helpers', () => {
  const run = (expr: string, data: unknown = {}): unknown =>
    compileSourceFilter(expr).evaluate(prepareFilterEnv(data));

  it('sprig functions (argument order as in sprig)', () => {
    const cases: [string, unknown][] = [
      ["sprig.trimAll('_', '__x__')", 'x'],
      ["sprig.trimPrefix('a', 'abc') + sprig.trimSuffix('c', 'abc')", 'bcab'],
      ["sprig.nospace(' a b\\tc ')", 'abc'],
      ["sprig.substr(1, 3, 'hello')", 'el'],
      ["sprig.regexMatch('^[a-z]+$', 'abc') && !sprig.regexMatch('(', 'abc')", true],
      ["sprig.b64dec(sprig.b64enc('hé'))", 'hé'],
      ['sprig.toString(1.5) + sprig.toString(nil)', '1.5<nil>'],
      ["sprig.empty('') && sprig.empty(0) && sprig.empty([]) && !sprig.empty('x')", true],
      ["sprig.default('d', '') + sprig.default('d', 'v')", 'dv'],
      ["sprig.coalesce(nil, '', 'x', 'y')", 'x'],
      ["sprig.ternary('yes', 'no', 1 > 0)", 'yes'],
      ["sprig.lower('ÀB') + sprig.upper('é')", 'àbÉ'],
    ];
    for (const [expr, want] of cases) assert.deepEqual(run(expr), want, expr);
    assert.ok(SPRIG_FUNCTIONS.includes('contains') && SPRIG_FUNCTIONS.includes('replace'));
  });

  it('jsonpath subset', () => {
    const doc = JSON.stringify({
      items: [
        { id: 1, tags: ['a'] },
        { id: 2, tags: ['b', 'c'] },
      ],
      'odd key': true,
    });
    const q = (path: string): unknown =>
      run(`jsonpath(body.doc, ${JSON.stringify(path)})`, { body: { doc } });
    assert.equal(q('$.items[1].id'), 2);
    assert.deepEqual(q('$.items[*].id'), [1, 2]);
    assert.deepEqual(q('$..tags[0]'), ['a', 'b']);
    assert.deepEqual(q('$.items[?(@.id > 1)].id'), [2]);
    assert.deepEqual(q('$.items[-1:]'), [{ id: 2, tags: ['b', 'c'] }]);
    assert.equal(q("$['odd key']"), true);
    assert.equal(q('$.items.length'), 2);
    assert.throws(() => q('$.items[5].id'), evalError('evaluation', /index 5 out of range/));
    assert.throws(() => run('jsonpath(1, "$")'), evalError('evaluation', /Call using int as type string/));
  });

  it('toJson matches Go encoding/json (sorted keys, HTML-safe, "" on NaN)', () => {
    assert.equal(
      run("toJson({'b': '<&>', 'a': [1, 2.5, nil]})"),
      '{"a":[1,2.5,null],"b":"\\u003c\\u0026\\u003e"}',
    );
    assert.equal(run('toJson(0 / 0)'), '');
  });
});
