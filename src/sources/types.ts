/**
 * The plugin contract of an EventSource type. One driver per type, in `src/sources/<type>/`, registered
 * in `src/sources/registry.ts` (a typed map: a missing type is a compile error). Drivers never talk to
 * NATS: they get a `dispatch` callback, as upstream passes `dispatch` to `StartListening`.
 * @module
 */
import type { KV } from '../bus/index.js';
import type { Logger } from 'pino';
import type { SecretStore, SourceType } from '../api/index.js';

/** Per-event options of a dispatch. */
export interface DispatchOptions {
  /** Override the random event id (e.g. Kafka's deterministic id). */
  id?: string;
  /**
   * The producer's W3C trace context (a `traceparent`/`tracestate` message header or property), continued
   * when tracing is on; malformed values start a new trace.
   */
  traceparent?: string;
  tracestate?: string;
}

/**
 * Publish one event. `data` is any JSON-able value, or a `Uint8Array` already holding valid JSON (embedded
 * as is, e.g. a request body the driver validated). Resolves only after JetStream stored it (or it was
 * dropped by the source-side filter, which counts as success, as upstream); rejects with a BusError when
 * it could not be stored. Callers that acknowledge a producer (HTTP 2xx, AMQP ack, ...) do so only after
 * this resolves. Dispatch counts its own failures in `events_processing_failed_total`.
 */
export type Dispatch = (data: unknown, opts?: DispatchOptions) => Promise<void>;

/** The metrics a listener moves itself (spec/metrics.md §2); the runtime moves the rest. */
export interface ListenerMetrics {
  /** An incoming item could not be turned into an event before dispatch (bad body, bad payload, ...). */
  processingFailed(): void;
  /** Handling of one item took from `startMs` (a `performance.now()` value) until now. */
  observeSince(startMs: number): void;
}

export interface ListenerContext<Config> {
  eventSourceName: string;
  eventName: string;
  /** The type key (`webhook`, `github`, ...), for error context. */
  eventSourceType: SourceType;
  namespace: string;
  config: Config;
  secrets: SecretStore;
  /** Already carries eventSourceName, eventName and eventSourceType. */
  logger: Logger;
  /** Aborted when the listener must stop (a start in progress should give up). */
  signal: AbortSignal;
  dispatch: Dispatch;
  metrics: ListenerMetrics;
  /** Report health for the admin API (e.g. broker connection lost). */
  setHealth(state: { ok: boolean; message?: string }): void;
  /** Opens (creating when missing) a KV bucket on the bus, for sources that keep state (calendar). */
  openKv?: (bucket: string) => Promise<KV>;
}

/** A running listener. */
export interface Listener {
  /** Stop intake, wait for in-flight dispatches, release resources (ports, connections, hooks). */
  stop(): Promise<void>;
  /**
   * Optional: settles when the listener ends by itself. A rejection makes the runtime stop it and start
   * it again with the start retry policy (upstream: `StartListening` returned an error).
   */
  done?: Promise<void>;
}

export interface SourceDriver<Config = any> {
  /** The YAML key under `spec` (e.g. `webhook`). */
  readonly type: SourceType;
  /**
   * Start one configured event; resolves once it is receiving. Throw (typed errors) on bad config or
   * unreachable dependencies: the runtime retries the start (spec/eventsource.md §2.2).
   */
  start(ctx: ListenerContext<Config>): Promise<Listener>;
}
