/**
 * Every name that goes on the wire is built here, once: the stream, its subjects, durable consumer
 * names, KV buckets and keys. Upstream: pkg/eventbus/jetstream/** (see spec/sensor.md §6).
 * @module
 */

/** The one stream of a bus. Literally `default`, whatever the EventBus object is called. */
export const STREAM_NAME = 'default';

/** The stream's subject filter: `default.<eventSourceName>.<eventName>`. */
export const STREAM_SUBJECTS = [`${STREAM_NAME}.*.*`];

/** Subject an event of `eventSourceName`/`eventName` is published on. */
export function eventSubject(eventSourceName: string, eventName: string): string {
  return `${STREAM_NAME}.${eventSourceName}.${eventName}`;
}

/** Header carrying the event id, so JetStream drops a re-published copy inside the dedup window. */
export const MSG_ID_HEADER = 'Nats-Msg-Id';

/** Characters that would break a single subject token (or a KV bucket name). */
export const SUBJECT_TOKEN_FORBIDDEN = /[.*>\s]/;

/** 32-bit FNV-1a of the UTF-8 bytes of `s`, as Go's hash/fnv New32a. */
export function fnv1a32(s: string): number {
  let h = 0x811c9dc5;
  for (const b of Buffer.from(s, 'utf8')) {
    h ^= b;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** Durable consumer name as upstream: `group-<fnv1a32("<sensor>-<trigger>-<dependency>")>`. */
export function durableName(sensorName: string, triggerName: string, dependencyName: string): string {
  return `group-${fnv1a32(`${sensorName}-${triggerName}-${dependencyName}`)}`;
}

/** KV bucket holding a sensor's trigger state: the sensor name, exactly (spec/sensor.md §6.4). */
export function sensorBucket(sensorName: string): string {
  return sensorName;
}

/** KV keys of a sensor bucket. */
export const kvKeys = {
  triggers: 'Triggers',
  deps: 'Deps',
  expression: (trigger: string) => `${trigger}/Expression`,
  partial: (trigger: string, dependency: string) => `${trigger}/${dependency}`,
  /**
   * jetflow's: per durable of the trigger, the last stream sequence whose effect on the partial state
   * is stored (so a redelivered message is not applied twice). A leading '.' keeps it apart from
   * dependency names in practice.
   */
  applied: (trigger: string) => `${trigger}/.applied`,
} as const;

/** KV bucket where calendar sources keep their last fired time (jetflow's own; upstream uses a ConfigMap). */
export function calendarBucket(): string {
  return 'jetflow-calendar';
}

/** Key of one calendar event in {@link calendarBucket}. */
export function calendarKey(eventSourceName: string, eventName: string): string {
  return `${eventSourceName}.${eventName}`;
}

/** HTTP header (and NATS header) carrying the ids of the events a trigger execution used. */
export const EVENT_ID_HEADER = 'X-Jetflow-Event-Id';

/** HTTP header with a per-(sensor, trigger, events) key, so a receiver can drop at-least-once repeats. */
export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';

/** HTTP header (and NATS header) set on every execution of a replay, with the replay's id. */
export const REPLAY_HEADER = 'X-Jetflow-Replay';

/**
 * Suffix of the idempotency key (and NATS msg id) of a replayed execution: a replay is a deliberate
 * second execution, so it must not be dropped as a repeat of the original, yet its own retries share it.
 */
export function replayIdempotencySuffix(replayId: string): string {
  return `:replay-${replayId}`;
}

/** Name prefix of the ephemeral ordered consumers a replay reads the stream with. */
export const REPLAY_CONSUMER_PREFIX = 'jetflow-replay';

/**
 * Labels the `k8s` trigger (operation `create`) and the `argoWorkflow` trigger (operation `submit`) put on
 * the objects they create, as upstream does (pkg/sensors/triggers/standard-k8s).
 */
export const TRIGGER_OBJECT_LABELS = {
  sensor: 'events.argoproj.io/sensor',
  trigger: 'events.argoproj.io/trigger',
  /** Milliseconds since the epoch, as a decimal string. */
  actionTimestamp: 'events.argoproj.io/action-timestamp',
} as const;

/** `fieldManager` jetflow names in Kubernetes writes that need one (server-side apply patches). */
export const KUBE_FIELD_MANAGER = 'jetflow';

/** Argo Workflows labels the `argoWorkflow` trigger reads or writes, as the Argo server does. */
export const ARGO_WORKFLOW_LABELS = {
  completed: 'workflows.argoproj.io/completed',
  phase: 'workflows.argoproj.io/phase',
  resubmittedFrom: 'workflows.argoproj.io/resubmitted-from-workflow',
  workflowTemplate: 'workflows.argoproj.io/workflow-template',
  cronWorkflow: 'workflows.argoproj.io/cron-workflow',
} as const;

/**
 * KV bucket of leader leases (jetflow's own). nats-server 2.9 has no per-key TTL, so the bucket's
 * max_age is the lease TTL: a key that its holder stops rewriting disappears (src/bus/lease.ts).
 */
export function leaseBucket(): string {
  return 'jetflow-leases';
}

/** Lease key of the single listener of one event of an EventSource (src/sources/runtime). */
export function sourceLeaseKey(eventSourceName: string, eventName: string): string {
  return `source.${eventSourceName}.${eventName}`;
}

/**
 * What `jetflow controller` puts on every object it applies (src/deploy/controller). The hash is of the
 * desired object as rendered, so an update happens only when jetflow's own rendering changed — fields the
 * API server defaults never cause one (upstream keeps a spec hash annotation for the same reason).
 */
export const CONTROLLER_HASH_ANNOTATION = 'jetflow.argoproj.io/desired-hash';
/** Label with the uid of the owning EventBus/EventSource/Sensor: selects what to delete (uids fit a label). */
export const CONTROLLER_OWNER_UID_LABEL = 'jetflow.argoproj.io/owner-uid';
/** Field manager of the controller's writes. */
export const CONTROLLER_FIELD_MANAGER = 'jetflow-controller';
/**
 * Finalizer the controller keeps on every EventBus: deleting a bus that EventSources/Sensors of its
 * namespace still use is held until none does (upstream refuses such a delete too).
 */
export const EVENTBUS_FINALIZER = 'jetflow.argoproj.io/eventbus-in-use';

/**
 * Labels and annotations `jetflow render` (and the controller) put on the Kubernetes objects it produces
 * (src/deploy). Selectors use `managedBy` + `kind` + `name`, so they are fixed once an object exists.
 */
export const KUBE_LABELS = {
  /** Always `jetflow` (the recommended `app.kubernetes.io/managed-by` label). */
  managedBy: 'app.kubernetes.io/managed-by',
  /** Kind of the source resource: `EventBus`, `EventSource` or `Sensor`. */
  kind: 'jetflow.argoproj.io/kind',
  /** `metadata.name` of the source resource. */
  name: 'jetflow.argoproj.io/name',
  /** Upstream's label names, kept so that existing selectors (`kubectl get -l eventbus-name=...`) work. */
  eventBusName: 'eventbus-name',
  eventSourceName: 'eventsource-name',
  sensorName: 'sensor-name',
} as const;

/** Value of {@link KUBE_LABELS.managedBy}. */
export const KUBE_MANAGER = 'jetflow';

export const KUBE_ANNOTATIONS = {
  /**
   * `"true"` on Secrets holding generated credentials or certificates: create them when missing, never
   * update or rotate them (a new encryption key would make a persisted store unreadable).
   */
  createOnly: 'jetflow.argoproj.io/create-only',
  /** SHA-256 of the generated config a pod template depends on, so a config change rolls the pods. */
  configHash: 'jetflow.argoproj.io/config-hash',
} as const;

/** Names of the objects rendered for a managed (`jetstream:`) EventBus (upstream's, spec/eventbus.md §6). */
export function busObjectNames(bus: string) {
  const base = `eventbus-${bus}-js`;
  return {
    statefulSet: base,
    headlessService: `${base}-svc`,
    clientService: `${base}-client`,
    configMap: `${base}-config`,
    pdb: base,
    /** Client credentials (`client-auth`), the server's accounts include (`auth`), the store key. */
    authSecret: `${base}-client-auth`,
    /** CA, certificates and keys of the client port and of the cluster routes. */
    tlsSecret: `${base}-tls`,
  };
}

/** Name of the Deployment, Service and ConfigMap of one EventSource. */
export function eventSourceObjectName(name: string): string {
  return `${name}-eventsource`;
}

/** Name of the Deployment and ConfigMap of one Sensor. */
export function sensorObjectName(name: string): string {
  return `${name}-sensor`;
}

/**
 * W3C Trace Context header names (https://www.w3.org/TR/trace-context/): read from incoming requests and
 * messages, written as NATS headers on the bus and sent by the http/nats triggers. The CloudEvents
 * distributed-tracing extension uses the same names as envelope attributes.
 */
export const TRACEPARENT_HEADER = 'traceparent';
export const TRACESTATE_HEADER = 'tracestate';

/** Counter of spans the exporter could not deliver or had to drop (queue full, collector unreachable). */
export const TRACE_SPANS_DROPPED_METRIC = 'jetflow_trace_spans_dropped_total';
/** Kafka event id (spec/README.md §5): deterministic, so a re-read offset is deduplicated by the stream. */
export function kafkaEventId(
  eventSourceName: string,
  eventName: string,
  url: string,
  topic: string,
  partition: number,
  offset: string,
): string {
  const firstBroker = url.split(',')[0] ?? url;
  return `${eventSourceName}:${eventName}:${firstBroker}:${topic}:${partition}:${offset}`;
}

/**
 * Consumer group of a kafka source in partition mode (no consumerGroup): kafkajs reads only through a
 * group, so each listener uses a fresh one of its own and never commits (upstream: a plain partition
 * consumer from the newest offset).
 */
export function kafkaPartitionGroup(eventSourceName: string, eventName: string, nonce: string): string {
  return `jetflow-partition-${eventSourceName}-${eventName}-${nonce}`;
}

/** Kafka client id of a listener or trigger (broker logs, client quotas). */
export function kafkaClientId(...parts: string[]): string {
  return ['jetflow', ...parts].join(':');
}
