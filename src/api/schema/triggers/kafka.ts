/** `kafka` trigger (spec/sensor.md §10). */
import { z } from 'zod';
import { basicAuth, obj, saslConfig, stringMap, tlsConfig } from '../common.js';
import { secureHeader, triggerParameters } from '../sensor/parameters.js';
import { requirePayload, requireText, type TriggerCheck } from './context.js';

export const schemaRegistryConfig = obj({
  url: z.string(),
  /** Avro schema id; the payload is framed as 0 + 4-byte id + Avro binary. */
  schemaId: z.number().int().optional(),
  auth: basicAuth.optional(),
});

export const kafkaTrigger = obj({
  /** Comma-separated brokers. */
  url: z.string().optional(),
  topic: z.string().optional(),
  /** Deprecated and ignored. */
  partition: z.number().int().optional(),
  parameters: triggerParameters.optional(),
  /** 0 means the default (all in-sync replicas). @default 0 */
  requiredAcks: z.number().int().optional(),
  /** Snappy compression. @default false */
  compress: z.boolean().optional(),
  /** Batch flush interval in milliseconds. @default 500 */
  flushFrequency: z.number().int().optional(),
  tls: tlsConfig.optional(),
  payload: triggerParameters.optional(),
  /** Message key. */
  partitioningKey: z.string().optional(),
  /** Kafka protocol version. @default "1.0.0" */
  version: z.string().optional(),
  sasl: saslConfig.optional(),
  schemaRegistry: schemaRegistryConfig.optional(),
  headers: stringMap.optional(),
  secureHeaders: z.array(secureHeader).optional(),
});
export type KafkaTrigger = z.infer<typeof kafkaTrigger>;

export function checkKafka(t: KafkaTrigger, c: TriggerCheck): void {
  requireText(c, 'url', t.url, 'broker url must not be empty');
  requireText(c, 'topic', t.topic, 'topic must not be empty');
  requirePayload(c, t.payload, 'payload must not be empty');
  c.params(t.parameters, [...c.at, 'parameters']);
  if (t.partition !== undefined)
    c.sink.warn([...c.at, 'partition'], 'partition is deprecated and ignored (use partitioningKey)');
  if (t.requiredAcks !== undefined && (t.requiredAcks < -1 || t.requiredAcks > 32767))
    c.sink.error(
      [...c.at, 'requiredAcks'],
      `expected -1 (all), 0 (default) or a replica count, found ${t.requiredAcks}`,
    );
  if (t.flushFrequency !== undefined && t.flushFrequency < 0)
    c.sink.error([...c.at, 'flushFrequency'], `expected milliseconds >= 0, found ${t.flushFrequency}`);
  if (t.version !== undefined && !/^\d+\.\d+\.\d+(\.\d+)?$/.test(t.version))
    c.sink.error(
      [...c.at, 'version'],
      `expected a Kafka version such as "2.8.0", found ${JSON.stringify(t.version)}`,
    );
  if (t.schemaRegistry && !t.schemaRegistry.url)
    c.sink.error(
      [...c.at, 'schemaRegistry', 'url'],
      'schema registry url is required: expected a non-empty string, found ""',
    );
}
