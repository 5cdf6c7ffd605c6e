import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startTracing, stopTracing, tracingConfig } from '../bus/index.js';
import { msgIdHeader } from '../bus/publish-types.js';
import { fieldGetter, traceOptions } from './trace-context.js';

const TP = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';

test('tracing off: no trace options, whatever the headers say', () => {
  assert.equal(
    traceOptions(() => TP),
    undefined,
  );
});

test('tracing on: traceparent/tracestate from strings, buffers (AMQP), lists (MQTT), stream fields', async () => {
  await startTracing(tracingConfig({}, { endpoint: 'http://127.0.0.1:9' })!);
  try {
    const h: Record<string, unknown> = { traceparent: TP, tracestate: 'a=b' };
    assert.deepEqual(
      traceOptions((k) => h[k]),
      { traceparent: TP, tracestate: 'a=b' },
    );
    assert.deepEqual(
      traceOptions((k) => (k === 'traceparent' ? Buffer.from(TP) : undefined)),
      { traceparent: TP },
    );
    assert.deepEqual(
      traceOptions((k) => (k === 'traceparent' ? [TP, 'x'] : undefined)),
      { traceparent: TP },
    );
    assert.deepEqual(traceOptions(fieldGetter(['x', '1', 'traceparent', TP])), { traceparent: TP });
    assert.equal(
      traceOptions(() => undefined),
      undefined,
    );
    assert.equal(
      traceOptions(() => 42),
      undefined,
    );
  } finally {
    await stopTracing();
  }
});

test('the bus header block carries the trace context next to Nats-Msg-Id', () => {
  const block = (
    msgIdHeader('id1', { traceparent: TP, tracestate: undefined }) as unknown as { encode(): Uint8Array }
  ).encode();
  assert.equal(Buffer.from(block).toString(), `NATS/1.0\r\nNats-Msg-Id: id1\r\ntraceparent: ${TP}\r\n\r\n`);
  assert.throws(() => msgIdHeader('id1', { traceparent: 'a\r\nb' }), /invalid header/);
});
