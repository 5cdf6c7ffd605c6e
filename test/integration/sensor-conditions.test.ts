/**
 * Conditions against real JetStream (scenarios A6, A8, A9, C1, C2, C3): AND state in KV, OR without
 * state, latest event wins, the default AND of all dependencies, duplicate dependencies, AND pairing
 * in stream order over a burst.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openKv } from '../../src/bus/index.js';
import {
  RecordingDriver,
  runSensor,
  sensorFromYaml,
  startBus,
  twoDependencySensor,
  waitFor,
  type Bus,
} from './sensor-harness.js';

const threeDeps = (name: string, triggers: string) => `
apiVersion: argoproj.io/v1alpha1
kind: Sensor
metadata: {name: ${name}}
spec:
  dependencies:
    - {name: test-dep-1, eventSourceName: ${name}-es, eventName: example1}
    - {name: test-dep-2, eventSourceName: ${name}-es, eventName: example2}
    - {name: test-dep-3, eventSourceName: ${name}-es, eventName: example3}
  triggers:
${triggers}`;

describe('sensor conditions', () => {
  let bus: Bus;
  before(async () => {
    bus = await startBus();
  });
  after(async () => {
    await bus.close();
  });

  it('A6: (dep1 && dep2) || dep3 with a second single-dependency trigger', async () => {
    const s = sensorFromYaml(
      threeDeps(
        'e2e-multi-dep',
        `    - template: {name: log-trigger-1, conditions: "(test-dep-1 && test-dep-2) || test-dep-3", log: {}}
    - template: {name: log-trigger-2, conditions: "test-dep-1", log: {}}`,
      ),
    );
    const rec = new RecordingDriver();
    const { running, logs } = await runSensor(bus, s, rec);
    try {
      assert.equal(logs.count('Sensor started.'), 1);
      await bus.publish('e2e-multi-dep-es', 'example1', {});
      await waitFor(() => logs.processed('log-trigger-2') === 1);
      assert.equal(logs.processed('log-trigger-1'), 0);
      await bus.publish('e2e-multi-dep-es', 'example2', {});
      await waitFor(() => logs.processed('log-trigger-1') === 1);
      assert.deepEqual(Object.keys(rec.of('log-trigger-1')[0]!.events).sort(), ['test-dep-1', 'test-dep-2']);
      await bus.publish('e2e-multi-dep-es', 'example2', {}); // stored
      // different subjects have no order between them (spec §6.3): let dep-2 be stored first
      const kv = await openKv(bus.nc, 'e2e-multi-dep');
      await waitFor(async () => (await kv.get('log-trigger-1/test-dep-2'))?.operation === 'PUT');
      await bus.publish('e2e-multi-dep-es', 'example3', {});
      await waitFor(() => logs.processed('log-trigger-1') === 2);
      // the stored dep-2 event is part of the firing (spec §5 step 3)
      assert.deepEqual(Object.keys(rec.of('log-trigger-1')[1]!.events).sort(), ['test-dep-2', 'test-dep-3']);
      assert.equal(await kv.get('log-trigger-1/test-dep-2').then((e) => e?.operation), 'DEL');
      assert.equal(logs.processed('log-trigger-2'), 1);
    } finally {
      await running.stop();
    }
  });

  it('C1: A && B fires once with the latest A', async () => {
    const s = sensorFromYaml(twoDependencySensor('c1-latest', 'c1', 'a && b'));
    const rec = new RecordingDriver();
    const { running, logs } = await runSensor(bus, s, rec);
    try {
      for (let i = 1; i <= 10; i++) await bus.publish('c1', 'a', { n: i });
      // no order holds across dependencies (spec §6.3): let a10 be stored before b1 arrives
      const kv = await openKv(bus.nc, 'c1-latest');
      await waitFor(async () => {
        const e = await kv.get('t/a');
        return e?.operation === 'PUT' && e.json<{ Event: { data: { n: number } } }>().Event.data.n === 10;
      });
      await bus.publish('c1', 'b', { n: 'b1' });
      await waitFor(() => logs.processed('t') === 1);
      const ex = rec.of('t')[0]!;
      assert.deepEqual(ex.events.a!.data, { n: 10 });
      assert.deepEqual(ex.events.b!.data, { n: 'b1' });
    } finally {
      await running.stop();
    }
    assert.equal(rec.of('t').length, 1);
  });

  it('A && B over a burst: events are paired in stream order across the two durables', async () => {
    const s = sensorFromYaml(twoDependencySensor('and-burst', 'burst', 'a && b', ['atLeastOnce: true']));
    // published before the sensor starts: both durables begin with a backlog of 150
    for (let i = 0; i < 150; i++) {
      await bus.publish('burst', 'a', { i });
      await bus.publish('burst', 'b', { i });
    }
    const rec = new RecordingDriver();
    const { running } = await runSensor(bus, s, rec);
    try {
      await waitFor(() => rec.of('t').length === 150, { timeout: 20_000 });
      const pairs = rec.of('t').map((x) => [x.events.a!.data, x.events.b!.data] as { i: number }[]);
      assert.deepEqual(
        pairs.map(([a, b]) => [a!.i, b!.i]),
        Array.from({ length: 150 }, (_, i) => [i, i]),
      );
      const kv = await openKv(bus.nc, 'and-burst');
      assert.notEqual((await kv.get('t/a'))?.operation, 'PUT');
      assert.notEqual((await kv.get('t/b'))?.operation, 'PUT');
    } finally {
      await running.stop();
    }
  });

  it('C2: A || B fires per event and stores nothing', async () => {
    const s = sensorFromYaml(twoDependencySensor('c2-or', 'c2', 'a || b'));
    const rec = new RecordingDriver();
    const { running } = await runSensor(bus, s, rec);
    try {
      await bus.publish('c2', 'a', { x: 1 });
      await bus.publish('c2', 'b', { x: 2 });
      await bus.publish('c2', 'a', { x: 3 });
      await waitFor(() => rec.of('t').length === 3);
      for (const e of rec.of('t')) assert.equal(Object.keys(e.events).length, 1);
      const kv = await openKv(bus.nc, 'c2-or');
      assert.equal(await kv.get('t/a'), null);
      assert.equal(await kv.get('t/b'), null);
    } finally {
      await running.stop();
    }
  });

  it('C3: no conditions means the AND of all dependencies', async () => {
    const s = sensorFromYaml(threeDeps('c3-default', `    - template: {name: t, log: {}}`));
    const rec = new RecordingDriver();
    const { running } = await runSensor(bus, s, rec);
    try {
      await bus.publish('c3-default-es', 'example1', {});
      await bus.publish('c3-default-es', 'example2', {});
      const kv = await openKv(bus.nc, 'c3-default');
      await waitFor(async () => (await kv.get('t/test-dep-2'))?.operation === 'PUT');
      assert.equal(rec.of('t').length, 0);
      await bus.publish('c3-default-es', 'example3', {});
      await waitFor(() => rec.of('t').length === 1);
      assert.deepEqual(Object.keys(rec.of('t')[0]!.events).sort(), [
        'test-dep-1',
        'test-dep-2',
        'test-dep-3',
      ]);
    } finally {
      await running.stop();
    }
  });

  it('A9/A8: duplicate dependencies on one subject — one event can satisfy both; a filter can block one', async () => {
    const yaml = (name: string, filters: boolean) => `
apiVersion: argoproj.io/v1alpha1
kind: Sensor
metadata: {name: ${name}}
spec:
  dependencies:
    - name: test-dep-1
      eventSourceName: cal
      eventName: example
${filters ? '      filters: {data: [{path: metadata.baz, type: string, value: ["1.0"]}]}' : ''}
    - name: test-dep-2
      eventSourceName: cal
      eventName: example
${filters ? '      filters: {data: [{path: metadata.foo, type: string, value: ["baz"]}]}' : ''}
  triggers:
    - template: {name: log-trigger, log: {}}
`;
    const rec = new RecordingDriver();
    const both = await runSensor(bus, sensorFromYaml(yaml('e2e-duplicate-dep', false)), rec);
    const filtered = await runSensor(bus, sensorFromYaml(yaml('e2e-duplicate-dep-filter', true)), rec);
    try {
      await bus.publish('cal', 'example', { eventTime: 'now', metadata: { baz: '1.0', foo: 'bar' } });
      await bus.publish('cal', 'example', { eventTime: 'later', metadata: { baz: '1.0', foo: 'bar' } });
      await waitFor(() => both.logs.processed('log-trigger') === 2);
      await waitFor(() => filtered.logs.count('not interested in dependency test-dep-2') === 2);
      assert.equal(filtered.logs.processed('log-trigger'), 0);
    } finally {
      await both.running.stop();
      await filtered.running.stop();
    }
  });
});
