/**
 * Consumption and state across sensor restarts against real JetStream (scenarios A7, B4, C5, C7, C18):
 * deliver policies on events published before the sensor existed, durable resume, spec-change
 * reconciliation, sensor-side dedup.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { durableName } from '../../src/api/index.js';
import { jetstream, jetstreamManager, openKv } from '../../src/bus/index.js';
import { RecordingDriver, runSensor, sensorFromYaml, startBus, waitFor, type Bus } from './sensor-harness.js';

const ids = (rec: RecordingDriver, t: string) => rec.of(t).map((e) => Object.values(e.events)[0]!.context.id);

describe('sensor delivery and state', () => {
  let bus: Bus;
  before(async () => {
    bus = await startBus();
  });
  after(async () => {
    await bus.close();
  });

  it('C18: deliver policies all / last / new / absent on events published before the sensor existed', async () => {
    const e1 = await bus.publish('c18', 'ev', { n: 1 });
    const e2 = await bus.publish('c18', 'ev', { n: 2 });
    const yaml = (policy: string) => `
apiVersion: argoproj.io/v1alpha1
kind: Sensor
metadata: {name: c18-deliver}
spec:
  dependencies:
    - {name: d-all, eventSourceName: c18, eventName: ev, jetStream: {deliverPolicy: all}}
    - {name: d-last, eventSourceName: c18, eventName: ev, jetStream: {deliverPolicy: last}}
    - {name: d-new, eventSourceName: c18, eventName: ev, jetStream: {deliverPolicy: ${policy}}}
    - {name: d-absent, eventSourceName: c18, eventName: ev}
  triggers:
    - template: {name: t-all, conditions: d-all, log: {}}
    - template: {name: t-last, conditions: d-last, log: {}}
    - template: {name: t-new, conditions: d-new, log: {}}
    - template: {name: t-absent, conditions: d-absent, log: {}}
`;
    const rec = new RecordingDriver();
    let run = await runSensor(bus, sensorFromYaml(yaml('new')), rec);
    const e3 = await bus.publish('c18', 'ev', { n: 3 });
    await waitFor(
      () =>
        rec.of('t-all').length === 3 &&
        rec.of('t-last').length === 2 &&
        rec.of('t-new').length === 1 &&
        rec.of('t-absent').length === 3,
    );
    assert.deepEqual(ids(rec, 't-all'), [e1, e2, e3]);
    assert.deepEqual(ids(rec, 't-last'), [e2, e3]);
    assert.deepEqual(ids(rec, 't-new'), [e3]);
    assert.deepEqual(ids(rec, 't-absent'), [e1, e2, e3]);
    await run.running.stop();
    // a restart replays nothing; changing d-new's policy to all purges and recreates only its durable
    const rec2 = new RecordingDriver();
    run = await runSensor(bus, sensorFromYaml(yaml('all')), rec2);
    try {
      assert.deepEqual(run.running.reconciled.changedDependencies, ['d-new']);
      const e4 = await bus.publish('c18', 'ev', { n: 4 });
      await waitFor(() => rec2.of('t-new').length === 4 && rec2.of('t-all').length === 1);
      assert.deepEqual(ids(rec2, 't-new'), [e1, e2, e3, e4]);
      assert.deepEqual(ids(rec2, 't-all'), [e4]);
      assert.deepEqual(ids(rec2, 't-last'), [e4]);
    } finally {
      await run.running.stop();
    }
  });

  it('A7: partial state and durables survive a sensor restart', async () => {
    const yaml = `
apiVersion: argoproj.io/v1alpha1
kind: Sensor
metadata: {name: e2e-durable-consumer}
spec:
  dependencies:
    - {name: test-dep-1, eventSourceName: a7, eventName: example1}
    - {name: test-dep-2, eventSourceName: a7, eventName: example2}
  triggers:
    - template: {name: log-trigger-1, conditions: "test-dep-1 && test-dep-2", log: {}}
`;
    const rec = new RecordingDriver();
    const first = await runSensor(bus, sensorFromYaml(yaml), rec);
    await bus.publish('a7', 'example1', { a: 1 });
    const kv = await openKv(bus.nc, 'e2e-durable-consumer');
    await waitFor(async () => (await kv.get('log-trigger-1/test-dep-1'))?.operation === 'PUT');
    await first.running.stop();
    await bus.publish('a7', 'example2', { b: 1 }); // published while the sensor is down
    const second = await runSensor(bus, sensorFromYaml(yaml), rec);
    try {
      await waitFor(() => second.logs.processed('log-trigger-1') === 1);
      assert.deepEqual(rec.of('log-trigger-1')[0]!.events['test-dep-1']!.data, { a: 1 });
    } finally {
      await second.running.stop();
    }
  });

  it("B4: a changed trigger expression discards that trigger's partial state", async () => {
    const yaml = (conditions: string) => `
apiVersion: argoproj.io/v1alpha1
kind: Sensor
metadata: {name: e2e-trigger-spec-change}
spec:
  dependencies:
    - {name: test-dep-1, eventSourceName: b4, eventName: example1}
    - {name: test-dep-2, eventSourceName: b4, eventName: example2}
    - {name: test-dep-3, eventSourceName: b4, eventName: example3}
  triggers:
    - template: {name: log-trigger-1, conditions: "${conditions}", log: {}}
`;
    const rec = new RecordingDriver();
    const first = await runSensor(bus, sensorFromYaml(yaml('(test-dep-1 && test-dep-2) || test-dep-3')), rec);
    await bus.publish('b4', 'example1', {});
    const kv = await openKv(bus.nc, 'e2e-trigger-spec-change');
    await waitFor(async () => (await kv.get('log-trigger-1/test-dep-1'))?.operation === 'PUT');
    await first.running.stop();
    const second = await runSensor(bus, sensorFromYaml(yaml('test-dep-1 && test-dep-2')), rec);
    try {
      assert.deepEqual(second.running.reconciled.changedTriggers, ['log-trigger-1']);
      assert.notEqual((await kv.get('log-trigger-1/test-dep-1'))?.operation, 'PUT');
      await bus.publish('b4', 'example3', {});
      await bus.publish('b4', 'example2', {});
      await waitFor(async () => (await kv.get('log-trigger-1/test-dep-2'))?.operation === 'PUT');
      assert.equal(rec.of('log-trigger-1').length, 0, 'dep-3 is gone and dep-1 was purged');
      await bus.publish('b4', 'example1', {});
      await waitFor(() => rec.of('log-trigger-1').length === 1);
    } finally {
      await second.running.stop();
    }
  });

  it('C5: editing a dependency purges only that dependency and recreates its durable', async () => {
    const yaml = (bFilter: string) => `
apiVersion: argoproj.io/v1alpha1
kind: Sensor
metadata: {name: c5-edit}
spec:
  dependencies:
    - {name: a, eventSourceName: c5, eventName: a}
    - {name: b, eventSourceName: c5, eventName: b, filters: {data: [{path: x, type: string, value: ["${bFilter}"]}]}}
  triggers:
    - template: {name: t, conditions: "a && b", log: {}}
`;
    const rec = new RecordingDriver();
    const kv = await openKv(bus.nc, 'c5-edit');
    const jsm = await jetstreamManager(bus.nc);
    let run = await runSensor(bus, sensorFromYaml(yaml('one')), rec);
    await bus.publish('c5', 'a', { x: 'a1' });
    await waitFor(async () => (await kv.get('t/a'))?.operation === 'PUT');
    await run.running.stop();
    const oldB = await jsm.consumers.info('default', durableName('c5-edit', 't', 'b'));
    const whileDown = await bus.publish('c5', 'b', { x: 'two' }); // skipped: b's durable is recreated with deliver new
    run = await runSensor(bus, sensorFromYaml(yaml('two')), rec);
    try {
      assert.deepEqual(run.running.reconciled.changedDependencies, ['b']);
      const newB = await jsm.consumers.info('default', durableName('c5-edit', 't', 'b'));
      assert.notEqual(newB.created, oldB.created);
      assert.equal((await kv.get('t/a'))?.operation, 'PUT', 'a is kept');
      const fresh = await bus.publish('c5', 'b', { x: 'two' });
      await waitFor(() => rec.of('t').length === 1);
      assert.deepEqual(rec.of('t')[0]!.events.a!.data, { x: 'a1' });
      assert.equal(rec.of('t')[0]!.events.b!.context.id, fresh);
      assert.notEqual(fresh, whileDown);
    } finally {
      await run.running.stop();
    }
  });

  it('C7: the same event id twice within 60 s is processed once (and acked)', async () => {
    const rec = new RecordingDriver();
    const yaml = `
apiVersion: argoproj.io/v1alpha1
kind: Sensor
metadata: {name: c7-dedup}
spec:
  dependencies: [{name: d, eventSourceName: c7, eventName: ev}]
  triggers: [{template: {name: t, log: {}}}]
`;
    const { running, logs } = await runSensor(bus, sensorFromYaml(yaml), rec);
    try {
      const id = await bus.publish('c7', 'ev', { n: 1 });
      await waitFor(() => rec.of('t').length === 1);
      // a re-publish outside the stream's dedup window is simulated with a different Nats-Msg-Id
      const env = {
        specversion: '1.0',
        id,
        source: 'c7',
        type: 'webhook',
        subject: 'ev',
        time: new Date().toISOString(),
        datacontenttype: 'application/json',
        data: { n: 2 },
      };
      await jetstream(bus.nc).publish('default.c7.ev', JSON.stringify(env), { msgID: `${id}-copy` });
      const sentinel = await bus.publish('c7', 'ev', { n: 3 });
      await waitFor(() => rec.of('t').some((e) => e.events.d!.context.id === sentinel));
      assert.deepEqual(ids(rec, 't'), [id, sentinel]);
      assert.ok(logs.lines.some((l) => l.msg === 'already received an event with this id, ignoring it'));
    } finally {
      await running.stop();
    }
  });
});
