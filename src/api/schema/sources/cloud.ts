/** Cloud queues: `sqs`, `pubSub`, `azureEventsHub`, `azureQueueStorage`, `azureServiceBus`, `mns` (spec/eventsource.md §4). */
import { z } from 'zod';
import type { IssueSink, PathSeg } from '../../issues.js';
import { obj, secretKeySelector, tlsConfig } from '../common.js';
import { checkFilter, checkTls } from './checks.js';
import { eventSourceFilter, required, userMetadata } from './shared.js';

const common = {
  metadata: userMetadata.optional(),
  filter: eventSourceFilter.optional(),
};
/** Body is JSON: embedded as raw JSON (non-JSON messages are dropped) instead of base64. */
const jsonBody = z.boolean().optional();

export const sqsEventSource = obj({
  accessKey: secretKeySelector.optional(),
  secretKey: secretKeySelector.optional(),
  region: required('must specify region'),
  /** Queue name. Required. */
  queue: required('must specify queue name'),
  /** Long-poll wait per receive, 0..20 seconds. @default 3 */
  waitTimeSeconds: z.number().int().optional(),
  jsonBody,
  roleARN: z.string().optional(),
  /** Keep messages that cannot be parsed (a dead-letter queue takes them) instead of deleting them. */
  dlq: z.boolean().optional(),
  /** SQS API endpoint override (e.g. a local emulator). */
  endpoint: z.string().optional(),
  /** Owner account of a queue in another account. */
  queueAccountId: z.string().optional(),
  /** Temporary (STS) session token. */
  sessionToken: secretKeySelector.optional(),
  ...common,
});
export type SQSEventSource = z.infer<typeof sqsEventSource>;

/** Semantic rules of `spec.sqs.<event>`: upstream's validation plus what it accepts but cannot work. */
export function checkSqs(cfg: SQSEventSource, at: PathSeg[], sink: IssueSink): void {
  if ((cfg.accessKey === undefined) !== (cfg.secretKey === undefined))
    sink.error(
      at,
      'accessKey and secretKey must be set together (or neither, for the default AWS credentials)',
    );
  const w = cfg.waitTimeSeconds;
  if (w !== undefined && (w < 0 || w > 20))
    sink.error(
      [...at, 'waitTimeSeconds'],
      `expected waitTimeSeconds 0..20 (the SQS long-poll limit), found ${w}`,
    );
  checkFilter(cfg.filter, at, sink);
}

export const pubSubEventSource = obj({
  /** Project of the subscription. @default the project from GCP metadata */
  projectID: z.string().optional(),
  /** Project of the topic (needs `topic`). @default projectID */
  topicProjectID: z.string().optional(),
  /** Topic to create a subscription on; `topic` or `subscriptionID` is required. */
  topic: z.string().optional(),
  /** Existing (or to-be-created) subscription. @default "<eventName>-<hash of config>" */
  subscriptionID: z.string().optional(),
  /** JSON key file; absent = workload identity. */
  credentialSecret: secretKeySelector.optional(),
  deleteSubscriptionOnFinish: z.boolean().optional(),
  jsonBody,
  ...common,
});
export type PubSubEventSource = z.infer<typeof pubSubEventSource>;

/** Semantic rules of `spec.pubSub.<event>`: upstream's validation plus what it accepts but cannot work. */
export function checkPubSub(cfg: PubSubEventSource, at: PathSeg[], sink: IssueSink): void {
  if (cfg.topicProjectID && !cfg.topic)
    sink.error([...at, 'topicProjectID'], "you can't specify topicProjectID if you don't specify topic");
  if (!cfg.topic && !cfg.subscriptionID)
    sink.error(at, 'must specify topic or subscriptionID, found neither');
  checkFilter(cfg.filter, at, sink);
}

export const azureEventsHubEventSource = obj({
  /** Namespace FQDN, e.g. `myns.servicebus.windows.net`. Required. */
  fqdn: required('FQDN is not specified'),
  /** Both or neither of the shared access key fields; neither = Azure AD. */
  sharedAccessKeyName: secretKeySelector.optional(),
  sharedAccessKey: secretKeySelector.optional(),
  hubName: required('hub name/path is not specified'),
  ...common,
});
export type AzureEventsHubEventSource = z.infer<typeof azureEventsHubEventSource>;

/** Semantic rules of `spec.azureEventsHub.<event>`: upstream's validation plus what it accepts but cannot work. */
export function checkAzureEventsHub(cfg: AzureEventsHubEventSource, at: PathSeg[], sink: IssueSink): void {
  if ((cfg.sharedAccessKey === undefined) !== (cfg.sharedAccessKeyName === undefined))
    sink.error(
      at,
      'SharedAccessKey or SharedAccessKeyName is not specified. If one is set then both must be set',
    );
  checkFilter(cfg.filter, at, sink);
}

export const azureQueueStorageEventSource = obj({
  /** `connectionString` or `storageAccountName` (Azure AD) is required. */
  storageAccountName: z.string().optional(),
  connectionString: secretKeySelector.optional(),
  queueName: required('must specify queue name'),
  jsonBody,
  /** Leave unparseable messages for the dead-letter handling instead of deleting them. */
  dlq: z.boolean().optional(),
  /** Base64-decode messages before the JSON handling. */
  decodeMessage: z.boolean().optional(),
  /** Pause after an empty receive, in seconds. @default 3 */
  waitTimeInSeconds: z.number().int().optional(),
  ...common,
});
export type AzureQueueStorageEventSource = z.infer<typeof azureQueueStorageEventSource>;

/** Semantic rules of `spec.azureQueueStorage.<event>`: upstream's validation plus what it accepts but cannot work. */
export function checkAzureQueueStorage(
  cfg: AzureQueueStorageEventSource,
  at: PathSeg[],
  sink: IssueSink,
): void {
  if (!cfg.connectionString && !cfg.storageAccountName)
    sink.error(at, 'must specify connection string or storageAccountName, found neither');
  if (cfg.waitTimeInSeconds !== undefined && cfg.waitTimeInSeconds < 0)
    sink.error(
      [...at, 'waitTimeInSeconds'],
      `expected waitTimeInSeconds >= 0, found ${cfg.waitTimeInSeconds}`,
    );
  checkFilter(cfg.filter, at, sink);
}

export const azureServiceBusEventSource = obj({
  /** `connectionString` or `fullyQualifiedNamespace` (Azure AD) is required. */
  connectionString: secretKeySelector.optional(),
  fullyQualifiedNamespace: z.string().optional(),
  /** A queue, or `topicName` + `subscriptionName`. */
  queueName: z.string().optional(),
  topicName: z.string().optional(),
  subscriptionName: z.string().optional(),
  tls: tlsConfig.optional(),
  jsonBody,
  /** Peek-lock and complete after a successful dispatch (default: receive-and-delete). */
  deferDelete: z.boolean().optional(),
  ...common,
});
export type AzureServiceBusEventSource = z.infer<typeof azureServiceBusEventSource>;

/** Semantic rules of `spec.azureServiceBus.<event>`: upstream's validation plus what it accepts but cannot work. */
export function checkAzureServiceBus(cfg: AzureServiceBusEventSource, at: PathSeg[], sink: IssueSink): void {
  if (!cfg.connectionString && !cfg.fullyQualifiedNamespace)
    sink.error(at, 'ConnectionString or fullyQualifiedNamespace must be specified, found neither');
  if (!cfg.queueName && !cfg.topicName && !cfg.subscriptionName)
    sink.error(at, 'QueueName or TopicName/SubscriptionName must be specified, found neither');
  else if (cfg.queueName && (cfg.topicName || cfg.subscriptionName))
    sink.error(at, 'QueueName and TopicName/SubscriptionName cannot be specified at the same time');
  else if (!cfg.topicName && cfg.subscriptionName)
    sink.error([...at, 'topicName'], 'TopicName must be specified when SubscriptionName is specified');
  else if (cfg.topicName && !cfg.subscriptionName)
    sink.error([...at, 'subscriptionName'], 'SubscriptionName must be specified when TopicName is specified');
  checkTls(cfg.tls, [...at, 'tls'], sink);
  checkFilter(cfg.filter, at, sink);
}

/** Alibaba Cloud MNS (no metadata). */
export const mnsEventSource = obj({
  accessKey: secretKeySelector.optional(),
  secretKey: secretKeySelector.optional(),
  queue: required('must specify queue name'),
  /** Unused upstream: the body is always a string. */
  jsonBody,
  endpoint: required('must specify a endpoint'),
  filter: eventSourceFilter.optional(),
});
export type MNSEventSource = z.infer<typeof mnsEventSource>;

/** Semantic rules of `spec.mns.<event>`: upstream's validation plus what it accepts but cannot work. */
export function checkMns(cfg: MNSEventSource, at: PathSeg[], sink: IssueSink): void {
  if (cfg.jsonBody)
    sink.warn([...at, 'jsonBody'], 'jsonBody has no effect for mns: the body is always a string');
  checkFilter(cfg.filter, at, sink);
}
