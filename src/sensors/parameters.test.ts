/** Trigger parameters (spec/sensor.md §8, scenario C14). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { TriggerEvent } from './trigger-contract.js';
import { SensorEvent } from './event.js';
import { applyParameters, applyParametersText, constructPayload, resolveParameter } from './parameters.js';
import type { TriggerParameter } from './spec.js';

const ctx = {
  id: 'abc',
  source: 'webhook',
  specversion: '1.0',
  type: 'webhook',
  datacontenttype: 'application/json',
  subject: 'example',
  time: '2024-05-01T10:00:00.123456Z',
};
const event = (data: string, more: Partial<typeof ctx> = {}): TriggerEvent =>
  new SensorEvent({ ...ctx, ...more }, data).toTriggerEvent();
const events = {
  d: event(
    '{"name":"foo bar","message":"hello there!!","n":1.0,"big":12345678901234567890,"obj":{"k":[1,2]},"nil":null,"t":true}',
  ),
};
const v = (src: Partial<TriggerParameter['src']> & object) =>
  resolveParameter({ dependencyName: 'd', ...src }, events);

describe('resolving a parameter value', () => {
  it('C14: context key, data key, default for a missing key, templates', () => {
    assert.deepEqual(v({ contextKey: 'type' }), { value: 'webhook', kind: 'String' });
    assert.deepEqual(v({ dataKey: 'message' }), { value: 'hello there!!', kind: 'String' });
    assert.deepEqual(v({ dataKey: 'body.missing', value: 'wow! a default value.' }), {
      value: 'wow! a default value.',
      kind: 'String',
    });
    assert.deepEqual(v({ dataTemplate: '{{ .Input.message | title }}' }), {
      value: 'Hello There!!',
      kind: 'String',
    });
    assert.deepEqual(v({ contextTemplate: '{{ .Input.source }}-{{ .Input.subject }}' }), {
      value: 'webhook-example',
      kind: 'String',
    });
  });

  it('C14: with both contextKey and dataKey the data key wins', () => {
    assert.equal(v({ contextKey: 'type', dataKey: 'message' })?.value, 'hello there!!');
    assert.equal(v({ contextTemplate: '{{ .Input.type }}', dataKey: 'message' })?.value, 'hello there!!');
  });

  it('kinds: JSON raw, numbers as Go prints them, booleans, null', () => {
    assert.deepEqual(v({ dataKey: 'obj' }), { value: '{"k":[1,2]}', kind: 'JSON' });
    assert.deepEqual(v({ dataKey: 'n' }), { value: '1', kind: 'Number' });
    assert.deepEqual(v({ dataKey: 'big' }), { value: '12345678901234567890', kind: 'Number' });
    assert.deepEqual(v({ dataKey: 't' }), { value: 'true', kind: 'True' });
    assert.deepEqual(v({ dataKey: 'nil' }), { value: 'null', kind: 'Null' });
  });

  it('the context time is whole seconds, UTC', () => {
    assert.equal(v({ contextKey: 'time' })?.value, '2024-05-01T10:00:00Z');
  });

  it('no key or template: the default, else the whole event with base64 data', () => {
    assert.deepEqual(v({ value: 'dflt' }), { value: 'dflt', kind: 'String' });
    const whole = JSON.parse(v({})!.value) as { context: typeof ctx; data: string };
    assert.equal(whole.context.id, 'abc');
    assert.equal(Buffer.from(whole.data, 'base64').toString(), events.d.dataText);
  });

  it('an absent dependency gives its default or no value at all', () => {
    assert.equal(resolveParameter({ dependencyName: 'other' }, events), undefined);
    assert.deepEqual(resolveParameter({ dependencyName: 'other', value: 'x' }, events), {
      value: 'x',
      kind: 'String',
    });
  });

  it('a failed template falls back to the key, then the default, else an error', () => {
    assert.equal(v({ dataTemplate: '{{ .Input.nothing }}', dataKey: 'message' })?.value, 'hello there!!');
    assert.equal(v({ dataTemplate: '{{ .Input.nothing }}', value: 'dflt' })?.value, 'dflt');
    assert.throws(() => v({ dataKey: 'missing' }), /unable to resolve 'd' parameter value/);
  });

  it('content types: YAML is converted, others are refused (the default still applies)', () => {
    const yaml = { d: event('a: 1\nb: [x]', { datacontenttype: 'application/yaml' }) };
    assert.deepEqual(resolveParameter({ dependencyName: 'd', dataKey: 'b' }, yaml), {
      value: '["x"]',
      kind: 'JSON',
    });
    const text = { d: event('hello', { datacontenttype: 'text/plain' }) };
    assert.throws(
      () => resolveParameter({ dependencyName: 'd', dataKey: 'x' }, text),
      /unsupported event content type: text\/plain/,
    );
    assert.equal(resolveParameter({ dependencyName: 'd', dataKey: 'x', value: 'v' }, text)?.value, 'v');
  });
});

describe('writing parameters', () => {
  const p = (src: object, dest: string, operation?: TriggerParameter['operation']): TriggerParameter => ({
    src: { dependencyName: 'd', ...src },
    dest,
    ...(operation && { operation }),
  });

  it('C14: append to an existing value', () => {
    const out = applyParameters(
      { metadata: { generateName: 'webhook-' } },
      [p({ dataTemplate: '{{ .Input.name | nospace | lower }}-' }, 'metadata.generateName', 'append')],
      events,
    );
    assert.deepEqual(out, { metadata: { generateName: 'webhook-foobar-' } });
  });

  it('prepend, overwrite, and append to a missing dest is a plain set', () => {
    const doc = { a: 'x', n: 5 };
    assert.deepEqual(applyParameters(doc, [p({ value: 'pre-' }, 'a', 'prepend')], events), {
      a: 'pre-x',
      n: 5,
    });
    assert.deepEqual(applyParameters(doc, [p({ value: 'new' }, 'a', 'overwrite')], events), {
      a: 'new',
      n: 5,
    });
    assert.deepEqual(
      applyParameters(doc, [p({ dataKey: 'n', useRawData: true }, 'n', 'append')], events),
      { a: 'x', n: '51' },
      'append makes a string',
    );
    assert.deepEqual(applyParameters(doc, [p({ value: 'v' }, 'missing.deep', 'append')], events), {
      a: 'x',
      missing: { deep: 'v' },
      n: 5,
    });
  });

  it('C14: useRawData keeps JSON and numbers raw; without it they are strings', () => {
    assert.deepEqual(applyParameters({}, [p({ dataKey: 'obj' }, 'x')], events), { x: '{"k":[1,2]}' });
    assert.deepEqual(applyParameters({}, [p({ dataKey: 'obj', useRawData: true }, 'x')], events), {
      x: { k: [1, 2] },
    });
    assert.deepEqual(applyParameters({}, [p({ dataKey: 'n', useRawData: true }, 'x')], events), { x: 1 });
    assert.deepEqual(
      applyParameters({}, [p({ value: '123', useRawData: true }, 'x')], events),
      { x: '123' },
      'defaults are strings',
    );
  });

  it('sjson paths: array index, append with -1, escaped dot', () => {
    const out = applyParameters(
      { list: ['a'] },
      [p({ value: 'b' }, 'list.-1'), p({ value: 'c' }, 'list.0'), p({ value: 'v' }, 'a\\.b')],
      events,
    );
    assert.deepEqual(out, { list: ['c', 'b'], 'a.b': 'v' });
  });

  it('an invalid operation fails (only when there is a value)', () => {
    assert.throws(
      () =>
        applyParametersText('{}', [p({ value: 'x' }, 'a', 'bogus' as TriggerParameter['operation'])], events),
      /unsupported trigger parameter operation: bogus/,
    );
    assert.equal(
      applyParametersText(
        '{}',
        [
          {
            src: { dependencyName: 'other' },
            dest: 'a',
            operation: 'bogus' as TriggerParameter['operation'],
          },
        ],
        events,
      ),
      '{}',
    );
  });
});

describe('building a payload', () => {
  it('entries build an object; no dest means the whole body; no parameters mean an empty body', () => {
    const body = constructPayload(
      [
        { src: { dependencyName: 'd', dataKey: 'message' }, dest: 'msg' },
        { src: { dependencyName: 'd', dataKey: 'obj', useRawData: true }, dest: 'obj' },
        { src: { dependencyName: 'absent' }, dest: 'skipped' },
      ],
      events,
    );
    assert.deepEqual(JSON.parse(body), { msg: 'hello there!!', obj: { k: [1, 2] } });
    assert.equal(
      constructPayload(
        [
          { src: { dependencyName: 'absent' } },
          { src: { dependencyName: 'd', dataKey: 'message' } },
          { src: { dependencyName: 'd', value: 'later' } },
        ],
        events,
      ),
      'hello there!!',
    );
    assert.equal(constructPayload([], events), '');
    assert.equal(constructPayload(undefined, events), '');
  });
});
