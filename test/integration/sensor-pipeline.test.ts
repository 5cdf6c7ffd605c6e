/**
 * The per-dependency pipeline through the bus (scenarios C11–C14): transform before filters, each
 * filter kind deciding, and trigger-level parameters reaching the driver.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { RecordingDriver, runSensor, sensorFromYaml, startBus, waitFor, type Bus } from './sensor-harness.js';

const SENSOR = `
apiVersion: argoproj.io/v1alpha1
kind: Sensor
metadata: {name: pipeline}
spec:
  dependencies:
    - name: lua
      eventSourceName: wh
      eventName: lua
      transform: {script: "event.body.message='updated'\\nreturn event"}
      filters: {data: [{path: body.message, type: string, value: ["^updated$"]}]}
    - name: jq
      eventSourceName: wh
      eventName: jq
      transform: {jq: ".body.message |= ascii_upcase"}
      filters:
        exprs: [{expr: 'm == "HELLO" && n > 50', fields: [{name: m, path: body.message}, {name: n, path: body.n}]}]
    - name: jq-bad
      eventSourceName: wh
      eventName: jq-bad
      transform: {jq: ".body.message"}
    - name: script
      eventSourceName: wh
      eventName: script
      filters: {script: 'return event.body.a == "b"', context: {type: webhook}}
  triggers:
    - template: {name: t-lua, conditions: lua, log: {}}
      parameters:
        - {src: {dependencyName: lua, dataKey: body.message}, dest: log.note}
        - {src: {dependencyName: lua, dataTemplate: "{{ .Input.body.name | nospace | lower }}-"}, dest: log.name, operation: append}
    - template: {name: t-jq, conditions: jq, log: {}}
    - template: {name: t-jq-bad, conditions: jq-bad, log: {}}
    - template: {name: t-script, conditions: script, log: {}}
`;

describe('sensor pipeline', () => {
  let bus: Bus;
  before(async () => {
    bus = await startBus();
  });
  after(async () => {
    await bus.close();
  });

  it('C11–C14: transform, filters and parameters', async () => {
    const rec = new RecordingDriver();
    const { running, logs } = await runSensor(bus, sensorFromYaml(SENSOR), rec);
    try {
      await bus.publish('wh', 'lua', { body: { message: 'hi', name: 'Foo Bar' } });
      await bus.publish('wh', 'jq', { body: { message: 'hello', n: 51 } });
      await bus.publish('wh', 'jq', { body: { message: 'hello', n: 50 } });
      await bus.publish('wh', 'jq-bad', { body: { message: 'x' } });
      await bus.publish('wh', 'script', { body: { a: 'c' } });
      await bus.publish('wh', 'script', { body: { a: 'b' } }, { type: 'calendar' });
      const sentinel = await bus.publish('wh', 'script', { body: { a: 'b' } });
      await waitFor(() => rec.of('t-script').some((e) => e.events.script!.context.id === sentinel));
      await waitFor(() => rec.of('t-lua').length === 1 && rec.of('t-jq').length === 1);
      const lua = rec.of('t-lua')[0]!;
      assert.deepEqual(lua.events.lua!.data, { body: { message: 'updated', name: 'Foo Bar' } });
      assert.equal(lua.events.lua!.context.datacontenttype, 'application/json');
      assert.deepEqual(lua.resolved, { note: 'updated', name: 'foobar-' });
      assert.deepEqual(rec.of('t-jq')[0]!.events.jq!.data, { body: { message: 'HELLO', n: 51 } });
      await waitFor(() => logs.count('failed to apply event transformation') === 1);
      assert.equal(rec.of('t-jq-bad').length, 0);
      assert.equal(rec.of('t-script').length, 1, 'a != b and type calendar are filtered out');
    } finally {
      await running.stop();
    }
  });
});
