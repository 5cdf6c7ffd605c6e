/**
 * The broker stand-ins of the `process-kill/<broker>` scenarios, each a real protocol server the test
 * starts and stops by PID: librdkafka's mock cluster (through kcat), the local SQS server
 * (test/harness/aws/sqs-server.ts, SigV4-checked, real SDK client in the source) and azurite. Only
 * the jetflow source is killed; the stand-in lives for the whole run, so what it stored (queued
 * messages, visibility timeouts, committed group offsets) survives the source's restarts.
 * @module
 */
import { QueueServiceClient } from '@azure/storage-queue';
import { Kafka, logLevel } from 'kafkajs';
import { secretEnv } from '../../src/sources/broker/testing.js';
import { startSqsServer } from '../harness/aws/sqs-server.js';
import { startAzuriteQueue } from '../harness/azurite.js';
import { MOCK_PARTITIONS, startKafka } from '../harness/index.js';

/** Event name of the chaos EventSource's one event. */
export const EVENT = 'load';

export interface BrokerStandIn {
  /** The EventSource `spec:` body (one event named {@link EVENT}), indented by two spaces. */
  sourceSpec: string;
  /** Secrets of the source process, as environment variables. */
  env: Record<string, string>;
  /** A log line of the source that says it consumes. */
  readyLine: string;
  /** Produce one message per uid (body `{"uid": …}`); resolves once the broker accepted them all. */
  produce(uids: string[]): Promise<void>;
  /** True once the broker holds nothing the source has not acknowledged (deleted / committed). */
  settled(): Promise<boolean>;
  /** Broker-side figures for the report (e.g. redeliveries). */
  figures(): Record<string, number>;
  stop(): Promise<void>;
}

export const STAND_INS: Record<string, () => Promise<BrokerStandIn>> = {
  kafka: kafkaStandIn,
  sqs: sqsStandIn,
  azureQueueStorage: azureStandIn,
};

const body = (uid: string) => JSON.stringify({ uid });

/** Mock cluster, 3 brokers; a consumer group, so the source commits offsets after the PubAck. */
async function kafkaStandIn(): Promise<BrokerStandIn> {
  const cluster = await startKafka(3);
  const kafka = new Kafka({ brokers: cluster.brokers.split(','), logLevel: logLevel.NOTHING });
  const producer = kafka.producer();
  const admin = kafka.admin();
  const topic = `chaos-${Date.now()}`;
  const groupId = 'jetflow-chaos';
  try {
    await Promise.all([producer.connect(), admin.connect()]);
    // the mock creates the topic on first produce: create it before the group joins (no uid: ignored)
    const warm = Array.from({ length: MOCK_PARTITIONS }, (_, p) => ({ partition: p, value: '{}' }));
    await producer.send({ topic, messages: warm });
  } catch (e) {
    await cluster.stop();
    throw e;
  }
  return {
    sourceSpec: [
      'kafka:',
      `  ${EVENT}:`,
      `    url: "${cluster.brokers}"`,
      `    topic: ${topic}`,
      '    jsonBody: true',
      `    consumerGroup: {groupName: ${groupId}, oldest: true}`,
    ].join('\n'),
    env: {},
    readyLine: 'joined the kafka consumer group',
    async produce(uids) {
      await producer.send({ topic, messages: uids.map((u) => ({ key: u, value: body(u) })) });
    },
    async settled() {
      const ends = await admin.fetchTopicOffsets(topic);
      const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
      const at = new Map(committed!.partitions.map((p) => [p.partition, p.offset]));
      return ends.every((e) => at.get(e.partition) === e.high);
    },
    figures: () => ({}),
    async stop() {
      await Promise.allSettled([producer.disconnect(), admin.disconnect()]);
      await cluster.stop();
    },
  };
}

/** The local SQS server; a short visibility timeout so what a killed source held comes back soon. */
async function sqsStandIn(): Promise<BrokerStandIn> {
  const key = { accessKeyId: 'AKIDCHAOSTEST', secretAccessKey: 'chaos-test-secret-access-key' };
  const sqs = await startSqsServer(key);
  const queue = 'chaos';
  sqs.createQueue(queue, { visibilityMs: 5000 });
  return {
    sourceSpec: [
      'sqs:',
      `  ${EVENT}:`,
      `    endpoint: ${sqs.endpoint}`,
      '    region: us-east-1',
      `    queue: ${queue}`,
      '    waitTimeSeconds: 1',
      '    jsonBody: true',
      '    accessKey: {name: aws-secret, key: accesskey}',
      '    secretKey: {name: aws-secret, key: secretkey}',
    ].join('\n'),
    env: secretEnv('aws-secret', { accesskey: key.accessKeyId, secretkey: key.secretAccessKey }),
    readyLine: 'listening for messages on the queue',
    async produce(uids) {
      for (const u of uids) sqs.send(queue, body(u)); // as another producer would
    },
    settled: () => Promise.resolve(sqs.remaining(queue) === 0),
    figures() {
      const received = sqs.messages(queue).filter((m) => m.receives > 0);
      return {
        redeliveries: received.reduce((n, m) => n + m.receives - 1, 0),
        refusedSignatures: sqs.refused.length,
      };
    },
    stop: () => sqs.stop(),
  };
}

/** Azurite's queue service; the source uses Azure's default 30 s visibility timeout. */
async function azureStandIn(): Promise<BrokerStandIn> {
  const az = await startAzuriteQueue();
  const q = QueueServiceClient.fromConnectionString(az.connectionString).getQueueClient('chaos');
  try {
    await q.create();
  } catch (e) {
    await az.stop();
    throw e;
  }
  return {
    sourceSpec: [
      'azureQueueStorage:',
      `  ${EVENT}:`,
      '    queueName: chaos',
      '    jsonBody: true',
      '    waitTimeInSeconds: 1',
      '    connectionString: {name: azure-secret, key: connectionstring}',
    ].join('\n'),
    env: secretEnv('azure-secret', { connectionstring: az.connectionString }),
    readyLine: 'listening for messages on the queue',
    async produce(uids) {
      await Promise.all(uids.map((u) => q.sendMessage(body(u))));
    },
    // the approximate count includes invisible (received, not deleted) messages
    settled: async () => (await q.getProperties()).approximateMessagesCount === 0,
    figures: () => ({}),
    stop: () => az.stop(),
  };
}
