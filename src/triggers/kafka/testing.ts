/**
 * Test support for the kafka trigger: templates and a reader that collects a topic's records (with
 * their partitions) from a mock cluster. Never imported by the runtime.
 * @module
 */
import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import type { KafkaTrigger } from '../../api/index.js';

export function kafkaTemplate(url: string, extra: Partial<KafkaTrigger> = {}): KafkaTrigger {
  return {
    url,
    topic: `trig-${randomUUID().slice(0, 8)}`,
    payload: [{ src: { dependencyName: 'test-dep', dataKey: 'body.message' }, dest: 'message' }],
    flushFrequency: 20,
    secureHeaders: [{ name: 'X-Token', valueFrom: { secretKeyRef: { name: 'hdr', key: 'token' } } }],
    ...extra,
  };
}

export interface Record_ {
  partition: number;
  key: string;
  value: string;
  headers: Record<string, string>;
}

/** Read `topic` from the beginning into `records` until `close()`. */
export async function topicReader(brokers: string, topic: string) {
  const kafka = new Kafka({ brokers: brokers.split(','), logLevel: logLevel.NOTHING });
  const consumer: Consumer = kafka.consumer({ groupId: `reader-${randomUUID().slice(0, 8)}` });
  const records: Record_[] = [];
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  await consumer.run({
    eachMessage: ({ partition, message }) => {
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(message.headers ?? {})) headers[k] = String(v);
      records.push({
        partition,
        key: message.key?.toString() ?? '',
        value: message.value?.toString() ?? '',
        headers,
      });
      return Promise.resolve();
    },
  });
  return { records, close: () => consumer.disconnect() };
}
