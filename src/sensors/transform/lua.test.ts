/** Lua transforms and script runtime (spec/sensor.md §3, §4.6, scenario C13): conversions, sandbox, limits. */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import fc from 'fast-check';
import { LuaEngine, LuaScriptError } from './lua-engine.js';
import { ScriptSandbox, SandboxError } from './sandbox.js';

const lua = new LuaEngine();
const limits = { maxInstructions: 200_000, timeoutMs: 1000 };

describe('Lua transform conversions', () => {
  it('C13: the script edits the event and returns it', () => {
    assert.deepEqual(
      lua.transform("event.body.message='updated'\nreturn event", { body: { message: 'hi' } }),
      { body: { message: 'updated' } },
    );
  });

  it('JSON → Lua drops nulls and arrays nested in arrays (later elements move up)', () => {
    const out = lua.transform('return event', {
      a: null,
      arr: [1, null, [2], { b: 1 }, 'x', true],
      o: { n: null, k: 'v' },
    });
    assert.deepEqual(out, { arr: [1, { b: 1 }, 'x', true], o: { k: 'v' } });
  });

  it('Lua → JSON: arrays up to the highest index, objects with sorted string keys', () => {
    assert.deepEqual(lua.transform('return {1, 2, nil, 4}', {}), [1, 2, null, 4]);
    assert.deepEqual(lua.transform("local t = {} t[3] = 'c' return t", {}), [null, null, 'c']);
    assert.deepEqual(lua.transform("return {b = 1, a = 2, [1.5] = 'x', [true] = 'y'}", {}), {
      '1.5': 'x',
      a: 2,
      b: 1,
      true: 'y',
    });
    assert.deepEqual(lua.transform('return {}', {}), {});
    assert.deepEqual(lua.transform('return setmetatable({}, {__is_array = true})', {}), []);
    assert.deepEqual(Object.keys(lua.transform('return {z = 1, a = 1, m = 1}', {}) as object), [
      'a',
      'm',
      'z',
    ]);
  });

  it('numbers stay floats but print like Lua 5.1 (1, not 1.0)', () => {
    assert.deepEqual(
      lua.transform('return {s = tostring(event.n), h = event.n / 2, c = "n=" .. event.n}', { n: 3 }),
      { c: 'n=3', h: 1.5, s: '3' },
    );
  });

  it('a non-table result, NaN and functions are errors', () => {
    assert.throws(
      () => lua.transform('return 5', {}),
      /transformation script output type is not of lua table/,
    );
    assert.throws(() => lua.transform('return', {}), /not of lua table/);
    assert.throws(() => lua.transform('return {x = 0/0}', {}), /unsupported value/);
    assert.throws(() => lua.transform('return {f = print}', {}), /cannot encode a Lua function/);
    assert.throws(() => lua.transform('local t = {} t.t = t return t', {}), /nested deeper/);
  });

  it('syntax and runtime errors are LuaScriptErrors with a position', () => {
    assert.throws(
      () => lua.transform('return {', {}),
      (e: Error) => e instanceof LuaScriptError && /script:1:/.test(e.message),
    );
    assert.throws(() => lua.filter('error("boom")', {}), /boom/);
  });

  it('globals do not leak from one run into the next', () => {
    lua.filter('leaked = 1 return true', {});
    assert.equal(lua.filter('return leaked == nil', {}), true);
  });
});

describe('Lua sandbox', () => {
  it('no io, os.execute, require, load, dofile, debug; safe os clock functions stay', () => {
    const out = lua.transform(
      'return {io = type(io), exec = type(os.execute), req = type(require), load = type(load), dofile = type(dofile), debug = type(debug), time = type(os.time()), unpack = type(unpack)}',
      {},
    );
    assert.deepEqual(out, {
      debug: 'nil',
      dofile: 'nil',
      exec: 'nil',
      io: 'nil',
      load: 'nil',
      req: 'nil',
      time: 'number',
      unpack: 'function',
    });
  });

  it('runaway loops stop at the instruction budget, also inside coroutines and pcall', () => {
    assert.throws(() => lua.filter('while true do end', {}, limits), /exceeded 200000 instructions/);
    assert.throws(
      () => lua.filter('local co = coroutine.wrap(function() while true do end end) co()', {}, limits),
      /exceeded/,
    );
    assert.throws(
      () => lua.filter('while true do pcall(function() for i = 1, 1e6 do end end) end', {}, limits),
      /exceeded/,
    );
  });

  it('string.rep cannot allocate gigabytes', () => {
    assert.throws(
      () => lua.filter("return #string.rep('x', 2^30) > 0", {}),
      /string.rep: result would exceed/,
    );
    assert.throws(() => lua.filter("return #(('x'):rep(2^30)) > 0", {}), /string.rep/);
  });

  it('property: any text as a script ends with a result or a LuaScriptError, within the budget', () => {
    const snippet = fc.constantFrom(
      'return ',
      'event',
      '.body',
      ' == ',
      '"x"',
      ' and ',
      ' or ',
      'true',
      '(',
      ')',
      ' while ',
      ' do ',
      ' end',
      ' for i=1,10 do ',
      '{',
      '}',
      '[1]',
      ' .. ',
      '#',
      'nil',
      ' local t = ',
    );
    const source = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 40 }),
      fc.array(snippet, { maxLength: 12 }).map((a) => a.join('')),
    );
    fc.assert(
      fc.property(source, (script) => {
        const started = Date.now();
        try {
          lua.filter(script, { body: { x: 1 } }, limits);
        } catch (err) {
          assert.ok(err instanceof LuaScriptError || err instanceof Error, String(err));
        }
        assert.ok(Date.now() - started < 2000);
      }),
      { numRuns: 300 },
    );
  });

  it('property: return event round-trips JSON objects as upstream converts them', () => {
    const scalar = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 8 }),
      fc.integer(),
      fc.double({ noNaN: true, noDefaultInfinity: true }).filter((d) => !Object.is(d, -0)),
      fc.boolean(),
      fc.constant(null),
    );
    const json = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: 'small' },
        scalar,
        tie('object'),
        fc.array(tie('value'), { maxLength: 4 }),
      ),
      object: fc.dictionary(
        fc.string({ minLength: 1, maxLength: 6 }).filter((k) => !/^\d+$/.test(k)),
        tie('value'),
        { maxKeys: 4 },
      ),
    })).object as fc.Arbitrary<Record<string, unknown>>;
    fc.assert(
      fc.property(json, (obj) => {
        assert.deepEqual(lua.transform('return event', obj), model(obj));
      }),
      { numRuns: 300 },
    );
  });
});

/** What upstream's mapToTable + toGoValue make of a JSON object. */
function model(v: Record<string, unknown>): unknown {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v).sort()) {
    const x = v[k];
    if (x === null) continue;
    out[k] = Array.isArray(x)
      ? modelArray(x)
      : x !== null && typeof x === 'object'
        ? model(x as Record<string, unknown>)
        : x;
  }
  return out;
}

function modelArray(a: unknown[]): unknown {
  const kept = a
    .filter((x) => x !== null && !Array.isArray(x))
    .map((x) => (typeof x === 'object' ? model(x as Record<string, unknown>) : x));
  return kept.length ? kept : {};
}

describe('the sandbox worker', () => {
  const sandbox = new ScriptSandbox({ timeoutMs: 300, memoryMb: 64 });
  after(() => sandbox.close());

  it('stops what the hook cannot: a catastrophic pattern match and a memory bomb; the next run works', async () => {
    const pattern = "return string.find(string.rep('a', 5000), '(.-)(.-)(.-)(.-)(.-)b') ~= nil";
    await assert.rejects(
      sandbox.run('lua-filter', pattern, {}),
      (e: Error) => e instanceof SandboxError && /did not finish within 300 ms/.test(e.message),
    );
    const bomb = "local s = 'x' for i = 1, 40 do s = s .. s .. s .. s end return {}";
    await assert.rejects(sandbox.run('lua-transform', bomb, {}), SandboxError);
    assert.equal(await sandbox.run('lua-filter', 'return event.a == 1', { a: 1 }), true);
  });
});
