/**
 * The source contract (src/sources/contract.ts) for `kafka`, against librdkafka's mock cluster (kcat
 * `-X test.mock.num.brokers=3`: the real Kafka protocol) and a real nats-server.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before } from 'node:test';
import { Kafka, logLevel, type Producer } from 'kafkajs';
import { describeSourceContract } from '../contract.js';
import { freePort, startKafka, startNats, type TestKafka } from '../../../test/harness/index.js';
import { kafkaDriver } from './driver.js';

const topic = `contract-${randomUUID().slice(0, 8)}`;
let cluster: TestKafka;
let producer: Producer;
before(async () => {
  cluster = await startKafka();
  producer = new Kafka({ brokers: cluster.brokers.split(','), logLevel: logLevel.NOTHING }).producer();
  await producer.connect();
});
after(async () => {
  await producer?.disconnect();
  await cluster?.stop();
});

describeSourceContract({
  driver: kafkaDriver,
  startBus: () => startNats(),
  config: () => ({
    url: cluster.brokers,
    topic,
    jsonBody: true,
    metadata: { team: 'a' },
    consumerGroup: { groupName: `g-${randomUUID().slice(0, 8)}`, oldest: true },
  }),
  trigger: async () => {
    await producer.send({
      topic,
      messages: [
        { key: 'k1', value: JSON.stringify({ n: 1 }), headers: { h: 'v' }, timestamp: '1700000000123' },
      ],
    });
  },
  expectData: (data) =>
    assert.deepEqual(data, {
      topic,
      key: 'k1',
      partition: (data as { partition: number }).partition,
      body: { n: 1 },
      timestamp: '2023-11-14 22:13:20.123 +0000 UTC',
      headers: { h: 'v' },
      metadata: { team: 'a' },
    }),
  failingConfig: async () => ({
    url: `127.0.0.1:${await freePort()}`,
    topic,
    consumerGroup: { groupName: 'unreachable' },
    connectionBackoff: { steps: 1 },
  }),
  timeoutMs: 60_000,
});
