/**
 * Delivery and trigger policies against real JetStream (scenarios B2, B3, C8, C9, C10 and the sensor
 * metrics): at-least-once redelivery, at-most-once loss, retries, dead letter, exact rate limit.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { jetstreamManager } from '../../src/bus/index.js';
import { SENSOR_METRICS } from '../../src/sensors/index.js';
import {
  metricValue,
  RecordingDriver,
  runSensor,
  sensorFromYaml,
  startBus,
  waitFor,
  type Bus,
} from './sensor-harness.js';

const sensor = (name: string, trigger: string) =>
  sensorFromYaml(`
apiVersion: argoproj.io/v1alpha1
kind: Sensor
metadata: {name: ${name}}
spec:
  dependencies:
    - {name: test-dep-1, eventSourceName: ${name}-es, eventName: example}
  triggers:
${trigger}`);

describe('sensor policies', () => {
  let bus: Bus;
  before(async () => {
    bus = await startBus();
  });
  after(async () => {
    await bus.close();
  });

  it('B2: atLeastOnce — an unfinished action is redelivered to the next sensor with the same names', async () => {
    const trigger = `    - template: {name: trigger-atleastonce, log: {}}
      atLeastOnce: true
      retryStrategy: {steps: 100, duration: 500s, factor: 5.0}`;
    const failing = new RecordingDriver();
    failing.failNext('trigger-atleastonce');
    const first = await runSensor(bus, sensor('e2e-atleastonce-sensor', trigger), failing);
    const id = await bus.publish('e2e-atleastonce-sensor-es', 'example', {});
    await waitFor(() => first.logs.count('Failed to execute a trigger') === 1);
    await first.running.stop(50); // the next attempt is 500 s away: abandon it
    const ok = new RecordingDriver();
    const second = await runSensor(bus, sensor('e2e-atleastonce-sensor', trigger), ok);
    try {
      await waitFor(() => second.logs.processed('trigger-atleastonce') === 1, { timeout: 15_000 });
      assert.equal(ok.of('trigger-atleastonce')[0]!.events['test-dep-1']!.context.id, id);
    } finally {
      await second.running.stop();
    }
  });

  it('B3: at most once — a failed action is not retried and the event is gone', async () => {
    const trigger = `    - template: {name: trigger-atmostonce, log: {}}
      retryStrategy: {steps: 100, duration: 500s}`;
    const failing = new RecordingDriver();
    failing.failNext('trigger-atmostonce');
    const first = await runSensor(bus, sensor('e2e-atmostonce-sensor', trigger), failing);
    const lost = await bus.publish('e2e-atmostonce-sensor-es', 'example', { n: 1 });
    await waitFor(() => first.logs.count('Failed to execute a trigger') === 1);
    assert.equal(
      await metricValue(first.metrics, SENSOR_METRICS.actionRetriesFailed, 'trigger-atmostonce'),
      1,
    );
    assert.equal(failing.of('trigger-atmostonce').length, 1, 'retryStrategy is ignored without atLeastOnce');
    await first.running.stop();
    const ok = new RecordingDriver();
    const second = await runSensor(bus, sensor('e2e-atmostonce-sensor', trigger), ok);
    try {
      const later = await bus.publish('e2e-atmostonce-sensor-es', 'example', { n: 2 });
      await waitFor(() => ok.of('trigger-atmostonce').length === 1);
      // the durable delivers in stream order: had the first event been pending it would have come first
      const ids = ok.of('trigger-atmostonce').map((e) => e.events['test-dep-1']!.context.id);
      assert.deepEqual(ids, [later]);
      assert.ok(!ids.includes(lost));
    } finally {
      await second.running.stop();
    }
  });

  it('C8: retries — attempts spaced by the backoff, every failure counted, message acked after', async () => {
    const rec = new RecordingDriver();
    rec.failNext('retried');
    const { running, logs, metrics } = await runSensor(
      bus,
      sensor(
        'c8-retries',
        `    - template: {name: retried, log: {}}
      atLeastOnce: true
      retryStrategy: {steps: 3, duration: 100ms, factor: 2, jitter: 0}
    - template: {name: defaults, log: {}}
      atLeastOnce: true
      retryStrategy: {duration: 10ms}`,
      ),
      rec,
    );
    rec.failNext('defaults');
    try {
      await bus.publish('c8-retries-es', 'example', {});
      await waitFor(() => rec.of('retried').length === 3 && rec.of('defaults').length === 5);
      await waitFor(
        async () => (await metricValue(metrics, SENSOR_METRICS.actionRetriesFailed, 'retried')) === 1,
      );
      const at = rec.of('retried').map((e) => e.at);
      assert.ok(at[1]! - at[0]! >= 95, `second attempt after ≥100 ms, was ${at[1]! - at[0]!}`);
      assert.ok(at[2]! - at[1]! >= 195, `third attempt after ≥200 ms, was ${at[2]! - at[1]!}`);
      assert.equal(await metricValue(metrics, SENSOR_METRICS.actionFailed, 'retried'), 3);
      assert.equal(await metricValue(metrics, SENSOR_METRICS.actionTriggered, 'retried'), 0);
      await waitFor(
        async () => (await metricValue(metrics, SENSOR_METRICS.actionRetriesFailed, 'defaults')) === 1,
      );
      assert.equal(logs.count('Failed to execute a trigger'), 8);
      const info = await (await jetstreamManager(bus.nc)).consumers.list('default').next();
      assert.ok(
        info.every((c) => c.num_ack_pending === 0),
        'everything acked',
      );
    } finally {
      await running.stop();
    }
  });

  it('C9: the dead-letter trigger runs after the retries are exhausted', async () => {
    const rec = new RecordingDriver();
    rec.failNext('main');
    const { running, logs, metrics } = await runSensor(
      bus,
      sensor(
        'c9-dlq',
        `    - template: {name: main, log: {}}
      atLeastOnce: true
      retryStrategy: {steps: 2, duration: 10ms}
      dlqTrigger:
        template: {name: dlq, log: {}}
        atLeastOnce: true`,
      ),
      rec,
    );
    try {
      await bus.publish('c9-dlq-es', 'example', { x: 1 });
      await waitFor(() => logs.processed('dlq') === 1);
      assert.equal(rec.of('main').length, 2);
      assert.deepEqual(rec.of('dlq')[0]!.events['test-dep-1']!.data, { x: 1 });
      assert.equal(await metricValue(metrics, SENSOR_METRICS.actionRetriesFailed, 'main'), 1);
      assert.equal(await metricValue(metrics, SENSOR_METRICS.actionRetriesFailed, 'dlq'), 0);
      assert.equal(await metricValue(metrics, SENSOR_METRICS.actionTriggered, 'dlq'), 1);
    } finally {
      await running.stop();
    }
  });

  it('C10: rate limit is exact — never more than requestsPerUnit starts in any one-unit window', async () => {
    const rec = new RecordingDriver();
    const { running, metrics } = await runSensor(
      bus,
      sensor(
        'c10-rate',
        `    - template: {name: limited, log: {}}
      rateLimit: {unit: Second, requestsPerUnit: 4}`,
      ),
      rec,
    );
    try {
      await Promise.all(Array.from({ length: 10 }, (_, i) => bus.publish('c10-rate-es', 'example', { i })));
      await waitFor(() => rec.of('limited').length === 10, { timeout: 10_000 });
      const at = rec.of('limited').map((e) => e.at);
      for (let i = 4; i < at.length; i++)
        assert.ok(
          at[i]! - at[i - 4]! >= 1000,
          `starts ${i - 4} and ${i} are ${at[i]! - at[i - 4]!} ms apart`,
        );
      assert.ok(at[9]! - at[0]! >= 2250);
      await waitFor(
        async () => (await metricValue(metrics, SENSOR_METRICS.actionTriggered, 'limited')) === 10,
      );
      const text = await metrics.metrics();
      assert.match(
        text,
        /argo_events_action_duration_milliseconds_count\{namespace="default",sensor_name="c10-rate",trigger_name="limited"\} 10/,
      );
      assert.doesNotMatch(text, /quantile/);
    } finally {
      await running.stop();
    }
  });
});
