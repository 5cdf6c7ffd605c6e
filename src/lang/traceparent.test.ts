import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatTraceparent, parseTraceparent, parseTracestate } from './traceparent.js';

const TP = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';

test('a valid traceparent is parsed and formats back to itself', () => {
  const tp = parseTraceparent(TP);
  assert.deepEqual(tp, { traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', flags: 1 });
  assert.equal(formatTraceparent(tp!), TP);
});

test('malformed traceparents are refused, never thrown', () => {
  for (const bad of [
    undefined,
    '',
    'garbage',
    TP.toUpperCase(),
    TP + '-x', // version 00 has exactly 4 fields
    'ff' + TP.slice(2),
    '00-00000000000000000000000000000000-b7ad6b7169203331-01',
    '00-0af7651916cd43dd8448eb211c80319c-0000000000000000-01',
    '00-0af7651916cd43dd8448eb211c80319c-b7ad6b716920333z-01',
    '00_0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
  ])
    assert.equal(parseTraceparent(bad), undefined, String(bad));
});

test('a future version is read by its version-00 prefix', () => {
  assert.equal(parseTraceparent('01' + TP.slice(2) + '-future')?.spanId, 'b7ad6b7169203331');
  assert.equal(parseTraceparent('01' + TP.slice(2) + 'x'), undefined);
});

test('tracestate: valid lists are kept (trimmed), invalid ones dropped', () => {
  assert.equal(
    parseTracestate('rojo=00f067aa0ba902b7, congo=t61rcWkgMzE'),
    'rojo=00f067aa0ba902b7,congo=t61rcWkgMzE',
  );
  assert.equal(parseTracestate('a@b=c'), 'a@b=c');
  assert.equal(parseTracestate('no equals'), undefined);
  assert.equal(parseTracestate('k=a\u0001b'), undefined);
  assert.equal(parseTracestate(Array.from({ length: 33 }, (_, i) => `k${i}=v`).join(',')), undefined);
  assert.equal(parseTracestate(''), undefined);
});
