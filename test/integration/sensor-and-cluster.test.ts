/**
 * `a && b` on a 3-node bus: each durable's deliveries come from its own consumer leader, and one can lag
 * the other by hundreds of milliseconds under load. Every pair of a burst of perfectly interleaved
 * events must still fire with its own partner (the ordered merge asks a consumer that said "nothing
 * more" before letting the other's later messages overtake it). Before that, 1–13% of the pairs of a
 * 20,000-event burst were lost here.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eventSubject } from '../../src/api/index.js';
import {
  connectBus,
  DEFAULT_STREAM_SETTINGS,
  ensureStream,
  jetstreamManager,
  Publisher,
  type NatsConnection,
} from '../../src/bus/index.js';
import { EnvelopeWriter, eventTime } from '../../src/sources/index.js';
import { waitFor } from '../harness/index.js';
import { startTrackedBus, type TrackedBus } from './bus-local-helpers.js';
import {
  RecordingDriver,
  runSensor,
  sensorFromYaml,
  twoDependencySensor,
  type Bus,
} from './sensor-harness.js';

const PAIRS = 4000;

describe('a && b on a 3-node bus', { timeout: 180_000 }, () => {
  let tracked: TrackedBus;
  let nc: NatsConnection;
  before(
    async () => {
      tracked = await startTrackedBus({ name: 'pairs', spec: { version: 'latest', replicas: 3 } });
      nc = await connectBus({ ...tracked.bus.connectOptions(), name: 'pairs-test' });
      await ensureStream(
        await jetstreamManager(nc),
        { ...DEFAULT_STREAM_SETTINGS, replicas: 3 },
        {
          jetStreamServers: 3,
        },
      );
    },
    { timeout: 90_000 },
  );
  after(
    async () => {
      await nc?.close();
      await tracked?.stop();
    },
    { timeout: 60_000 },
  );

  it(`fires all ${PAIRS} interleaved pairs, each with its own partner`, async () => {
    const rec = new RecordingDriver();
    const sensor = sensorFromYaml(twoDependencySensor('pairs', 'burst', 'a && b', ['atLeastOnce: true']));
    const { running } = await runSensor({ nc } as Bus, sensor, rec);
    const pub = new Publisher(nc);
    const writers = {
      a: new EnvelopeWriter('burst', 'a', 'webhook'),
      b: new EnvelopeWriter('burst', 'b', 'webhook'),
    };
    try {
      // as fast as the publisher's window allows, a0 b0 a1 b1 …: the stream holds them in that order
      for (let i = 0; i < PAIRS; i++) {
        for (const ev of ['a', 'b'] as const) {
          if (pub.full) await pub.waitForSlot();
          const id = `${ev}-${i}`;
          pub.publishCb(
            eventSubject('burst', ev),
            writers[ev].write(id, eventTime(), `{"i":${i}}`),
            id,
            (e) => {
              if (e) throw e;
            },
          );
        }
      }
      await pub.flush();
      await waitFor(() => rec.of('t').length >= PAIRS, {
        timeout: 120_000,
        message: `${rec.of('t').length} of ${PAIRS} firings`,
      });
      const pairs = rec
        .of('t')
        .map((x) => [(x.events.a!.data as { i: number }).i, (x.events.b!.data as { i: number }).i]);
      assert.deepEqual(
        pairs,
        Array.from({ length: PAIRS }, (_, i) => [i, i]),
      );
    } finally {
      await pub.drain();
      await running.stop();
    }
  });
});
