/**
 * `conditionsReset` against real JetStream (scenario C4): a reset that happened while the sensor was
 * down applies on start, and a live cron tick clears the stored partial events.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { kvPut, openKv } from '../../src/bus/index.js';
import { RecordingDriver, runSensor, sensorFromYaml, startBus, waitFor, type Bus } from './sensor-harness.js';

const yaml = (name: string, cron: string, tz = '') => `
apiVersion: argoproj.io/v1alpha1
kind: Sensor
metadata: {name: ${name}}
spec:
  dependencies:
    - {name: a, eventSourceName: ${name}, eventName: a}
    - {name: b, eventSourceName: ${name}, eventName: b}
  triggers:
    - template:
        name: t
        conditions: "a && b"
        conditionsReset: [{byTime: {cron: "${cron}"${tz ? `, timezone: ${tz}` : ''}}}]
        log: {}
`;

describe('conditions reset', () => {
  let bus: Bus;
  before(async () => {
    bus = await startBus();
  });
  after(async () => {
    await bus.close();
  });

  it('C4: partial events stored before the last tick are discarded when the trigger subscribes', async () => {
    const kv = await openKv(bus.nc, 'c4-restart');
    const event = {
      specversion: '1.0',
      id: 'old-a',
      source: 'c4-restart',
      type: 'webhook',
      subject: 'a',
      time: '2020-01-01T09:00:00Z',
      datacontenttype: 'application/json',
      data: { old: true },
    };
    // stored long before the last 1 January midnight (New York): a reset has happened since
    await kvPut(
      kv,
      't/a',
      JSON.stringify({
        StreamSeq: 1,
        ConsumerSeq: 1,
        Timestamp: '2020-01-01T10:00:00.123456789Z',
        Event: event,
      }),
    );
    const rec = new RecordingDriver();
    const { running, logs } = await runSensor(
      bus,
      sensorFromYaml(yaml('c4-restart', '0 0 1 1 *', 'America/New_York')),
      rec,
    );
    try {
      assert.equal((await kv.get('t/a'))?.operation, 'DEL');
      assert.ok(logs.count('discarded partial events older than the last conditions reset') === 1);
      await bus.publish('c4-restart', 'b', {});
      await waitFor(async () => (await kv.get('t/b'))?.operation === 'PUT');
      assert.equal(rec.of('t').length, 0);
      await bus.publish('c4-restart', 'a', { fresh: true });
      await waitFor(() => rec.of('t').length === 1);
      assert.deepEqual(rec.of('t')[0]!.events.a!.data, { fresh: true });
    } finally {
      await running.stop();
    }
  });

  it(
    'C4: a cron tick clears the stored partial events (waits for the next minute, or the one after)',
    { timeout: 150_000 },
    async () => {
      const kv = await openKv(bus.nc, 'c4-tick');
      const rec = new RecordingDriver();
      const { running, logs } = await runSensor(bus, sensorFromYaml(yaml('c4-tick', '* * * * *')), rec);
      try {
        await bus.publish('c4-tick', 'a', {});
        await waitFor(() => logs.count('dependency stored as partial state') === 1); // not the KV: a tick may clear it at once
        // A tick that fired while `a` was on its way ran first and found nothing to clear (resets and
        // event groups are serialized): the next one must clear it.
        const clearedA = () =>
          logs.lines.some(
            (l) => l.msg === 'reset conditions' && (l.cleared as string[] | undefined)?.includes('a'),
          );
        try {
          await waitFor(clearedA, { timeout: 130_000, interval: 200 });
        } catch (err) {
          const resets = logs.lines.filter((l) => /reset/.test(String(l.msg)));
          throw new Error(`no reset cleared a: ${JSON.stringify(resets)}`, { cause: err });
        }
        assert.notEqual((await kv.get('t/a'))?.operation, 'PUT');
        await bus.publish('c4-tick', 'b', {});
        await waitFor(async () => (await kv.get('t/b'))?.operation === 'PUT');
        assert.equal(rec.of('t').length, 0);
      } finally {
        await running.stop();
      }
    },
  );
});
