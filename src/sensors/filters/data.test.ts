/** Golden table for data filters (spec/sensor.md §4.2, scenario C11), upstream quirks included. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SensorEvent } from '../event.js';
import type { DataFilter } from '../spec.js';
import { evaluateData } from './data.js';

const ctx = {
  id: '1',
  source: 's',
  specversion: '1.0',
  type: 'webhook',
  datacontenttype: 'application/json',
  subject: 'e',
  time: '2024-05-01T10:00:00Z',
};
const ev = (data: unknown) =>
  new SensorEvent(
    ctx,
    data === undefined ? undefined : typeof data === 'string' ? data : JSON.stringify(data),
  );

type Row = [
  name: string,
  filter: Partial<DataFilter> & Pick<DataFilter, 'path' | 'type'>,
  data: unknown,
  want: boolean | RegExp,
];

const f = (path: string, type: DataFilter['type'], value: string[], more: Partial<DataFilter> = {}) => ({
  path,
  type,
  value,
  ...more,
});

const ROWS: Row[] = [
  // string: RE2, unanchored, values OR-ed
  [
    'string: exact word matches',
    f('body.message', 'string', ['hello', 'hey']),
    { body: { message: 'hello' } },
    true,
  ],
  [
    'string: unanchored regex',
    f('body.message', 'string', ['hello', 'hey']),
    { body: { message: 'oh hello there' } },
    true,
  ],
  [
    'string: no value matches',
    f('body.message', 'string', ['hello', 'hey']),
    { body: { message: 'this is my first webhook' } },
    false,
  ],
  [
    'string: anchored regex',
    f('body.message', 'string', ['^hello$']),
    { body: { message: 'hello!' } },
    false,
  ],
  ['string: != passes on no match', f('a', 'string', ['x'], { comparator: '!=' }), { a: 'y' }, true],
  ['string: != fails on match', f('a', 'string', ['x'], { comparator: '!=' }), { a: 'xx' }, false],
  ['string: other comparators never pass', f('a', 'string', ['x'], { comparator: '>' }), { a: 'x' }, false],
  ['string: number as written (integer)', f('n', 'string', ['^10$']), { n: 10 }, true],
  ['string: 1.0 reads as Go formats it', f('n', 'string', ['^1$']), '{"n": 1.0}', true],
  ['string: true', f('b', 'string', ['^true$']), { b: true }, true],
  ['string: object is its raw JSON', f('o', 'string', ['"k":1']), '{"o": {"k":1}}', true],
  ['string: null is empty', f('z', 'string', ['^$']), { z: null }, true],
  ['string: (?i) flag', f('a', 'string', ['(?i)^HELLO$']), { a: 'hello' }, true],
  [
    'string: bad RE2 is an error',
    f('a', 'string', ['(']),
    { a: 'x' },
    /data filter error \(error parsing regexp/,
  ],
  ['string: look-ahead is not RE2', f('a', 'string', ['a(?=b)']), { a: 'ab' }, /data filter error/],
  // number
  [
    'number: > with float value',
    f('body.value', 'number', ['50.0'], { comparator: '>' }),
    { body: { value: 51 } },
    true,
  ],
  [
    'number: string event value parsed',
    f('body.value', 'number', ['50.0'], { comparator: '>' }),
    { body: { value: '51' } },
    true,
  ],
  [
    'number: 50 is not > 50',
    f('body.value', 'number', ['50.0'], { comparator: '>' }),
    { body: { value: 50 } },
    false,
  ],
  ['number: empty comparator is =', f('v', 'number', ['2', '3']), { v: 3 }, true],
  ['number: >=', f('v', 'number', ['3'], { comparator: '>=' }), { v: 3 }, true],
  ['number: <', f('v', 'number', ['3'], { comparator: '<' }), { v: 3 }, false],
  ['number: <=', f('v', 'number', ['3'], { comparator: '<=' }), { v: 2.5 }, true],
  ['number: !=', f('v', 'number', ['3'], { comparator: '!=' }), { v: 3 }, false],
  ['number: unparseable event string is 0', f('v', 'number', ['0']), { v: 'abc' }, true],
  ['number: true is 1', f('v', 'number', ['1']), { v: true }, true],
  ['number: object is 0', f('v', 'number', ['0']), { v: { a: 1 } }, true],
  ['number: hex float value', f('v', 'number', ['0x1p-2']), { v: 0.25 }, true],
  [
    'number: bad value is an error',
    f('v', 'number', ['abc']),
    { v: 1 },
    /strconv.ParseFloat: parsing "abc": invalid syntax/,
  ],
  // bool
  ['bool: true', f('b', 'bool', ['true']), { b: true }, true],
  ['bool: Go literal T', f('b', 'bool', ['T']), { b: true }, true],
  ['bool: string lower-cased then parsed', f('b', 'bool', ['true']), { b: 'TRUE' }, true],
  ['bool: unparseable string is false', f('b', 'bool', ['false']), { b: 'yes' }, true],
  ['bool: non-zero number is true', f('b', 'bool', ['true']), { b: 2 }, true],
  ['bool: null is false', f('b', 'bool', ['false']), { b: null }, true],
  ['bool: comparator ignored', f('b', 'bool', ['true'], { comparator: '!=' }), { b: true }, true],
  [
    'bool: bad value is an error',
    f('b', 'bool', ['yes']),
    { b: true },
    /strconv.ParseBool: parsing "yes": invalid syntax/,
  ],
  // template
  [
    'template: b64dec',
    f('message', 'string', ['hello world'], { template: '{{ b64dec .Input }}' }),
    { message: 'aGVsbG8gd29ybGQ=' },
    true,
  ],
  [
    'template: output parsed as number',
    f('n', 'number', ['5'], { template: '{{ len .Input }}' }),
    { n: 'abcde' },
    true,
  ],
  [
    'template: empty output is an error',
    f('n', 'string', ['x'], { template: '{{ if false }}x{{ end }}' }),
    { n: 'a' },
    /evaluated to empty string or no value/,
  ],
  // paths
  [
    'path: missing is an error',
    f('body.missing', 'string', ['x']),
    { body: {} },
    /data filter error \(path 'body.missing' does not exist\)/,
  ],
  [
    'path: array query',
    f('labels.#(name=="x").id', 'number', ['7']),
    {
      labels: [
        { name: 'y', id: 1 },
        { name: 'x', id: 7 },
      ],
    },
    true,
  ],
  ['path: array index', f('arr.1', 'string', ['^b$']), { arr: ['a', 'b'] }, true],
  ['path: escaped dot', f('a\\.b', 'string', ['^v$']), { 'a.b': 'v' }, true],
  ['path: wildcard', f('bo*.message', 'string', ['hi']), { body: { message: 'hi' } }, true],
  // data itself
  ['no data passes', f('a', 'string', ['x']), undefined, true],
  ['invalid JSON data is an error', f('a', 'string', ['x']), '{not json', /event data not valid JSON/],
];

describe('data filters', () => {
  for (const [name, filter, data, want] of ROWS) {
    it(name, () => {
      const v = evaluateData([filter as DataFilter], undefined, ev(data));
      if (want instanceof RegExp) {
        assert.equal(v.pass, false);
        assert.match(v.error ?? '', want);
      } else {
        assert.equal(v.error, undefined, v.error);
        assert.equal(v.pass, want, v.reason);
      }
    });
  }

  it('and: the first failing filter decides; or: the first passing one', () => {
    const pass = f('a', 'string', ['x']);
    const fail = f('a', 'string', ['nope']);
    const missing = f('missing', 'string', ['x']);
    const e = ev({ a: 'x' });
    assert.equal(evaluateData([pass, fail], 'and', e).pass, false);
    assert.equal(evaluateData([pass, pass], '', e).pass, true);
    assert.equal(evaluateData([fail, pass], 'or', e).pass, true);
    const orErrors = evaluateData([missing, fail], 'or', e);
    assert.equal(orErrors.pass, false);
    assert.equal(orErrors.error, "data filter errors [path 'missing' does not exist]");
    const andError = evaluateData([missing, pass], 'and', e);
    assert.equal(andError.error, "data filter error (path 'missing' does not exist)");
    assert.equal(andError.items?.length, 1, 'and stops at the first error');
  });

  it("or: an error abandons the rest of that filter's values", () => {
    const v = evaluateData([f('n', 'number', ['bad', '1'])], 'or', ev({ n: 1 }));
    assert.equal(v.pass, false);
    assert.match(v.error ?? '', /data filter errors \[strconv.ParseFloat/);
  });

  it('an empty list passes', () => {
    assert.equal(evaluateData([], 'and', ev({})).pass, true);
  });

  it('reasons say what was compared', () => {
    const v = evaluateData(
      [f('body.value', 'number', ['50.0'], { comparator: '>' })],
      undefined,
      ev({ body: { value: 51 } }),
    );
    assert.equal(v.items?.[0]?.reason, 'body.value = 51 (number): 51 > 50');
  });
});
