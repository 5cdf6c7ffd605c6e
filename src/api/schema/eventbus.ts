/** `EventBus` (spec/eventbus.md). Only JetStream buses run in jetflow; `nats` and `kafka` are refused. */
import { z } from 'zod';
import {
  containerTemplate,
  envelope,
  k8sList,
  k8sObject,
  metadata,
  obj,
  persistenceStrategy,
  saslConfig,
  secretKeySelector,
  stringMap,
  tlsConfig,
} from './common.js';

/** Managed JetStream cluster (`spec.jetstream`). */
export const jetStreamBus = obj({
  /** Key into the controller config's versions (a nats-server binary locally). Required. */
  version: z.string().optional(),
  /** Number of nats-server nodes. @default 3 */
  replicas: z.number().int().optional(),
  containerTemplate: containerTemplate.optional(),
  reloaderContainerTemplate: containerTemplate.optional(),
  metricsContainerTemplate: containerTemplate.optional(),
  persistence: persistenceStrategy.optional(),
  metadata: metadata.optional(),
  nodeSelector: stringMap.optional(),
  tolerations: k8sList.optional(),
  securityContext: k8sObject.optional(),
  imagePullSecrets: k8sList.optional(),
  priorityClassName: z.string().optional(),
  priority: z.number().int().optional(),
  affinity: k8sObject.optional(),
  serviceAccountName: z.string().optional(),
  /** Body of the server `jetstream {}` block; replaces the controller default. */
  settings: z.string().optional(),
  /** Extra nats-server arguments. */
  startArgs: z.array(z.string()).optional(),
  /** YAML merged over the controller's default stream config. */
  streamConfig: z.string().optional(),
  /** Server max_payload (NATS size literal). @default "1MB" */
  maxPayload: z.string().optional(),
});
export type JetStreamBus = z.infer<typeof jetStreamBus>;

/** An existing JetStream server (`spec.jetstreamExotic`). */
export const jetStreamConfig = obj({
  url: z.string().optional(),
  accessSecret: secretKeySelector.optional(),
  streamConfig: z.string().optional(),
  tls: tlsConfig.optional(),
});
export type JetStreamConfig = z.infer<typeof jetStreamConfig>;

/** Legacy NATS Streaming bus: parsed so that lint can explain it is not supported. */
const natsBus = obj({
  native: obj({
    replicas: z.number().int().optional(),
    auth: z.string().optional(),
    persistence: persistenceStrategy.optional(),
    containerTemplate: containerTemplate.optional(),
    metricsContainerTemplate: containerTemplate.optional(),
    nodeSelector: stringMap.optional(),
    tolerations: k8sList.optional(),
    metadata: metadata.optional(),
    securityContext: k8sObject.optional(),
    maxAge: z.string().optional(),
    imagePullSecrets: k8sList.optional(),
    serviceAccountName: z.string().optional(),
    priorityClassName: z.string().optional(),
    priority: z.number().int().optional(),
    affinity: k8sObject.optional(),
    maxMsgs: z.number().int().optional(),
    maxBytes: z.string().optional(),
    maxSubs: z.number().int().optional(),
    maxPayload: z.string().optional(),
    raftHeartbeatTimeout: z.string().optional(),
    raftElectionTimeout: z.string().optional(),
    raftLeaseTimeout: z.string().optional(),
    raftCommitTimeout: z.string().optional(),
  }).optional(),
  exotic: obj({
    url: z.string().optional(),
    clusterID: z.string().optional(),
    auth: z.string().optional(),
    accessSecret: secretKeySelector.optional(),
  }).optional(),
});

const kafkaBus = obj({
  url: z.string().optional(),
  topic: z.string().optional(),
  version: z.string().optional(),
  tls: tlsConfig.optional(),
  sasl: saslConfig.optional(),
  consumerGroup: obj({
    groupName: z.string().optional(),
    oldest: z.boolean().optional(),
    rebalanceStrategy: z.string().optional(),
  }).optional(),
  partitioner: z.string().optional(),
});

export const eventBusSpec = obj({
  jetstream: jetStreamBus.optional(),
  jetstreamExotic: jetStreamConfig.optional(),
  nats: natsBus.optional(),
  kafka: kafkaBus.optional(),
});

export const eventBusSchema = obj({
  ...envelope,
  kind: z.literal('EventBus'),
  spec: eventBusSpec,
});
export type EventBus = z.infer<typeof eventBusSchema>;

/** Replicas of a managed bus when absent. */
export const DEFAULT_BUS_REPLICAS = 3;
export const DEFAULT_MAX_PAYLOAD = '1MB';
