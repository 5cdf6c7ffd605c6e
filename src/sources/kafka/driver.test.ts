/**
 * The kafka source in-process against librdkafka's mock cluster (kcat `-X test.mock.num.brokers=3`,
 * the real Kafka protocol): partition mode, a bus failure read again (not lost), a non-JSON value
 * under jsonBody skipped, and the error of unreachable brokers (names them, never the password).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Kafka, logLevel, type Producer } from 'kafkajs';
import { freePort, startKafka, waitFor, type TestKafka } from '../../../test/harness/index.js';
import { secretEnv, testContext } from '../broker/testing.js';
import type { KafkaEventSource } from '../../api/index.js';
import { kafkaDriver } from './driver.js';

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

describe('kafka source', { timeout: 120_000 }, () => {
  it('partition mode reads only its partition, from the newest offset', async () => {
    const topic = `part-${Date.now()}`;
    await producer.send({ topic, messages: [{ partition: 2, value: '{"old":true}' }] });
    const c = testContext<KafkaEventSource>('kafka', {
      url: cluster.brokers,
      topic,
      partition: '2',
      jsonBody: true,
    });
    const l = await kafkaDriver.start(c.ctx);
    try {
      // "newest" is looked up at the first fetch, after the join: probe until the listener reads
      await waitFor(
        async () => {
          await producer.send({ topic, messages: [{ partition: 2, value: '{"probe":true}' }] });
          return c.events.length > 0;
        },
        { timeout: 60_000, interval: 500 },
      );
      await producer.send({
        topic,
        messages: [
          { partition: 1, value: '{"p":1}' },
          { partition: 2, value: '{"p":2}' },
        ],
      });
      await waitFor(() => c.events.some((e) => e.body.p === 2), { timeout: 30_000 });
      assert.ok(c.events.every((e) => e.partition === 2 && e.body.old === undefined && e.body.p !== 1));
      assert.match(c.events[0].timestamp, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)? \+0000 UTC$/);
    } finally {
      await l.stop();
    }
  });

  it('group mode: a refused dispatch is read again; non-JSON under jsonBody is skipped', async () => {
    const topic = `retry-${Date.now()}`;
    await producer.send({
      topic,
      messages: [
        { partition: 0, value: '{"n":1}' },
        { partition: 0, value: 'not json' },
        { partition: 0, value: '{"n":3}' },
      ],
    });
    const c = testContext<KafkaEventSource>('kafka', {
      url: cluster.brokers,
      topic,
      jsonBody: true,
      consumerGroup: { groupName: `g-${Date.now()}`, oldest: true, rebalanceStrategy: 'sticky' },
    });
    c.failNext = 1;
    const l = await kafkaDriver.start(c.ctx);
    try {
      await waitFor(() => c.events.length >= 2, { timeout: 60_000 });
      // n:3 was stored while n:1 failed (a batch dispatches concurrently): the partition is read
      // again from n:1, so n:3 comes twice here; on the bus its deterministic id dedupes it
      await waitFor(() => c.events.filter((e) => e.body.n === 3).length >= 2, { timeout: 60_000 });
      assert.deepEqual(c.events.map((e) => e.body).slice(-2), [{ n: 1 }, { n: 3 }]);
      assert.equal(c.processingFailed >= 1, true);
      assert.ok(c.logs.some((r) => r.msg === 'failed to dispatch a kafka event, reading it again'));
      assert.ok(c.logs.some((r) => /sticky.*not available/.test(String(r.msg))));
    } finally {
      await l.stop();
    }
  });

  it('unreachable brokers: the error names them, the password stays out', async () => {
    const url = `127.0.0.1:${await freePort()},127.0.0.1:${await freePort()}`;
    const c = testContext<KafkaEventSource>(
      'kafka',
      {
        url,
        topic: 't',
        consumerGroup: { groupName: 'g' },
        connectionBackoff: { steps: 2, duration: '10ms' },
        sasl: {
          mechanism: 'PLAIN',
          userSecret: { name: 's', key: 'u' },
          passwordSecret: { name: 's', key: 'p' },
        },
      },
      secretEnv('s', { u: 'user', p: 'hunter2-kafka-pw' }),
    );
    const err = await kafkaDriver.start(c.ctx).then(
      () => assert.fail('started'),
      (e: Error) => e,
    );
    assert.match(err.message, new RegExp(`cannot reach kafka ${url.replace(/\./g, '\\.')}`));
    assert.equal(c.logs.filter((r) => r.msg === 'failed to connect to the kafka cluster').length, 2);
    assert.ok(!JSON.stringify(c.logs).includes('hunter2-kafka-pw'));
    assert.ok(!`${err.message} ${String(err.cause)}`.includes('hunter2-kafka-pw'));
  });
});
