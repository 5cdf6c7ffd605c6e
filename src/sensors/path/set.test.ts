/**
 * Golden table for SJSON writes: expected outputs and error messages were produced by
 * github.com/tidwall/sjson (current source; argo-events pins v1.2.5, same algorithm) on the same inputs.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_SET_INDEX, PathError, setPath, setPathText, setRawPath, setRawPathText } from './index.js';

const SET_CASES: Array<
  [json: string, path: string, value: string, raw: boolean, why: string, out: string, err: string]
> = [
  ['{}', 'a.b.c', 'x', false, 'creates intermediate objects', '{"a":{"b":{"c":"x"}}}', ''],
  ['{"a":1}', 'a', 'x', false, 'replace', '{"a":"x"}', ''],
  ['{"a":[1,2]}', 'a.-1', '3', true, 'append', '{"a":[1,2,3]}', ''],
  ['{"a":[1,2]}', 'a.4', 'x', false, 'pad with nulls', '{"a":[1,2,null,null,"x"]}', ''],
  ['{"a":[]}', 'a.2', 'x', false, 'pad empty array', '{"a":[null,null,"x"]}', ''],
  ['{}', 'a.0.b', 'x', false, 'numeric key creates array', '{"a":[{"b":"x"}]}', ''],
  ['{}', 'a.:0.b', 'x', false, 'colon forces key', '{"a":{"0":{"b":"x"}}}', ''],
  ['{}', 'a\\.b', 'x', false, 'escaped dot', '{"a.b":"x"}', ''],
  ['{"a":{"b":1}}', 'a.b', '{"c":[1]}', true, 'raw object', '{"a":{"b":{"c":[1]}}}', ''],
  ['{"a":{"b":1}}', 'a.b', '{"c":[1]}', false, 'object as string', '{"a":{"b":"{\\"c\\":[1]}"}}', ''],
  ['{}', 'a', 'say "hi" <b>', false, 'quote and html escaped', '{"a":"say \\"hi\\" \\u003cb\\u003e"}', ''],
  ['{}', 'a', '<b>', false, 'plain string kept', '{"a":"<b>"}', ''],
  ['', 'a', 'x', false, 'empty document', '{"a":"x"}', ''],
  ['[]', 'a', 'x', false, 'non-numeric key on array', '', "cannot set array element for non-numeric key 'a'"],
  ['{}', '', 'x', false, 'empty path', '', 'path cannot be empty'],
  [
    '{"friends":[{"n":"a"},{"n":"b"}]}',
    'friends.#(n=="b").n',
    'c',
    false,
    'query replaces existing',
    '{"friends":[{"n":"a"},{"n":"c"}]}',
    '',
  ],
  ['{"a":[{"b":1},{"b":2}]}', 'a.#.b', '0', true, 'map replaces all', '{"a":[{"b":0},{"b":0}]}', ''],
  ['{"a":1}', 'x.*', 'y', false, 'wildcard with no match: unchanged', '{"a":1}', ''],
  ['{"a":"b"}', 'a.c', '1', true, 'scalar replaced by object', '{"a":{"c":1}}', ''],
  [
    '{"metadata":{"generateName":"webhook-"}}',
    'metadata.generateName',
    'webhook-foobar-',
    false,
    'C14 dest',
    '{"metadata":{"generateName":"webhook-foobar-"}}',
    '',
  ],
  [
    '{"spec":{"arguments":{"parameters":[{"name":"m","value":"x"}]}}}',
    'spec.arguments.parameters.0.value',
    'hello',
    false,
    'argo workflow parameter',
    '{"spec":{"arguments":{"parameters":[{"name":"m","value":"hello"}]}}}',
    '',
  ],
  ['{ "a" : 1 }', 'b', '2', true, 'keeps layout, appends', '{ "a" : 1 ,"b":2}', ''],
];

void describe('setPathText / setRawPathText golden table (sjson)', () => {
  for (const [json, path, value, raw, why, out, err] of SET_CASES) {
    void it(`${why}: ${JSON.stringify(path)}`, () => {
      const run = (): string => (raw ? setRawPathText(json, path, value) : setPathText(json, path, value));
      if (err) {
        assert.throws(run, (e: unknown) => e instanceof PathError && e.message === err && e.path === path);
      } else {
        assert.equal(run(), out);
      }
    });
  }
});

void describe('setPathText value kinds', () => {
  void it('writes numbers without exponent, booleans and null as literals', () => {
    assert.equal(setPathText('{}', 'n', 1e21), '{"n":1000000000000000000000}');
    assert.equal(setPathText('{}', 'n', 0.5), '{"n":0.5}');
    assert.equal(setPathText('{}', 'b', true), '{"b":true}');
    assert.equal(setPathText('{}', 'z', null), '{"z":null}');
    assert.equal(setPathText('{}', 'o', { k: [1] }), '{"o":{"k":[1]}}');
  });

  void it('refuses to pad an array to an absurd index instead of exhausting memory', () => {
    assert.throws(() => setPathText('{"a":[]}', `a.${MAX_SET_INDEX + 1}`, 'x'), PathError);
    assert.equal(
      setPathText('{"a":{}}', 'a.99999999999', 'x'),
      '{"a":{"99999999999":"x"}}',
      'on an object it is a key',
    );
  });
});

void describe('setPath / setRawPath on parsed values', () => {
  void it('returns a new value and leaves the input alone', () => {
    const input = { http: { url: 'old' } };
    const out = setPath(input, 'http.url', 'http://x/');
    assert.deepEqual(out, { http: { url: 'http://x/' } });
    assert.deepEqual(input, { http: { url: 'old' } });
  });

  void it('C14: useRawData inserts the object; without it the JSON text as a string', () => {
    const body = '{"name":"foo bar","message":"hello there!!"}';
    assert.deepEqual(setRawPath({}, 'payload', body), {
      payload: { name: 'foo bar', message: 'hello there!!' },
    });
    assert.deepEqual(setPath({}, 'payload', body), { payload: body });
  });

  void it('starts from an empty object when the document is undefined', () => {
    assert.deepEqual(setPath(undefined, 'a.0', 'x'), { a: ['x'] });
  });

  void it('reports raw text that breaks the document', () => {
    assert.throws(() => setRawPath({}, 'a', '{oops'), PathError);
  });
});
