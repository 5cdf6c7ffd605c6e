/** How filter kinds combine (spec/sensor.md §4.1) and the script filter (§4.6, scenario C12). */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { SensorEvent } from '../event.js';
import type { EventDependency } from '../spec.js';
import { ScriptSandbox } from '../transform/sandbox.js';
import { evaluateFilters } from './index.js';

const ctx = {
  id: '1',
  source: 'webhook',
  specversion: '1.0',
  type: 'webhook',
  datacontenttype: 'application/json',
  subject: 'example',
  time: '2024-05-01T23:30:00Z',
};
const ev = (data: unknown) => new SensorEvent(ctx, data === undefined ? undefined : JSON.stringify(data));
const sandbox = new ScriptSandbox({ timeoutMs: 500 });
type Dep = Pick<EventDependency, 'filters' | 'filtersLogicalOperator'>;

const failingData = { data: [{ path: 'body.message', type: 'string' as const, value: ['nope'] }] };
const missingData = { data: [{ path: 'body.missing', type: 'string' as const, value: ['x'] }] };
const passingTime = { time: { start: '22:00:00', stop: '02:00:00' } };

describe('combining filter kinds', () => {
  after(() => sandbox.close());
  const run = (
    dep: Dep,
    data: unknown = { body: { message: 'hello', a: 'b', d: { e: 'z' } } },
    mode?: 'explain',
  ) => evaluateFilters(dep, ev(data), { sandbox, mode });

  it('no filters pass', async () => {
    assert.equal((await run({})).pass, true);
  });

  it('and: every configured kind must pass; unconfigured kinds pass', async () => {
    assert.equal((await run({ filters: { ...passingTime, context: { type: 'webhook' } } })).pass, true);
    assert.equal((await run({ filters: { ...passingTime, ...failingData } })).pass, false);
    assert.equal((await run({ filters: {} })).pass, true);
  });

  it('and: the first error in the order expr, data, context, time, script fails the event', async () => {
    const t = await run({ filters: { ...missingData, time: { start: 'x', stop: '02:00:00' } } });
    assert.equal(t.pass, false);
    assert.match(t.error ?? '', /^data filter error/);
  });

  it('C12: or with a failing data filter and a passing time filter passes', async () => {
    const t = await run({ filtersLogicalOperator: 'or', filters: { ...failingData, ...passingTime } });
    assert.equal(t.pass, true);
  });

  it('or: expr/data/time errors are reported but do not fail a passing event', async () => {
    const t = await run(
      { filtersLogicalOperator: 'or', filters: { ...missingData, ...passingTime } },
      undefined,
      'explain',
    );
    assert.equal(t.pass, true);
    assert.match(t.error ?? '', /data filter error \(path 'body.missing' does not exist\)/);
  });

  it('or: a script error fails the event even when another kind passed', async () => {
    const t = await run({
      filtersLogicalOperator: 'or',
      filters: { ...passingTime, script: 'error("boom")' },
    });
    assert.equal(t.pass, false);
    assert.match(t.error ?? '', /boom/);
  });

  it('or: nothing configured never passes; an empty data list counts as configured', async () => {
    assert.equal((await run({ filtersLogicalOperator: 'or', filters: {} })).pass, false);
    assert.equal((await run({ filtersLogicalOperator: 'or', filters: { data: [] } })).pass, true);
  });

  it('explain evaluates every kind, decide stops early with the same verdict', async () => {
    const dep: Dep = { filters: { ...failingData, ...passingTime, context: { type: 'webhook' } } };
    const explain = await run(dep, undefined, 'explain');
    const decide = await run(dep);
    assert.equal(explain.pass, decide.pass);
    assert.deepEqual(
      explain.kinds.map((k) => k.kind),
      ['data', 'context', 'time'],
    );
    assert.deepEqual(
      decide.kinds.map((k) => k.kind),
      ['data'],
    );
  });

  it('C12: script filter', async () => {
    const script = 'if event.body.a == "b" and event.body.d.e == "z" then return true else return false end';
    assert.equal((await run({ filters: { script } }, { hello: 'world' })).pass, false);
    assert.equal((await run({ filters: { script } }, { body: { a: 'b', d: { e: 'z' } } })).pass, true);
    assert.equal((await run({ filters: { script: 'return 1' } })).pass, false, 'only exactly true passes');
    assert.equal(
      (await run({ filters: { script: 'return false, true' } })).pass,
      true,
      'the last returned value counts',
    );
    assert.equal((await run({ filters: { script } }, undefined)).pass, true, 'no data passes');
    const notObject = await run({ filters: { script: 'return true' } }, [1, 2]);
    assert.match(notObject.error ?? '', /cannot unmarshal array/);
    const runaway = await run({ filters: { script: 'while true do end' } });
    assert.equal(runaway.pass, false);
    assert.match(runaway.error ?? '', /exceeded/);
  });
});
