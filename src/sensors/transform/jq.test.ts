/**
 * jq transforms (spec/sensor.md §3, scenario C13) on jqjs, checked against real jq (jq-wasm) as the
 * oracle, plus robustness: any program text ends with an object or an error, never a hang.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import fc from 'fast-check';
import * as realJq from 'jq-wasm';
import { SensorEvent } from '../event.js';
import { applyTransform } from './index.js';
import { JqEngine, JqError, sortKeysDeep } from './jq-engine.js';
import { ScriptSandbox } from './sandbox.js';

const jq = new JqEngine();

describe('jq transform', () => {
  const sandbox = new ScriptSandbox({ timeoutMs: 500 });
  after(() => sandbox.close());

  it('C13: .body.message |= ascii_upcase', () => {
    assert.deepEqual(jq.transform('.body.message |= ascii_upcase', { body: { message: 'hi' } }), {
      body: { message: 'HI' },
    });
  });

  it('the first output must be an object', () => {
    assert.throws(
      () => jq.transform('.body.message', { body: { message: 'x' } }),
      /jq transformation output must be a JSON object/,
    );
    assert.throws(() => jq.transform('empty', {}), /no output available from the jq command execution/);
    assert.deepEqual(jq.transform('{a: 1}, {a: 2}', {}), { a: 1 });
    assert.throws(
      () => jq.transform('.[', {}),
      (e: Error) => e instanceof JqError && /cannot compile/.test(e.message),
    );
    assert.deepEqual(jq.transform('.', null), {}, 'null data is an empty object, as a nil Go map');
  });

  it('through applyTransform: the event data changes, the context keeps all but datacontenttype', async () => {
    const ctx = {
      id: '1',
      source: 's',
      specversion: '1.0',
      type: 'webhook',
      datacontenttype: 'text/json',
      subject: 'e',
      time: 't',
    };
    const out = await applyTransform(new SensorEvent(ctx, '{"b":1,"a":2}'), { jq: '. + {c: 3}' }, sandbox);
    assert.equal(out.dataText, '{"a":2,"b":1,"c":3}');
    assert.equal(out.context.datacontenttype, 'application/json');
    assert.equal(out.context.id, '1');
    await assert.rejects(
      applyTransform(new SensorEvent(ctx, '[1]'), { jq: '.' }, sandbox),
      /cannot unmarshal array/,
    );
    const none = new SensorEvent(ctx, undefined);
    assert.equal(await applyTransform(none, { jq: '.' }, sandbox), none, 'no data: unchanged');
    const both = await applyTransform(
      new SensorEvent(ctx, '{"a":1}'),
      { jq: '{jq: true}', script: 'return {lua = true}' },
      sandbox,
    );
    assert.deepEqual(both.data, { jq: true }, 'jq wins over script');
  });

  it('agrees with real jq on common programs (property over random objects)', async () => {
    const programs = [
      '.',
      'del(.a)',
      '. + {z: 1}',
      'to_entries | from_entries',
      'with_entries(.key |= ascii_upcase)',
      '{a: .a, b: (.b // "default")}',
      'map_values(tostring)',
      '.x = (.a | type)',
      '{keys: keys}',
      'if has("a") then {has: true} else {has: false} end',
      '{n: length}',
      'reduce to_entries[] as $e ({}; .[$e.key + "_"] = $e.value)',
      // jqjs bugs corrected in jqjs-fixes.ts
      '{r: (.a // "z")}',
      'map_values(. // "z")',
      '{r: (.b // .a // false // "last")}',
      '{s: (.b | if type == "array" then .[1:] else . end), t: (.b | if type == "array" then .[:1] else . end)}',
      '{m: (.a | if type == "number" then -. else . end)}',
      '{k: (.b | if type == "array" then keys else [] end)}',
      '{s: "not a slice [:] here"}',
    ];
    const value = fc.oneof(
      fc.integer({ min: -1000, max: 1000 }),
      fc.string({ maxLength: 6 }),
      fc.boolean(),
      fc.constant(null),
      fc.array(fc.integer(), { maxLength: 3 }),
    );
    // plain objects, as JSON.parse makes them (fast-check's dictionaries have no prototype)
    const obj = fc
      .dictionary(fc.constantFrom('a', 'b', 'c', 'x', 'key'), value, { maxKeys: 4 })
      .map((d) => ({ ...d }));
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...programs), obj, async (program, data) => {
        const want = (await realJq.json(data, `first(${program})`)) as unknown;
        assert.deepEqual(jq.transform(program, data), sortKeysDeep(want));
      }),
      { numRuns: 150 },
    );
  });

  it('property: any program text settles (object or error) within the sandbox budget', async () => {
    const piece = fc.constantFrom(
      '.',
      'a',
      '[',
      ']',
      '{',
      '}',
      '|',
      ',',
      ' ',
      'map(',
      ')',
      'range(',
      '1e9',
      'repeat',
      'recurse',
      '..',
      'def f: f; f',
      'select',
      '"x"',
      '+',
      'empty',
      ':',
    );
    const program = fc.oneof(
      fc.string({ maxLength: 20 }),
      fc.array(piece, { maxLength: 10 }).map((a) => a.join('')),
    );
    await fc.assert(
      fc.asyncProperty(program, async (p) => {
        try {
          const out = await sandbox.run('jq-transform', p, { a: 1 });
          assert.equal(typeof out, 'object');
        } catch (err) {
          assert.ok(err instanceof Error);
        }
      }),
      { numRuns: 120 },
    );
  });

  it('a program that never ends is stopped and the worker replaced', async () => {
    await assert.rejects(
      sandbox.run('jq-transform', 'last(repeat(.))', { a: 1 }),
      /did not finish within 500 ms/,
    );
    assert.deepEqual(await sandbox.run('jq-transform', '{ok: true}', {}), { ok: true });
  });
});
