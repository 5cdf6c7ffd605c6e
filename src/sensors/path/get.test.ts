/**
 * Golden table for GJSON lookups. Every expected value below was produced by github.com/tidwall/gjson
 * (source of 2024-10, v1.18; argo-events pins v1.19) on the same document, so a change in behaviour fails here.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { getPath, getPathText, resultString } from './index.js';

const DOC =
  '{"name":{"first":"Tom","last":"Anderson"},"age":37,"children":["Sara","Alex","Jack"],"fav.movie":"Deer Hunter","friends":[{"first":"Dale","last":"Murphy","age":44,"nets":["ig","fb","tw"]},{"first":"Roger","last":"Craig","age":68,"nets":["fb","tw"]},{"first":"Jane","last":"Murphy","age":47,"nets":["ig","tw"]}],"n":1.50,"big":12345678901234567890,"neg":-0.0000012,"e":1e21,"t":true,"f":false,"z":null,"s":"a\\"b\\u00e9<>","arr":[1,[2,[3,4]],{"k":"v"}],"obj":{"a":1,"a":2,"b":{"c":[{"d":1},{"d":2}]}},"empty":{},"ea":[],"sp":" x ","nu":"ü"}';
const GET_CASES: Array<[path: string, why: string, exists: boolean, type: string, raw: string, str: string]> =
  [
    ['name.last', 'dot path', true, 'String', '"Anderson"', 'Anderson'],
    ['age', 'integer stays as written', true, 'Number', '37', '37'],
    ['children', 'array raw', true, 'JSON', '["Sara","Alex","Jack"]', '["Sara","Alex","Jack"]'],
    ['children.#', 'array length', true, 'Number', '3', '3'],
    ['children.1', 'index', true, 'String', '"Alex"', 'Alex'],
    ['child*.2', 'star wildcard', true, 'String', '"Jack"', 'Jack'],
    ['c?ildren.0', 'question wildcard', true, 'String', '"Sara"', 'Sara'],
    ['fav\\.movie', 'escaped dot', true, 'String', '"Deer Hunter"', 'Deer Hunter'],
    ['friends.#.first', 'map over array', true, 'JSON', '["Dale","Roger","Jane"]', '["Dale","Roger","Jane"]'],
    ['friends.#(last=="Murphy").first', 'first query match', true, 'String', '"Dale"', 'Dale'],
    [
      'friends.#(last=="Murphy")#.first',
      'all query matches',
      true,
      'JSON',
      '["Dale","Jane"]',
      '["Dale","Jane"]',
    ],
    ['friends.#(age>45)#.last', 'numeric query', true, 'JSON', '["Craig","Murphy"]', '["Craig","Murphy"]'],
    ['friends.#(first%"D*").last', 'like query', true, 'String', '"Murphy"', 'Murphy'],
    [
      'friends.#(first!%"D*")#.last',
      'not-like query',
      true,
      'JSON',
      '["Craig","Murphy"]',
      '["Craig","Murphy"]',
    ],
    [
      'friends.#(nets.#(=="fb"))#.first',
      'nested query',
      true,
      'JSON',
      '["Dale","Roger"]',
      '["Dale","Roger"]',
    ],
    ['friends.#(age>=47)#.first', '>= query', true, 'JSON', '["Roger","Jane"]', '["Roger","Jane"]'],
    ['friends.#(age<=44).first', '<= query', true, 'String', '"Dale"', 'Dale'],
    ['friends.#(last!=Murphy)#.first', '!= with bare value', true, 'JSON', '["Roger"]', '["Roger"]'],
    ['friends.#(age>"40").first', 'number vs quoted value', true, 'String', '"Dale"', 'Dale'],
    ['children.#(=="Alex")', 'query on scalars', true, 'String', '"Alex"', 'Alex'],
    ['children.#(<="Alex")#', 'string order query', true, 'JSON', '["Alex"]', '["Alex"]'],
    [
      'friends.#(first)#.first',
      'existence query',
      true,
      'JSON',
      '["Dale","Roger","Jane"]',
      '["Dale","Roger","Jane"]',
    ],
    ['friends.#(nope)#', 'no match gives empty array', true, 'JSON', '[]', '[]'],
    ['friends.#(nope)', 'no match: not found', false, 'Null', '', ''],
    ['children|@reverse', '@reverse array', true, 'JSON', '["Jack","Alex","Sara"]', '["Jack","Alex","Sara"]'],
    ['children|@reverse|0', 'pipe after modifier', true, 'String', '"Jack"', 'Jack'],
    [
      '@reverse',
      '@reverse object',
      true,
      'JSON',
      '{"nu":"ü","sp":" x ","ea":[],"empty":{},"obj":{"a":1,"a":2,"b":{"c":[{"d":1},{"d":2}]}},"arr":[1,[2,[3,4]],{"k":"v"}],"s":"a\\"b\\u00e9<>","z":null,"f":false,"t":true,"e":1e21,"neg":-0.0000012,"big":12345678901234567890,"n":1.50,"friends":[{"first":"Dale","last":"Murphy","age":44,"nets":["ig","fb","tw"]},{"first":"Roger","last":"Craig","age":68,"nets":["fb","tw"]},{"first":"Jane","last":"Murphy","age":47,"nets":["ig","tw"]}],"fav.movie":"Deer Hunter","children":["Sara","Alex","Jack"],"age":37,"name":{"first":"Tom","last":"Anderson"}}',
      '{"nu":"ü","sp":" x ","ea":[],"empty":{},"obj":{"a":1,"a":2,"b":{"c":[{"d":1},{"d":2}]}},"arr":[1,[2,[3,4]],{"k":"v"}],"s":"a\\"b\\u00e9<>","z":null,"f":false,"t":true,"e":1e21,"neg":-0.0000012,"big":12345678901234567890,"n":1.50,"friends":[{"first":"Dale","last":"Murphy","age":44,"nets":["ig","fb","tw"]},{"first":"Roger","last":"Craig","age":68,"nets":["fb","tw"]},{"first":"Jane","last":"Murphy","age":47,"nets":["ig","tw"]}],"fav.movie":"Deer Hunter","children":["Sara","Alex","Jack"],"age":37,"name":{"first":"Tom","last":"Anderson"}}',
    ],
    ['name|@keys', '@keys', true, 'JSON', '["first","last"]', '["first","last"]'],
    ['name|@values', '@values', true, 'JSON', '["Tom","Anderson"]', '["Tom","Anderson"]'],
    ['arr|@flatten', '@flatten', true, 'JSON', '[1,2,[3,4],{"k":"v"}]', '[1,2,[3,4],{"k":"v"}]'],
    [
      'arr|@flatten:{"deep":true}',
      '@flatten deep',
      true,
      'JSON',
      '[1,2,3,4,{"k":"v"}]',
      '[1,2,3,4,{"k":"v"}]',
    ],
    [
      '@this.name',
      '@this then path',
      true,
      'JSON',
      '{"first":"Tom","last":"Anderson"}',
      '{"first":"Tom","last":"Anderson"}',
    ],
    [
      'name.@reverse',
      'modifier after dot',
      true,
      'JSON',
      '{"last":"Anderson","first":"Tom"}',
      '{"last":"Anderson","first":"Tom"}',
    ],
    [
      'name|@pretty',
      '@pretty',
      true,
      'JSON',
      '{\n  "first": "Tom",\n  "last": "Anderson"\n}\n',
      '{\n  "first": "Tom",\n  "last": "Anderson"\n}\n',
    ],
    [
      'obj|@ugly',
      '@ugly',
      true,
      'JSON',
      '{"a":1,"a":2,"b":{"c":[{"d":1},{"d":2}]}}',
      '{"a":1,"a":2,"b":{"c":[{"d":1},{"d":2}]}}',
    ],
    [
      'obj.b|@tostr',
      '@tostr',
      true,
      'String',
      '"{\\"c\\":[{\\"d\\":1},{\\"d\\":2}]}"',
      '{"c":[{"d":1},{"d":2}]}',
    ],
    [
      'friends|@join',
      '@join',
      true,
      'JSON',
      '{"first":"Jane","last":"Murphy","age":47,"nets":["ig","tw"]}',
      '{"first":"Jane","last":"Murphy","age":47,"nets":["ig","tw"]}',
    ],
    ['s|@valid', '@valid', true, 'String', '"a\\"b\\u00e9<>"', 'a"bé<>'],
    [
      '{name.first,age,"the_murphys":friends.#(last=="Murphy")#.first}',
      'object multipath',
      true,
      'JSON',
      '{"first":"Tom","age":37,"the_murphys":["Dale","Jane"]}',
      '{"first":"Tom","age":37,"the_murphys":["Dale","Jane"]}',
    ],
    ['[name.first,age,missing]', 'array multipath skips missing', true, 'JSON', '["Tom",37]', '["Tom",37]'],
    [
      '{"a":name.first,b:age}',
      'named multipath keys',
      true,
      'JSON',
      '{"a":"Tom","b":37}',
      '{"a":"Tom","b":37}',
    ],
    ['n', 'float keeps raw, String() reformats', true, 'Number', '1.50', '1.5'],
    ['big', 'big integer exact', true, 'Number', '12345678901234567890', '12345678901234567890'],
    ['neg', 'small float without exponent', true, 'Number', '-0.0000012', '-0.0000012'],
    ['e', '1e21 String() expands', true, 'Number', '1e21', '1000000000000000000000'],
    ['t', 'true', true, 'True', 'true', 'true'],
    ['f', 'false', true, 'False', 'false', 'false'],
    ['z', 'null exists', true, 'Null', 'null', ''],
    ['missing', 'missing does not exist', false, 'Null', '', ''],
    ['z.x', 'path through null', false, 'Null', '', ''],
    ['s', 'escapes decoded', true, 'String', '"a\\"b\\u00e9<>"', 'a"bé<>'],
    ['arr.1.1.0', 'nested arrays', true, 'Number', '3', '3'],
    ['arr.2.k', 'object in array', true, 'String', '"v"', 'v'],
    ['obj.a', 'duplicate key: first wins', true, 'Number', '1', '1'],
    ['obj.b.c.#.d', 'map inside', true, 'JSON', '[1,2]', '[1,2]'],
    ['obj.*.c', 'wildcard then key', true, 'JSON', '[{"d":1},{"d":2}]', '[{"d":1},{"d":2}]'],
    ['empty', 'empty object', true, 'JSON', '{}', '{}'],
    ['ea.#', 'empty array length', true, 'Number', '0', '0'],
    ['sp', 'spaces kept', true, 'String', '" x "', ' x '],
    ['!true', 'static true', true, 'True', 'true', 'true'],
    ['!{"a":1}', 'static object', true, 'JSON', '{"a":1}', '{"a":1}'],
    ['!42', 'static number', true, 'Number', '42', '42'],
    ['children.-1', 'negative index not supported', false, 'Null', '', ''],
    ['children.3', 'index past end', false, 'Null', '', ''],
    ['children.01', 'leading zero is not an index', true, 'String', '"Alex"', 'Alex'],
    ['name.', 'trailing dot', false, 'Null', '', ''],
    ['', 'empty path', false, 'Null', '', ''],
    ['friends.#.nets.#', 'lengths of each', true, 'JSON', '[3,2,2]', '[3,2,2]'],
    ['friends.#(age>40)#|#', 'count of matches', true, 'Number', '3', '3'],
    ['friends.#(age==44.0).first', 'numeric equality', true, 'String', '"Dale"', 'Dale'],
    [
      'friends.#(t==~false)#.first',
      'tilde false matches missing',
      true,
      'JSON',
      '["Dale","Roger","Jane"]',
      '["Dale","Roger","Jane"]',
    ],
    ['@dig:d', '@dig', true, 'JSON', '[1,2]', '[1,2]'],
    [
      '..0',
      'JSON lines index',
      true,
      'JSON',
      '{"name":{"first":"Tom","last":"Anderson"},"age":37,"children":["Sara","Alex","Jack"],"fav.movie":"Deer Hunter","friends":[{"first":"Dale","last":"Murphy","age":44,"nets":["ig","fb","tw"]},{"first":"Roger","last":"Craig","age":68,"nets":["fb","tw"]},{"first":"Jane","last":"Murphy","age":47,"nets":["ig","tw"]}],"n":1.50,"big":12345678901234567890,"neg":-0.0000012,"e":1e21,"t":true,"f":false,"z":null,"s":"a\\"b\\u00e9<>","arr":[1,[2,[3,4]],{"k":"v"}],"obj":{"a":1,"a":2,"b":{"c":[{"d":1},{"d":2}]}},"empty":{},"ea":[],"sp":" x ","nu":"ü"}',
      '{"name":{"first":"Tom","last":"Anderson"},"age":37,"children":["Sara","Alex","Jack"],"fav.movie":"Deer Hunter","friends":[{"first":"Dale","last":"Murphy","age":44,"nets":["ig","fb","tw"]},{"first":"Roger","last":"Craig","age":68,"nets":["fb","tw"]},{"first":"Jane","last":"Murphy","age":47,"nets":["ig","tw"]}],"n":1.50,"big":12345678901234567890,"neg":-0.0000012,"e":1e21,"t":true,"f":false,"z":null,"s":"a\\"b\\u00e9<>","arr":[1,[2,[3,4]],{"k":"v"}],"obj":{"a":1,"a":2,"b":{"c":[{"d":1},{"d":2}]}},"empty":{},"ea":[],"sp":" x ","nu":"ü"}',
    ],
    ['name.first|@tostr|@fromstr', 'tostr/fromstr round trip', true, 'String', '"Tom"', 'Tom'],
    ['nu', 'unicode key', true, 'String', '"ü"', 'ü'],
  ];

void describe('getPathText golden table (gjson)', () => {
  for (const [path, why, exists, type, raw, str] of GET_CASES) {
    void it(`${why}: ${JSON.stringify(path)}`, () => {
      const r = getPathText(DOC, path);
      assert.deepEqual(
        { exists: r.exists, type: r.type, raw: r.raw, str: r.str },
        { exists, type, raw, str },
      );
    });
  }
});

void describe('getPath on parsed values', () => {
  const doc = { a: { b: [1, 2.5, 'x', null, true], c: { d: 1000000 } }, e: 'é' };

  void it('distinguishes a present null from a missing key', () => {
    assert.deepEqual(getPath(doc, 'a.b.3'), {
      exists: true,
      value: null,
      raw: 'null',
      type: 'Null',
      str: '',
    });
    assert.deepEqual(getPath(doc, 'a.x'), { exists: false, value: null, raw: '', type: 'Null', str: '' });
  });

  void it('returns Value() forms: float numbers, objects, arrays', () => {
    assert.deepEqual(getPath(doc, 'a.c').value, { d: 1000000 });
    assert.deepEqual(getPath(doc, 'a.b').value, [1, 2.5, 'x', null, true]);
    assert.equal(getPath(doc, 'a.b.1').value, 2.5);
    assert.equal(getPath(doc, 'a.b.#').value, 5);
  });

  void it('keeps the first of duplicate keys in Value(), as gjson', () => {
    assert.deepEqual(getPathText('{"o":{"k":1,"k":2}}', 'o').value, { k: 1 });
  });

  void it('does not let a __proto__ key touch the prototype', () => {
    const v = getPathText('{"o":{"__proto__":{"polluted":1}}}', 'o').value as Record<string, unknown>;
    assert.equal(Object.getPrototypeOf(v), Object.prototype);
    assert.deepEqual(Object.keys(v), ['__proto__']);
  });

  void it('keeps big integers exact from text but not from parsed values', () => {
    assert.equal(getPathText('{"id":1234567890123456789}', 'id').str, '1234567890123456789');
    assert.equal(getPath({ id: 2 ** 60 + 1 }, 'id').str, '1152921504606847000');
  });

  void it('finds nothing in undefined or scalar documents', () => {
    assert.equal(getPath(undefined, 'a').exists, false);
    assert.equal(getPath('text', 'a').exists, false);
    assert.equal(getPath('text', '@this').str, 'text');
  });

  void it('accepts UTF-8 bytes', () => {
    assert.equal(getPathText(Buffer.from('{"k":"ü"}'), 'k').str, 'ü');
  });
});

void describe('resultString (gjson Result.String on values)', () => {
  const cases: Array<[unknown, string]> = [
    ['hello', 'hello'],
    [42, '42'],
    [-0.5, '-0.5'],
    [1e21, '1000000000000000000000'],
    [1.5e-7, '0.00000015'],
    [true, 'true'],
    [false, 'false'],
    [null, ''],
    [undefined, ''],
    [{ a: [1, 'x'] }, '{"a":[1,"x"]}'],
    [[], '[]'],
  ];
  for (const [value, want] of cases) {
    void it(`${JSON.stringify(value) ?? 'undefined'} -> ${JSON.stringify(want)}`, () =>
      assert.equal(resultString(value), want));
  }
});
