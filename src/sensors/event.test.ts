/** CloudEvent parsing and the forms an event takes (spec/README.md §5), dependency hashes, subscriptions. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { durableName } from '../api/index.js';
import { EventParseError, parseCloudEvent, rawMember, wholeSecondUtc } from './event.js';
import { dependencyHash } from './reconcile.js';
import type { EventDependency } from './spec.js';
import { planSubscriptions, rfc3339Nano } from './trigger-subscriptions.js';

const envelope =
  '{"specversion":"1.0","id":"x1","source":"webhook","type":"webhook","subject":"example","time":"2024-05-01T10:00:00.123456789Z","datacontenttype":"application/json","traceparent":"00-abc","data":{"n":1.0,"big":12345678901234567890,"s":"a\\"}b"}}';

describe('CloudEvents', () => {
  it('keeps the data text exactly as published', () => {
    const e = parseCloudEvent(envelope);
    assert.equal(e.dataText, '{"n":1.0,"big":12345678901234567890,"s":"a\\"}b"}');
    assert.equal(e.context.id, 'x1');
    assert.deepEqual(e.extensions, { traceparent: '00-abc' });
    assert.equal((e.data as { s: string }).s, 'a"}b');
  });

  it('data_base64, string data with a text type, absent and null data', () => {
    const b64 = parseCloudEvent('{"specversion":"1.0","id":"1","source":"s","data_base64":"aGVsbG8="}');
    assert.equal(b64.dataText, 'hello');
    const text = parseCloudEvent(
      '{"specversion":"1.0","id":"1","source":"s","datacontenttype":"text/plain","data":"hi"}',
    );
    assert.equal(text.dataText, 'hi');
    assert.equal(parseCloudEvent('{"specversion":"1.0","id":"1","source":"s"}').dataText, undefined);
    assert.equal(
      parseCloudEvent('{"specversion":"1.0","id":"1","source":"s","data":null}').dataText,
      undefined,
    );
  });

  it('refuses what is not a usable CloudEvent', () => {
    assert.throws(() => parseCloudEvent('not json'), EventParseError);
    assert.throws(() => parseCloudEvent('[1]'), EventParseError);
    assert.throws(() => parseCloudEvent('{"source":"s"}'), /no "id"/);
    assert.throws(() => parseCloudEvent('{"id":1,"source":"s"}'), /"id" is not a string/);
  });

  it('keeps extensions as data, a member named __proto__ included; null attributes are empty', () => {
    const e = parseCloudEvent(
      '{"id":"1","source":"s","subject":null,"traceparent":"00-ab","__proto__":{"x":1},"data":{}}',
    );
    assert.equal(e.context.subject, '');
    assert.deepEqual(Object.keys(e.extensions), ['traceparent', '__proto__']);
    assert.equal(Object.getPrototypeOf(e.extensions), Object.prototype);
    assert.deepEqual(JSON.parse(e.toJSON()).__proto__, { x: 1 });
    assert.equal(
      parseCloudEvent('{"id":"1","source":"s"}').extensions,
      parseCloudEvent('{"id":"2","source":"s"}').extensions,
    );
  });

  it('round-trips through the stored form (KV) and converts for triggers', () => {
    const e = parseCloudEvent(envelope);
    const back = parseCloudEvent(e.toJSON());
    assert.equal(back.dataText, e.dataText);
    assert.deepEqual(back.context, e.context);
    assert.deepEqual(back.extensions, e.extensions);
    const t = e.toTriggerEvent();
    assert.equal(t.context.time, '2024-05-01T10:00:00Z');
    assert.equal(t.dataText, e.dataText);
    const text = parseCloudEvent(
      '{"specversion":"1.0","id":"1","source":"s","datacontenttype":"text/plain","data":"hi"}',
    );
    assert.equal(parseCloudEvent(text.toJSON()).dataText, 'hi');
  });

  it('a transform replaces the data and sets application/json', () => {
    const t = parseCloudEvent(envelope.replace('application/json', 'text/json')).withData({ z: 1 });
    assert.equal(t.dataText, '{"z":1}');
    assert.equal(t.context.datacontenttype, 'application/json');
  });

  it('helpers', () => {
    assert.equal(rawMember('{"a": [1, {"b": "]"}], "data" : {"x": "}"} }', 'data'), '{"x": "}"}');
    assert.equal(wholeSecondUtc('2024-05-01T12:00:00.9+02:00'), '2024-05-01T10:00:00Z');
    assert.equal(rfc3339Nano(1714557600123456789n), '2024-05-01T10:00:00.123456789Z');
    assert.equal(rfc3339Nano(1714557600000000000n), '2024-05-01T10:00:00Z');
  });

  it('rawMember: escapes before quotes, nesting, numbers and literals at the end', () => {
    const text = JSON.stringify({ a: 'x\\', b: 'q\\"', data: { s: ['\\', '"}]'], n: -1.5e3 }, z: true });
    assert.equal(rawMember(text, 'data'), JSON.stringify({ s: ['\\', '"}]'], n: -1.5e3 }));
    assert.equal(rawMember(text, 'a'), '"x\\\\"');
    assert.equal(rawMember(text, 'z'), 'true');
    assert.equal(rawMember('{"data":12.50}', 'data'), '12.50');
    assert.equal(rawMember('{"x":1}', 'data'), undefined);
  });

  it('wholeSecondUtc: the text fast path agrees with date arithmetic', () => {
    for (let i = 0; i < 2000; i++) {
      const ms = Math.floor(Math.random() * 4e12);
      const iso = new Date(ms).toISOString();
      const expected = new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
      assert.equal(wholeSecondUtc(iso), expected);
      assert.equal(wholeSecondUtc(iso.replace(/\.\d+Z$/, 'Z')), expected);
      assert.equal(wholeSecondUtc(iso.replace('Z', '123456Z')), expected);
    }
    assert.equal(wholeSecondUtc('not a time'), 'not a time');
  });

  it('the parsed data of an envelope equals parsing its data text', () => {
    const e = parseCloudEvent(envelope);
    assert.deepEqual(e.data, JSON.parse(e.dataText!));
  });
});

describe('dependency hash and subscriptions', () => {
  const dep = (more: Partial<EventDependency> = {}): EventDependency => ({
    name: 'd',
    eventSourceName: 'es',
    eventName: 'ev',
    ...more,
  });

  it('any change of the definition changes the hash; spelling out the default policy does not', () => {
    assert.equal(dependencyHash(dep()), dependencyHash(dep({ jetStream: { deliverPolicy: 'all' } })));
    assert.notEqual(dependencyHash(dep()), dependencyHash(dep({ jetStream: { deliverPolicy: 'new' } })));
    assert.notEqual(dependencyHash(dep()), dependencyHash(dep({ filters: { context: { type: 'x' } } })));
    assert.equal(
      dependencyHash(dep({ filtersLogicalOperator: 'or', eventName: 'ev' })),
      dependencyHash({ eventName: 'ev', filtersLogicalOperator: 'or', name: 'd', eventSourceName: 'es' }),
    );
  });

  it('one durable per subject, named after the last dependency on it, with its deliver policy', () => {
    const plan = planSubscriptions('s', 't', [
      dep({ name: 'a' }),
      dep({ name: 'b', jetStream: { deliverPolicy: 'last' } }),
      dep({ name: 'c', eventName: 'other' }),
    ]);
    assert.deepEqual(plan, [
      {
        subject: 'default.es.ev',
        durable: durableName('s', 't', 'b'),
        deliverPolicy: 'last',
        dependency: 'b',
      },
      {
        subject: 'default.es.other',
        durable: durableName('s', 't', 'c'),
        deliverPolicy: 'all',
        dependency: 'c',
      },
    ]);
  });
});
