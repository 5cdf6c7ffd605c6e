import assert from 'node:assert/strict';
import net from 'node:net';
import { test } from 'node:test';
import { Registry } from 'prom-client';
import { TRACE_SPANS_DROPPED_METRIC } from '../../api/index.js';
import { startTracing, stopTracing, tracer, tracingConfig, TracingConfigError } from './index.js';

test('tracing is off unless an endpoint is configured, and OTEL_SDK_DISABLED wins', () => {
  assert.equal(tracingConfig({}), undefined);
  assert.equal(tracer.on, false);
  const env = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/' };
  assert.equal(tracingConfig(env)?.tracesUrl, 'http://collector:4318/v1/traces');
  assert.equal(tracingConfig({ ...env, OTEL_SDK_DISABLED: 'true' }), undefined);
  assert.equal(tracingConfig({ ...env, OTEL_TRACES_EXPORTER: 'none' }), undefined);
  assert.equal(tracingConfig({}, { endpoint: '' }), undefined);
});

test('the flag beats the variables; the traces variable is used as is', () => {
  const env = {
    OTEL_EXPORTER_OTLP_ENDPOINT: 'http://a:4318',
    OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://b:4318/custom',
  };
  assert.equal(tracingConfig(env)?.tracesUrl, 'http://b:4318/custom');
  assert.equal(tracingConfig(env, { endpoint: 'http://c:1' })?.tracesUrl, 'http://c:1/v1/traces');
});

test('service name, sampler and ratio from the standard variables', () => {
  const base = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://a:4318' };
  assert.deepEqual(tracingConfig(base, { serviceName: 'jetflow-sensor-x' }), {
    tracesUrl: 'http://a:4318/v1/traces',
    serviceName: 'jetflow-sensor-x',
    sampler: 'parentbased_always_on',
    ratio: 1,
  });
  const c = tracingConfig({
    ...base,
    OTEL_SERVICE_NAME: 'mine',
    OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
    OTEL_TRACES_SAMPLER_ARG: '0.01',
  });
  assert.equal(c?.serviceName, 'mine');
  assert.equal(c?.sampler, 'parentbased_traceidratio');
  assert.equal(c?.ratio, 0.01);
});

test('bad configuration names the variable or flag and what was expected', () => {
  const base = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://a:4318' };
  assert.throws(() => tracingConfig({ ...base, OTEL_TRACES_SAMPLER: 'sometimes' }), {
    name: 'TracingConfigError',
    message: /^OTEL_TRACES_SAMPLER: expected one of always_on, .* got "sometimes"$/,
  });
  assert.throws(
    () => tracingConfig({ ...base, OTEL_TRACES_SAMPLER_ARG: '2' }),
    /OTEL_TRACES_SAMPLER_ARG: expected a number between 0 and 1/,
  );
  assert.throws(() => tracingConfig({}, { endpoint: 'localhost:4318' }), TracingConfigError);
  assert.throws(
    () => tracingConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'grpc://x' }),
    /OTEL_EXPORTER_OTLP_ENDPOINT: expected an http\(s\) URL/,
  );
});

test('an unreachable collector never blocks: the queue is bounded, drops are counted in a metric', async () => {
  // a port nobody listens on
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address() as net.AddressInfo;
  await new Promise<void>((r) => srv.close(() => r()));
  const registry = new Registry();
  const cfg = tracingConfig({}, { endpoint: `http://127.0.0.1:${port}` })!;
  await startTracing(cfg, { registry, maxQueueSize: 10, ringSize: 8 });
  try {
    assert.equal(tracer.on, true);
    const b = tracer.b!;
    const t0 = performance.now();
    for (let i = 0; i < 1000; i++) b.start(`s${i}`, 'internal', undefined).end();
    const ms = performance.now() - t0;
    assert.ok(ms < 5000, `1000 spans took ${ms} ms`);
    assert.ok(b.dropped() >= 990, `dropped ${b.dropped()}`);
    assert.equal(b.ring.byTraces(new Set()).length, 0);
    // the exported-but-failed ones are counted too, once the export gives up
    await b.flush().catch(() => undefined);
    const text = await registry.metrics();
    const m = new RegExp(`^${TRACE_SPANS_DROPPED_METRIC} (\\d+)$`, 'm').exec(text);
    assert.ok(m, text);
    assert.ok(Number(m[1]) >= 990);
  } finally {
    await stopTracing();
  }
  assert.equal(tracer.on, false);
});

test('the ring keeps the most recent spans, by trace', async () => {
  await startTracing(tracingConfig({}, { endpoint: 'http://127.0.0.1:9' })!, {
    ringSize: 4,
    maxQueueSize: 1,
  });
  try {
    const b = tracer.b!;
    const root = b.start(
      'root',
      'server',
      b.remote('00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01'),
    );
    const child = b.start('child', 'internal', root);
    child.end();
    root.end();
    for (let i = 0; i < 3; i++) b.start(`other${i}`, 'internal', undefined).end();
    const kept = b.ring.byTrace('0af7651916cd43dd8448eb211c80319c');
    assert.deepEqual(
      kept.map((s) => s.name),
      ['root'],
    ); // 'child' was overwritten (ring of 4)
    assert.equal(kept[0]!.parentSpanId, 'b7ad6b7169203331');
    assert.equal(b.remote('garbage'), undefined);
    assert.equal(b.headers(root).traceparent.slice(0, 36), '00-0af7651916cd43dd8448eb211c80319c-');
  } finally {
    await stopTracing();
  }
});
