/**
 * `EventSource` (spec/eventsource.md): common spec fields plus one map per source type, event name →
 * that type's configuration (schemas in `./sources/`). Defaults are not written into the parsed output;
 * the runtime applies {@link eventSourceDefaults}.
 * @module
 */
import { z } from 'zod';
import { SOURCE_TYPES, type SourceType } from '../source-types.js';
import { envelope, k8sList, metadata, obj, podTemplate } from './common.js';
import { sourceSchemas } from './sources/index.js';

/** Pod template (upstream `Template`); kept, unused without Kubernetes. */
export const eventSourceTemplate = podTemplate;

/** Optional ClusterIP Service upstream creates for the pods (intended for testing). */
export const eventSourceService = obj({
  metadata: metadata.optional(),
  /** Kubernetes ServicePorts; the Service exists only when this is non-empty. */
  ports: k8sList.optional(),
  clusterIP: z.string().optional(),
});

type SourceMaps = { [K in SourceType]: z.ZodOptional<z.ZodRecord<z.ZodString, (typeof sourceSchemas)[K]>> };
const sourceMaps = Object.fromEntries(
  SOURCE_TYPES.map((t) => [t, z.record(z.string(), sourceSchemas[t]).optional()]),
) as SourceMaps;

export const eventSourceSpec = obj({
  /** EventBus in the same namespace. @default "default" */
  eventBusName: z.string().optional(),
  /** Replicas of upstream's deployment; values < 1 mean 1. @default 1 */
  replicas: z.number().int().optional(),
  template: eventSourceTemplate.optional(),
  service: eventSourceService.optional(),
  ...sourceMaps,
});
export type EventSourceSpec = z.infer<typeof eventSourceSpec>;

export const eventSourceSchema = obj({
  ...envelope,
  kind: z.literal('EventSource'),
  spec: eventSourceSpec,
});
export type EventSource = z.infer<typeof eventSourceSchema>;

/** Upstream defaults the runtime applies when a field is absent (not written into parsed resources). */
export const eventSourceDefaults = {
  eventBusName: 'default',
  replicas: 1,
  /** `connectionBackoff` when absent. */
  connectionBackoff: { duration: '1s', factor: 1, jitter: 1, steps: 5 },
  webhook: { maxPayloadSize: 1048576 },
  sftp: { pollIntervalDuration: '10s' },
  hdfs: { checkInterval: '1m' },
  bitbucketserver: { checkInterval: '1m' },
  redis: { db: 0 },
  redisStream: { db: 0, maxMsgCountPerRead: 10, consumerGroup: 'argo-events-cg' },
  azureQueueStorage: { waitTimeInSeconds: 3 },
  kafka: { version: '1.0.0', rebalanceStrategy: 'range' },
  storageGrid: { region: 'us-east-1' },
  /** AMQP sub-objects, each applied only when the whole sub-object is absent. */
  amqp: {
    exchangeDeclare: { durable: true, autoDelete: false, internal: false, noWait: false },
    queueDeclare: { name: '', durable: false, autoDelete: false, exclusive: true, noWait: false },
    queueBind: { noWait: false },
    consume: { consumerTag: '', autoAck: true, exclusive: false, noLocal: false, noWait: false },
  },
} as const;

export { eventSourceSemantics } from './eventsource-semantics.js';
export { sourceSchemas, sourceChecks, type SourceConfig } from './sources/index.js';
