/**
 * The plugin contract of a trigger type. One driver per type, in `src/triggers/<type>/`, registered in
 * `src/triggers/registry.ts` (a typed map keyed by TriggerType: a missing driver is a compile error).
 * @module
 */
import type { Logger } from 'pino';
import type { SecretStore, TriggerType } from '../api/index.js';
import type { TriggerPolicy } from '../api/index.js';

/** An event as a sensor exposes it to triggers (spec/README.md §5: the internal form). */
export interface TriggerEvent {
  context: {
    id: string;
    source: string;
    specversion: string;
    type: string;
    datacontenttype: string;
    subject: string;
    /** RFC 3339 UTC truncated to whole seconds. */
    time: string;
  };
  /** The data payload: decoded JSON for JSON content types, else the text. */
  data: unknown;
  /**
   * The data exactly as published (JSON text for JSON content types), `undefined` when the event has
   * none. Parameter resolution (src/sensors `resolveParameter`, `applyParameters`, `constructPayload`)
   * reads this, so numbers keep their written form.
   */
  dataText: string | undefined;
}

export interface TriggerContext {
  sensorName: string;
  triggerName: string;
  namespace: string;
  logger: Logger;
  secrets: SecretStore;
  signal: AbortSignal;
  /**
   * The trigger's `policy` (spec/sensor.md §9.4), as written. Drivers whose success depends on it apply it
   * themselves (http: `status.allow`); the engine passes it unchanged to `prepare` and `execute`.
   */
  policy?: TriggerPolicy;
  /**
   * Set when this execution is a replay (`jetflow replay`, src/sensors/replay.ts): drivers mark what they
   * send with `REPLAY_HEADER` and suffix the idempotency key with `replayIdempotencySuffix(replayId)`,
   * so a receiver can tell a replay from the original and dedupe the replay on its own.
   */
  replayId?: string;
  /**
   * The W3C trace context of this attempt's span, when tracing is on: drivers send it to the peer
   * (http: `traceparent`/`tracestate` headers, nats: message headers) so the peer continues the trace.
   */
  trace?: { traceparent: string; tracestate?: string };
}

/** Result of one execution; a failure throws a TriggerError (retryable or not). */
export interface TriggerOutcome {
  /** A short description for logs and the admin API (e.g. `HTTP 200`). */
  summary?: string;
}

export interface TriggerDriver<Template = any> {
  readonly type: TriggerType;
  /** Set up what can be reused across executions (clients, transports); called once per trigger. */
  prepare(template: Template, ctx: TriggerContext): Promise<PreparedTrigger<Template>>;
}

export interface PreparedTrigger<Template = any> {
  /**
   * Execute with the resolved template (the type object after the trigger-level `parameters` were
   * applied to the whole template) and the events that satisfied the conditions, keyed by dependency
   * name. The type's own `parameters`/`payload` are the driver's to apply, with the helpers exported by
   * src/sensors (`applyParameters`, `constructPayload`), because their target differs per type.
   */
  execute(
    resolved: Template,
    events: Record<string, TriggerEvent>,
    ctx: TriggerContext,
  ): Promise<TriggerOutcome>;
  close(): Promise<void>;
}
