/**
 * Golden table for the EventSource filter language. Values and types were recorded by running
 * github.com/antonmedv/expr v1.15.5 (the version argo-events pins) with argo's environment (payload
 * expansion, asInt/asFloat/toJson/jsonpath, sprig) on the same expression and payload. Error texts are
 * jetflow's; where they differ from upstream's, upstream's is in a comment above the case.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  compileSourceFilter,
  prepareFilterEnv,
  SourceFilterEvalError,
  SourceFilterSyntaxError,
} from './index.js';

type Want = { value: unknown; type: string } | { compile: string } | { eval: string | RegExp };

const CASES: [string, unknown, Want][] = [
  [
    "(body.id == 4) && (body.name != 'Joe')",
    { body: { id: 4, name: 'John' } },
    { value: true, type: 'bool' },
  ],
  [
    "(body.id == 4) && (body.name != 'Joe')",
    { body: { id: 2, name: 'Johnson' } },
    { value: false, type: 'bool' },
  ],
  ["(id == 1) && (last_name == 'Doe')", { id: 1, last_name: 'Doe' }, { value: true, type: 'bool' }],
  ["(uuid == 'test-case-hyphen')", { uuid: 'test-case-hyphen' }, { value: true, type: 'bool' }],
  ['invalidexpression', { x: 1 }, { value: null, type: '<nil>' }],
  ['a_b == 1 and c.d == 2', { 'a-b': 1, 'c.d': 2, c: 5 }, { value: true, type: 'bool' }],
  ['header.X_Github_Event', { header: { 'X-Github-Event': ['push'] } }, { value: null, type: '<nil>' }],
  [
    "header['X-Github-Event'][0] == 'push'",
    { header: { 'X-Github-Event': ['push'] } },
    { value: true, type: 'bool' },
  ],
  ['body.missing == nil', { body: {} }, { value: true, type: 'bool' }],
  ['missing == 1', { body: {} }, { value: false, type: 'bool' }],
  ['body.x.y', { body: { x: null } }, { eval: 'cannot fetch y from <nil>' }],
  ['body?.x?.y', { body: null }, { value: null, type: '<nil>' }],
  ['body.x?.y.z', { body: {} }, { value: null, type: '<nil>' }],
  ['body.x?.y[0]', { body: {} }, { eval: 'cannot fetch 0 from <nil>' }],
  ['body.arr[-1]', { body: { arr: [1, 2, 3] } }, { value: 3, type: 'float64' }],
  ['body.arr[5]', { body: { arr: [1, 2, 3] } }, { eval: 'reflect: slice index out of range' }],
  ['body.arr[1:]', { body: { arr: [1, 2, 3] } }, { value: [2, 3], type: '[]interface {}' }],
  ['body.a.b', { body: { a: 'str' } }, { eval: 'invalid operation: int(string)' }],
  ['1 + 2 * 3', {}, { value: 7, type: 'int' }],
  ['7 / 2', {}, { value: 3.5, type: 'float64' }],
  ['7 % 2', {}, { value: 1, type: 'int' }],
  ['body.x % 2', { body: { x: 5 } }, { eval: 'invalid operation: float64 % int' }],
  ['5 % 0', {}, { eval: 'integer divide by zero' }],
  ['-2 ** 2', {}, { value: -4, type: 'float64' }],
  ['2 ^ 3 ^ 2', {}, { value: 512, type: 'float64' }],
  ['9223372036854775807 + 1', {}, { value: -9223372036854776000, type: 'int' }],
  ['1_000 + 0x1F + 1.5e2 + .5', {}, { value: 1181.5, type: 'float64' }],
  ['0o17', {}, { compile: 'invalid integer literal: strconv.ParseInt: parsing "0o17": invalid syntax' }],
  ['body.n + 1', { body: { n: null } }, { eval: 'invalid operation: <nil> + int' }],
  ['body.s + 1', { body: { s: 'x' } }, { eval: 'invalid operation: string + int' }],
  ["'x' + 1", {}, { compile: 'invalid operation: + (mismatched types string and int)' }],
  ["'a' + 'b' == 'ab'", {}, { value: true, type: 'bool' }],
  ['body.id == 1', { body: { id: 1 } }, { value: true, type: 'bool' }],
  ['[1, 2] == body.arr', { body: { arr: [1, 2] } }, { value: false, type: 'bool' }],
  ['[1, 2] == [1, 2]', {}, { value: true, type: 'bool' }],
  ['body.id in [1, 2]', { body: { id: 1 } }, { value: true, type: 'bool' }],
  [
    "body.id in ['a', 'b']",
    { body: { id: 1 } },
    { eval: 'reflect.Value.MapIndex: value of type float64 is not assignable to type string' },
  ],
  ["body.s in ['a', 'b']", { body: { s: 'a' } }, { value: true, type: 'bool' }],
  ["nil in {'': 1}", {}, { value: true, type: 'bool' }],
  ["'k' in body.m", { body: { m: { k: 1 } } }, { value: true, type: 'bool' }],
  ['body.id in 1..3', { body: { id: 2 } }, { value: true, type: 'bool' }],
  [
    "body.name not contains 'x' && 'a' not in ['b']",
    { body: { name: 'John' } },
    { value: true, type: 'bool' },
  ],
  ["body.name matches '^J'", { body: { name: 'John' } }, { value: true, type: 'bool' }],
  [
    "body.name matches '('",
    { body: { name: 'John' } },
    { compile: 'error parsing regexp: missing closing ): `(`' },
  ],
  [
    'body.name matches body.re',
    { body: { name: 'John', re: '(' } },
    { eval: 'error parsing regexp: missing closing ): `(`' },
  ],
  [
    "body.name contains 'oh' and body.name startsWith 'J' and body.name endsWith 'n'",
    { body: { name: 'John' } },
    { value: true, type: 'bool' },
  ],
  [
    'body.s and body.t',
    { body: { s: 'x', t: true } },
    { eval: 'interface conversion: interface {} is string, not bool' },
  ],
  ['body.missing.x or true', { body: {} }, { value: true, type: 'bool' }],
  ['true and body.s', { body: { s: 'x' } }, { value: 'x', type: 'string' }],
  ['body.s || false', { body: { s: 'x' } }, { value: 'x', type: 'string' }],
  [
    "not body.s == 'x'",
    { body: { s: 'x' } },
    { compile: 'invalid operation: == (mismatched types bool and string)' },
  ],
  ['!body.s', { body: { s: 'x' } }, { eval: 'interface conversion: interface {} is string, not bool' }],
  ['-body.s', { body: { s: 'x' } }, { eval: 'invalid operation: - string' }],
  ["body.a ?? 'd'", { body: {} }, { value: 'd', type: 'string' }],
  [
    '1 ?? 2 + 3',
    {},
    { compile: 'Operator (+) and coalesce expressions (??) cannot be mixed. Wrap either by parentheses.' },
  ],
  ['true ? 1 : 2', {}, { value: 1, type: 'int' }],
  [
    'body.s ? 1 : 2',
    { body: { s: 'x' } },
    { eval: 'interface conversion: interface {} is string, not bool' },
  ],
  [
    "'a' < 'b' && 1 < 2.5 && 'a' < 1",
    {},
    { compile: 'invalid operation: < (mismatched types string and int)' },
  ],
  ["'abc'[1]", {}, { compile: 'unexpected token Bracket("[")' }],
  ["{'a': 1}.a", {}, { value: 1, type: 'int' }],
  ['$env.body.a', { body: { a: 1 } }, { value: 1, type: 'float64' }],
  ['let x = 1; x + 1', {}, { value: 2, type: 'int' }],
  ['body.a == 1 /* c */ // x', { body: { a: 1 } }, { value: true, type: 'bool' }],
  ["'\\u00e9\\x41\\101\\n' == 'éAA\\n'", {}, { value: true, type: 'bool' }],
  ['all(body.arr, {# > 0})', { body: { arr: [1, 2] } }, { value: true, type: 'bool' }],
  ["any(body.arr, .name == 'x')", { body: { arr: [{ name: 'x' }] } }, { value: true, type: 'bool' }],
  ['filter(body.arr, # > 1)', { body: { arr: [1, 2, 3] } }, { value: [2, 3], type: '[]interface {}' }],
  ['map(body.arr, # * 2)', { body: { arr: [1, 2, 3] } }, { value: [2, 4, 6], type: '[]interface {}' }],
  ['map(1..3, {# * #index})', {}, { value: [0, 2, 6], type: '[]interface {}' }],
  ['filter(body.arr, #index > 0)', { body: { arr: [1, 2, 3] } }, { compile: 'unknown pointer #index' }],
  ['count(body.arr, # > 1)', { body: { arr: [1, 2, 3] } }, { value: 2, type: 'int' }],
  ['findIndex([1, 2, 3], # > 5)', {}, { value: null, type: '<nil>' }],
  ['one([1,2,3], # > 2) && none([1,2], # > 5)', {}, { value: true, type: 'bool' }],
  ['body.arr | filter(# > 1) | len()', { body: { arr: [1, 2, 3] } }, { value: 2, type: 'int' }],
  ["len('é')", {}, { value: 2, type: 'int' }],
  ["indexOf('héllo', 'l')", {}, { value: 3, type: 'int' }],
  ["upper('ß') + lower('ÀB')", {}, { value: 'ßàb', type: 'string' }],
  [
    'string(1.5) + string(2) + string(nil) + string(body)',
    { body: { b: [1] } },
    { value: '1.52<nil>map[b:[1]]', type: 'string' },
  ],
  ['string(1000000.0)', {}, { value: '1e+06', type: 'string' }],
  ["int('12') + int(3.9) + int(-3.9)", {}, { value: 12, type: 'int' }],
  ["int('1.5')", {}, { eval: 'invalid operation: int(1.5)' }],
  ["float('1e3')", {}, { value: 1000, type: 'float64' }],
  ['asInt(body.x)', { body: { x: '12' } }, { value: 12, type: 'int' }],
  ['asInt(body.x) == 12', { body: { x: 12.7 } }, { value: true, type: 'bool' }],
  ['asFloat(body.x) > 1', { body: { x: '1.5' } }, { value: true, type: 'bool' }],
  ["split('a,b,,c', ',')", {}, { value: ['a', 'b', '', 'c'], type: '[]string' }],
  ["split('a,b,c', ',', 2)", {}, { value: ['a', 'b,c'], type: '[]string' }],
  ["join(['a', 'b'], '-')", {}, { value: 'a-b', type: 'string' }],
  ["trim('  x  ') + trim('__x__', '_')", {}, { value: 'xx', type: 'string' }],
  ["replace('aaa', 'a', 'b')", {}, { value: 'bbb', type: 'string' }],
  [
    "type(1) + type(1.5) + type('') + type(nil) + type([]) + type({}) + type(true)",
    {},
    { value: 'intfloatstringnilarraymapbool', type: 'string' },
  ],
  ['abs(-3) + abs(-2.5)', {}, { value: 5.5, type: 'float64' }],
  ['round(2.5) + round(-2.5) + ceil(1.2) + floor(-1.2)', {}, { value: 0, type: 'float64' }],
  ['max(1, 2.5, 2) + min(3, 1)', {}, { value: 3.5, type: 'float64' }],
  ['sum([1, 2, 3])', {}, { value: 6, type: 'int' }],
  ['mean([1, 2, 4]) + median([3, 1, 2])', {}, { value: 4.333333333333334, type: 'float64' }],
  ["first([]) ?? 'none'", {}, { value: 'none', type: 'string' }],
  ["get(body, 'x') ?? get([1], 5) ?? 'n'", { body: {} }, { value: 'n', type: 'string' }],
  ["toBase64('hi') + fromBase64('aGk=')", {}, { value: 'aGk=hi', type: 'string' }],
  ['fromJSON(\'{"a":1}\').a', {}, { value: 1, type: 'float64' }],
  [
    "toJson({'a': 1, 'b': [1.5, 'x<'], 'c': nil, 'd': 1e21, 'e': 0.0000001})",
    {},
    { value: '{"a":1,"b":[1.5,"x\\u003c"],"c":null,"d":1e+21,"e":1e-7}', type: 'string' },
  ],
  ["toJSON({'a': 1, 'b': [1.5]})", {}, { value: '{\n  "a": 1,\n  "b": [\n    1.5\n  ]\n}', type: 'string' }],
  ['toJson(body)', { body: { b: [1, 2], a: 'x' } }, { value: '{"a":"x","b":[1,2]}', type: 'string' }],
  ["sprig.upper(body.s) == 'X'", { body: { s: 'x' } }, { value: true, type: 'bool' }],
  ["sprig.contains('oh', body.name)", { body: { name: 'John' } }, { value: true, type: 'bool' }],
  [
    "sprig.hasPrefix('Jo', body.name) && sprig.hasSuffix('hn', body.name)",
    { body: { name: 'John' } },
    { value: true, type: 'bool' },
  ],
  ["sprig.replace('a', 'b', 'banana')", {}, { value: 'bbnbnb', type: 'string' }],
  ["sprig.trim('  x ')", {}, { value: 'x', type: 'string' }],
  ['sprig.upper(body.a)', { body: { a: 1 } }, { eval: 'reflect: Call using float64 as type string' }],
  ['sprig.upper(nil)', {}, { eval: 'reflect: Call using interface {} as type string' }],
  ["sprig.repeat(2, 'ab')", {}, { value: 'abab', type: 'string' }],
  ["sprig.repeat(body.a, 'ab')", { body: { a: 2 } }, { eval: 'reflect: Call using float64 as type int' }],
  ["jsonpath(body.doc, '$.a.b[1]')", { body: { doc: '{"a":{"b":[1,2]}}' } }, { value: 2, type: 'float64' }],
  [
    "jsonpath(body.doc, '$.items[?(@.ok == true)].name')",
    { body: { doc: '{"items":[{"name":"x","ok":true},{"name":"y","ok":false}]}' } },
    { value: ['x'], type: '[]interface {}' },
  ],
  [
    "jsonpath(body.doc, '$.missing')",
    { body: { doc: '{}' } },
    { eval: "key: invalid token key 'missing' not found" },
  ],
  // upstream: invalid character 'o' in literal null (expecting 'u')
  ["jsonpath(body.doc, '$.a')", { body: { doc: 'not json' } }, { eval: /^jsonpath: invalid JSON/ }],
  ["'x' != 0", {}, { compile: 'invalid operation: != (mismatched types string and int)' }],
  ['+true', {}, { compile: 'invalid operation: + (mismatched type bool)' }],
  ['first(false)', {}, { compile: 'cannot get first element from bool' }],
  ['len(1)', {}, { compile: 'invalid argument for len (type int)' }],
  ["max('a', 'b')", {}, { compile: 'invalid argument for max (type string)' }],
  ['filter(body.m, true)', { body: { m: {} } }, { value: [], type: '[]interface {}' }],
  ["'a' in [1, 2]", {}, { compile: 'cannot use string as type int in array' }],
  ['x.y', { 'x.y': 'dot' }, { value: 'dot', type: 'string' }],
  ['1 +', {}, { compile: 'unexpected token EOF' }],
  ['(1', {}, { compile: 'unexpected token EOF' }],
  ['1 @ 2', {}, { compile: "unrecognized character: U+0040 '@'" }],
  ["'unterminated", {}, { compile: 'literal not terminated' }],
  ['a.', { a: 1 }, { compile: 'unexpected end of expression' }],
  ['#', {}, { compile: 'cannot use pointer accessor outside closure' }],
  ['foo bar', {}, { compile: 'unexpected token Identifier("bar")' }],
  ['body.a == 1 b', { body: { a: 1 } }, { compile: 'unexpected token Identifier("b")' }],
];

/** Go type of a result, as the golden data names it. */
function goType(v: unknown): string {
  if (v === null) return '<nil>';
  if (typeof v === 'bigint') return 'int';
  if (typeof v === 'number') return 'float64';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'string') return 'string';
  return Array.isArray(v) ? 'array' : 'map';
}
const plain = (v: unknown): unknown =>
  typeof v === 'bigint'
    ? Number(v)
    : Array.isArray(v)
      ? v.map(plain)
      : v && typeof v === 'object'
        ? { ...v }
        : v;
const stripLocation = (m: string): string => m.replace(/ \(\d+:\d+\)$/, '');

describe('expr-lang golden table', () => {
  for (const [expr, data, want] of CASES) {
    it(`${JSON.stringify(expr)} on ${JSON.stringify(data)}`, () => {
      if ('compile' in want) {
        assert.throws(
          () => compileSourceFilter(expr),
          (e: unknown) => e instanceof SourceFilterSyntaxError && stripLocation(e.message) === want.compile,
        );
        return;
      }
      const filter = compileSourceFilter(expr);
      const env = prepareFilterEnv(JSON.stringify(data));
      if ('eval' in want) {
        assert.throws(
          () => filter.evaluate(env),
          (e: unknown) =>
            e instanceof SourceFilterEvalError &&
            (typeof want.eval === 'string'
              ? stripLocation(e.message) === want.eval
              : want.eval.test(e.message)),
        );
        return;
      }
      const got = filter.evaluate(env);
      const type = want.type.startsWith('[]') ? 'array' : want.type.startsWith('map') ? 'map' : want.type;
      assert.equal(goType(got), type);
      assert.deepEqual(plain(got), want.value);
    });
  }
});
