/**
 * The kafka trigger against librdkafka's mock cluster (kcat `-X test.mock.num.brokers=3`, the real
 * Kafka protocol): the trigger contract, the partitioning key placed with upstream's partitioner,
 * batched produce calls, and the SASL mapping (the mock has no SASL or TLS: unit-tested here).
 */
import assert from 'node:assert/strict';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { Kafka, logLevel } from 'kafkajs';
import { freePort, startKafka, waitFor, type TestKafka } from '../../../test/harness/index.js';
import { SecretStore } from '../../api/index.js';
import { kafkaClientConfig } from '../../sources/kafka/index.js';
import { secretEnv } from '../../sources/broker/testing.js';
import {
  captureLogs,
  contractContext,
  describeTriggerContract,
  makeEvent,
  secretStoreOf,
} from '../contract.js';
import { Batcher } from './batcher.js';
import { createKafkaDriver } from './driver.js';
import { saramaPartition } from './partitioner.js';
import { kafkaTemplate, topicReader } from './testing.js';
import type { KafkaTrigger } from '../../api/index.js';

const MOCK_PARTITIONS = 4;
let cluster: TestKafka;
before(async () => {
  cluster = await startKafka();
});
after(() => cluster?.stop());

/** Create `topic` by producing to it (the mock's createTopics is refused: it names no controller). */
async function createTopic(topic: string) {
  const p = new Kafka({ brokers: cluster.brokers.split(','), logLevel: logLevel.NOTHING }).producer();
  await p.connect();
  await p.send({ topic, messages: [{ key: 'warm', value: 'warm' }] });
  await p.disconnect();
}

async function silentServer() {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((s) => void sockets.add(s));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `127.0.0.1:${(server.address() as AddressInfo).port}`,
    stop: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

describeTriggerContract<KafkaTrigger>({
  type: 'kafka',
  driver: () => createKafkaDriver({ timeoutMs: 1000 }),
  secrets: { hdr: { token: 'kafka-header-t0ken' } },
  timeoutMs: 8000,
  async accepting() {
    const template = kafkaTemplate(cluster.brokers, { headers: { team: 'a' } });
    await createTopic(template.topic!);
    const reader = await topicReader(cluster.brokers, template.topic!);
    return {
      template,
      async expectDelivered(events) {
        const r = await waitFor(() => reader.records.find((x) => x.key !== 'warm'), { timeout: 30_000 });
        assert.deepEqual(JSON.parse(r.value), { message: 'hello from the contract' });
        assert.equal(r.headers.team, 'a');
        assert.equal(r.headers['X-Token'], 'kafka-header-t0ken');
        assert.equal(r.headers['X-Jetflow-Event-Id'], events['test-dep']!.context.id);
      },
      stop: () => reader.close(),
    };
  },
  refused: async () => kafkaTemplate(`127.0.0.1:${await freePort()}`),
  async hanging() {
    const s = await silentServer();
    return { template: kafkaTemplate(s.url), stop: () => s.stop() };
  },
});

describe('kafka trigger on the mock cluster', () => {
  it('places each partitioningKey on the partition upstream (Sarama hash) picks; one batch', async () => {
    const keys = ['alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta', 'eta', 'theta'];
    const topic = `keys-${Date.now()}`;
    await createTopic(topic);
    const driver = createKafkaDriver({ timeoutMs: 5000 });
    const capture = captureLogs();
    const ctx = contractContext('kafka', capture, secretStoreOf({ hdr: { token: 'kafka-header-t0ken' } }));
    const prepared = await driver.prepare(kafkaTemplate(cluster.brokers, { topic }), ctx);
    const reader = await topicReader(cluster.brokers, topic);
    try {
      // partitioningKey comes from a parameter (upstream: a template field set by parameters)
      await Promise.all(
        keys.map((k, i) =>
          prepared.execute(
            kafkaTemplate(cluster.brokers, {
              topic,
              flushFrequency: 200,
              parameters: [
                { src: { dependencyName: 'test-dep', dataKey: 'body.key' }, dest: 'partitioningKey' },
              ],
            }),
            { 'test-dep': makeEvent({ body: { key: k, message: `m${i}` } }, `e${i}`) },
            ctx,
          ),
        ),
      );
      await waitFor(() => reader.records.filter((r) => r.key !== 'warm').length === keys.length, {
        timeout: 30_000,
      });
      const got = reader.records.filter((r) => r.key !== 'warm');
      for (const r of got) assert.equal(r.partition, saramaPartition(r.key, MOCK_PARTITIONS), r.key);
      assert.ok(new Set(got.map((r) => r.partition)).size > 1, 'keys spread over partitions');
    } finally {
      await reader.close();
      await prepared.close?.();
    }
  });

  it('Sarama hash partitioner: FNV-1a 32 as int32, abs of the remainder', () => {
    // values computed independently with BigInt: fnv1a32("b") = 0xe70c2de5 → int32 -418632219
    assert.equal(saramaPartition('a', 4), 0);
    assert.equal(saramaPartition('b', 4), 3);
    assert.equal(saramaPartition('b', 7), 5);
    assert.equal(saramaPartition('key-1', 4), 2);
  });

  it('Batcher: one send per flush window, up to maxSize; errors reach every member', async () => {
    const sends: number[] = [];
    const b = new Batcher(
      (batch) => {
        sends.push(batch.reduce((n, t) => n + t.messages.length, 0));
        return Promise.resolve();
      },
      50,
      3,
    );
    await Promise.all([1, 2, 3, 4, 5].map((i) => b.add('t', { value: String(i) })));
    assert.deepEqual(sends, [3, 2]);
    const bad = new Batcher(() => Promise.reject(new Error('leader not available')), 10);
    const r = await Promise.allSettled([bad.add('t', { value: 'a' }), bad.add('u', { value: 'b' })]);
    assert.deepEqual(
      r.map((x) => x.status),
      ['rejected', 'rejected'],
    );
  });

  it('SASL/TLS config mapping (the mock has neither): mechanisms, secrets, refusals', () => {
    const secrets = new SecretStore({ env: secretEnv('k', { user: 'bob', pass: 's3cret-pw', ca: 'CA' }) });
    const sasl = (mechanism?: string) => ({
      mechanism: mechanism as 'PLAIN',
      userSecret: { name: 'k', key: 'user' },
      passwordSecret: { name: 'k', key: 'pass' },
    });
    const c = kafkaClientConfig({ url: 'a:9092, b:9092', sasl: sasl('SCRAM-SHA-512') }, secrets, 'id');
    assert.deepEqual(c.brokers, ['a:9092', 'b:9092']);
    assert.deepEqual(c.sasl, { mechanism: 'scram-sha-512', username: 'bob', password: 's3cret-pw' });
    assert.equal(kafkaClientConfig({ url: 'a:1', sasl: sasl() }, secrets, 'id').sasl?.mechanism, 'plain');
    assert.equal(
      kafkaClientConfig({ url: 'a:1', sasl: sasl('SCRAM-SHA-256') }, secrets, 'id').sasl?.mechanism,
      'scram-sha-256',
    );
    assert.throws(() => kafkaClientConfig({ url: 'a:1', sasl: sasl('GSSAPI') }, secrets, 'id'), /GSSAPI/);
    assert.throws(() => kafkaClientConfig({ url: ' , ' }, secrets, 'id'), /at least one broker/);
    const tls = kafkaClientConfig(
      { url: 'a:1', tls: { caCertSecret: { name: 'k', key: 'ca' } } },
      secrets,
      'id',
    );
    assert.deepEqual(tls.ssl, { ca: 'CA', rejectUnauthorized: true });
  });
});
