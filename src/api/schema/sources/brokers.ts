/** Message brokers: `mqtt`, `nats`, `nsq`, `emitter`, `pulsar` (spec/eventsource.md §3.7, §3.11, §3.19, §3.20, §4). */
import { z } from 'zod';
import type { IssueSink, PathSeg } from '../../issues.js';
import { backoff, basicAuth, obj, secretKeySelector, stringMap, tlsConfig } from '../common.js';
import { checkBackoff, checkBasicAuth, checkFilter, checkTls } from './checks.js';
import { eventSourceFilter, required, userMetadata } from './shared.js';

/** Fields every broker type has: reconnect backoff, JSON body, TLS, metadata, expression filter. */
const brokerCommon = {
  connectionBackoff: backoff.optional(),
  /** Body is JSON: embedded as raw JSON (non-JSON messages are dropped) instead of base64. */
  jsonBody: z.boolean().optional(),
  tls: tlsConfig.optional(),
  metadata: userMetadata.optional(),
  filter: eventSourceFilter.optional(),
};

type BrokerCommon = {
  connectionBackoff?: z.infer<typeof backoff> | undefined;
  tls?: z.infer<typeof tlsConfig> | undefined;
  filter?: z.infer<typeof eventSourceFilter> | undefined;
};

function checkCommon(cfg: BrokerCommon, at: PathSeg[], sink: IssueSink): void {
  checkBackoff(cfg.connectionBackoff, [...at, 'connectionBackoff'], sink);
  checkTls(cfg.tls, [...at, 'tls'], sink);
  checkFilter(cfg.filter, at, sink);
}

export const mqttEventSource = obj({
  /** Broker URL, e.g. `tcp://mqtt:1883`. Required. */
  url: required('url must be specified'),
  /** Topic filter (MQTT wildcards allowed); subscribed at QoS 0. Required. */
  topic: required('topic must be specified'),
  clientId: required('client id must be specified'),
  auth: basicAuth.optional(),
  /**
   * jetflow extension (not in upstream): subscription QoS. `0` (default) is upstream's at-most-once; `1`
   * uses a persistent session (clean session off, keyed by `clientId`) and acknowledges each message only
   * after the bus stored its event, so nothing is lost while the source is down or the bus fails.
   * @default 0
   */
  qos: z.union([z.literal(0), z.literal(1)]).optional(),
  ...brokerCommon,
});
export type MQTTEventSource = z.infer<typeof mqttEventSource>;

/** Semantic rules of `spec.mqtt.<event>`: upstream's validation plus what it accepts but cannot work. */
export function checkMqtt(cfg: MQTTEventSource, at: PathSeg[], sink: IssueSink): void {
  checkBasicAuth(cfg.auth, [...at, 'auth'], sink);
  checkCommon(cfg, at, sink);
}

import { natsAuth } from '../common.js';

/** Where a newly created durable consumer starts reading its stream. */
export const NATS_DELIVER_POLICIES = ['all', 'last', 'new', 'lastPerSubject'] as const;

/**
 * jetflow extension (argo-events#3160, not in upstream): read `subject` from a JetStream stream through
 * a durable consumer instead of a core subscription, so messages published while the source is down
 * are delivered when it is back. Each message is acked only after the bus stored its event.
 */
export const natsJetStreamSource = obj({
  /** Existing stream that captures `subject`. Required. */
  stream: required('jetstream.stream must be specified'),
  /**
   * Durable pull consumer to read through; created on the stream (filter `subject`, explicit ack) when
   * missing, used as it is when it exists. Required.
   */
  durable: required('jetstream.durable must be specified'),
  /** Where a newly created durable starts: `all`, `last`, `new`, `lastPerSubject`. @default "all" */
  deliverPolicy: z.enum(NATS_DELIVER_POLICIES).optional(),
});
export type NATSJetStreamSource = z.infer<typeof natsJetStreamSource>;

export const natsEventSource = obj({
  /** Server URL, e.g. `nats://nats:4222`. Required. */
  url: required('url must be specified'),
  /** Subject to subscribe to (wildcards allowed). Core NATS unless `jetstream` is set. Required. */
  subject: required('subject must be specified'),
  /** Queue group; absent = plain subscription. */
  queue: z.string().min(1, 'queue group cannot be empty if specified').optional(),
  auth: natsAuth.optional(),
  /** jetflow extension: consume from a JetStream stream through a durable consumer (see its type). */
  jetstream: natsJetStreamSource.optional(),
  ...brokerCommon,
});
export type NATSEventSource = z.infer<typeof natsEventSource>;

/** Why `subject` is not a valid NATS subscription subject, or undefined. */
export function natsSubjectError(subject: string): string | undefined {
  if (/\s/.test(subject)) return 'it contains whitespace';
  const tokens = subject.split('.');
  if (tokens.some((t) => t === '')) return 'it has an empty token (leading, trailing or double ".")';
  if (tokens.slice(0, -1).includes('>')) return '">" is only allowed as the last token';
  return undefined;
}

/** Semantic rules of `spec.nats.<event>`: upstream's validation plus what it accepts but cannot work. */
export function checkNats(cfg: NATSEventSource, at: PathSeg[], sink: IssueSink): void {
  const why = natsSubjectError(cfg.subject);
  if (why) sink.error([...at, 'subject'], `invalid NATS subject ${JSON.stringify(cfg.subject)}: ${why}`);
  if (cfg.auth) {
    const set = (['basic', 'token', 'nkey', 'credential'] as const).filter((k) => cfg.auth![k] !== undefined);
    if (set.length > 1)
      sink.warn(
        [...at, 'auth'],
        `expected one of basic, token, nkey, credential, found ${set.join(' and ')}: only ${set[0]} is used`,
      );
    checkBasicAuth(cfg.auth.basic, [...at, 'auth', 'basic'], sink);
  }
  if (cfg.jetstream) {
    const durable = cfg.jetstream.durable;
    if (/[.*>\s/\\]/.test(durable))
      sink.error(
        [...at, 'jetstream', 'durable'],
        `invalid durable name ${JSON.stringify(durable)}: expected no ".", "*", ">", "/", "\\" or whitespace`,
      );
    if (cfg.queue !== undefined)
      sink.warn(
        [...at, 'queue'],
        'queue is ignored with jetstream: every listener sharing the durable consumer shares its messages',
      );
  }
  checkCommon(cfg, at, sink);
}

export const nsqEventSource = obj({
  /** nsqlookupd HTTP address `host:port`. Required. */
  hostAddress: required('host address must be specified'),
  topic: required('topic must be specified'),
  channel: required('channel must be specified'),
  ...brokerCommon,
});
export type NSQEventSource = z.infer<typeof nsqEventSource>;

/** Semantic rules of `spec.nsq.<event>`: upstream's validation plus what it accepts but cannot work. */
export const checkNsq = (cfg: NSQEventSource, at: PathSeg[], sink: IssueSink): void =>
  checkCommon(cfg, at, sink);

export const emitterEventSource = obj({
  /** Broker URI, e.g. `tcp://broker:4000`. Required. */
  broker: required('broker url must be specified'),
  /** Emitter channel key (the key text itself). Required. */
  channelKey: required('channel key must be specified'),
  channelName: required('channel name must be specified'),
  username: secretKeySelector.optional(),
  password: secretKeySelector.optional(),
  ...brokerCommon,
});
export type EmitterEventSource = z.infer<typeof emitterEventSource>;

/** Semantic rules of `spec.emitter.<event>`: upstream's validation plus what it accepts but cannot work. */
export const checkEmitter = (cfg: EmitterEventSource, at: PathSeg[], sink: IssueSink): void =>
  checkCommon(cfg, at, sink);

export const pulsarEventSource = obj({
  /** Topics to subscribe to; the subscription is named after the event. Required. */
  topics: z.array(z.string()),
  /** Subscription type: `exclusive` or `shared`; upstream's validation requires one explicitly. */
  type: z.string().optional(),
  /** Service URL, e.g. `pulsar://pulsar:6650`. Required. */
  url: required('url must be provided'),
  /** Secret with the trusted CA certificate(s). */
  tlsTrustCertsSecret: secretKeySelector.optional(),
  tlsAllowInsecureConnection: z.boolean().optional(),
  tlsValidateHostname: z.boolean().optional(),
  /** Token auth; not together with Athenz. */
  authTokenSecret: secretKeySelector.optional(),
  /** Athenz auth parameters; need `authAthenzSecret`. */
  authAthenzParams: stringMap.optional(),
  /** Athenz private key. */
  authAthenzSecret: secretKeySelector.optional(),
  ...brokerCommon,
});
export type PulsarEventSource = z.infer<typeof pulsarEventSource>;

/** Semantic rules of `spec.pulsar.<event>`: upstream's validation plus what it accepts but cannot work. */
export function checkPulsar(cfg: PulsarEventSource, at: PathSeg[], sink: IssueSink): void {
  if (cfg.topics.length === 0)
    sink.error([...at, 'topics'], "topics can't be empty list: expected at least one topic");
  if (cfg.type !== 'exclusive' && cfg.type !== 'shared')
    sink.error(
      [...at, 'type'],
      `subscription type must be either exclusive or shared, found ${cfg.type === undefined ? 'none' : JSON.stringify(cfg.type)}`,
    );
  if (cfg.authAthenzParams && !cfg.authAthenzSecret)
    sink.error([...at, 'authAthenzSecret'], 'authAthenzSecret must be set if authAthenzParams is used');
  if (cfg.authTokenSecret && (cfg.authAthenzParams || cfg.authAthenzSecret))
    sink.error(at, 'either token or athenz can be set to use auth, found both');
  checkCommon(cfg, at, sink);
}
