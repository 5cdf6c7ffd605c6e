/**
 * Kafka source ingest: N records are produced to a 4-partition topic of librdkafka's mock cluster
 * (kcat, test/harness/kafka.ts) first; then a kafka EventSource (consumer group, oldest) hosted by
 * EventSourceHost reads them; the figure is stored events/s from the first stored event until the
 * stream holds all N (offset commits included; the group join before it is left out). Compare with `A publish` (raw js.publish) of the run.
 */
import pino from 'pino';
import { Registry } from 'prom-client';
import { Kafka, logLevel } from 'kafkajs';
import { eventSubject, SecretStore, STREAM_NAME } from '../../src/api/index.js';
import { jetstreamManager, Publisher } from '../../src/bus/index.js';
import { EventSourceHost, SOURCE_DRIVERS } from '../../src/sources/index.js';
import { startKafka, waitFor } from '../../test/harness/index.js';
import type { BenchBus } from '../lib/bus.js';

export async function kafkaIngest(bus: BenchBus, n: number): Promise<number> {
  const cluster = await startKafka();
  const nc = await bus.connect('bench-kafka');
  const publisher = new Publisher(nc);
  const topic = `bench-${Date.now()}`;
  const value = JSON.stringify({ message: 'hello', pad: 'x'.repeat(900) });
  try {
    const producer = new Kafka({
      brokers: cluster.brokers.split(','),
      logLevel: logLevel.NOTHING,
    }).producer();
    await producer.connect();
    for (let i = 0; i < n; i += 500)
      await producer.send({
        topic,
        messages: Array.from({ length: Math.min(500, n - i) }, (_, k) => ({ key: `k${i + k}`, value })),
      });
    await producer.disconnect();
    const host = new EventSourceHost({
      eventSource: {
        metadata: { name: 'benchkafka' },
        spec: {
          kafka: {
            ev: {
              url: cluster.brokers,
              topic,
              jsonBody: true,
              consumerGroup: { groupName: 'bench', oldest: true },
            },
          },
        },
      },
      publisher,
      secrets: new SecretStore({ env: {} }),
      logger: pino({ level: 'silent' }),
      registry: new Registry(),
      drivers: SOURCE_DRIVERS,
    });
    const jsm = await jetstreamManager(nc);
    const subject = eventSubject('benchkafka', 'ev');
    const stored = async () =>
      (await jsm.streams.info(STREAM_NAME, { subjects_filter: subject })).state.subjects?.[subject] ?? 0;
    host.start();
    try {
      await host.ready();
      // from the first stored event: the group join (a few seconds in kafkajs) is not ingest
      await waitFor(async () => (await stored()) >= 1, { timeout: 60_000, interval: 5 });
      const t0 = performance.now();
      const first = await stored();
      await waitFor(async () => (await stored()) >= n, { timeout: 300_000, interval: 20 });
      return (n - first) / ((performance.now() - t0) / 1000);
    } finally {
      await host.stop();
    }
  } finally {
    await publisher.drain();
    await nc.close();
    await cluster.stop();
  }
}
