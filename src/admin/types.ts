/**
 * What the admin server reads from the running process (`jetflow run`): the {@link RuntimeView} the
 * runtime implements, and the records the {@link Recorder} keeps. Status shapes are structural so the
 * runtime can hand over `LocalBus.status()` and `EventSourceHost.listeners()` as they are; the admin
 * copies only the fields listed here into its answers (everything else, e.g. credential file paths, is
 * dropped).
 * @module
 */
import type { Sensor } from '../api/index.js';
import type { FilterTrace, ReplayOptions, ReplayRequest, ReplaySummary } from '../sensors/index.js';
import type { Recorder } from './recorder.js';

/** A status condition (EventBus `Configured`/`Deployed`, or a component's own). */
export interface ConditionView {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  lastTransitionTime?: string;
  reason?: string;
  message?: string;
}

/** One nats-server of a local bus (`NodeStatus` of src/bus/local fits). */
export interface BusNodeView {
  index: number;
  serverName: string;
  state: string;
  pid: number | null;
  healthy: boolean;
  restarts: number;
  clientUrl?: string;
  lastError?: string;
}

/** The event bus in use (`LocalBusStatus` fits; an existing `jetstreamExotic` bus gives name/ready/url). */
export interface BusView {
  name: string;
  ready: boolean;
  /** `local`: supervised by this process; `exotic`: an existing JetStream server. */
  kind?: 'local' | 'exotic';
  version?: string;
  conditions?: ConditionView[];
  metaLeader?: string;
  /** Client URLs; any user:password in them is removed before they are served. */
  clientUrls?: string[];
  nodes?: BusNodeView[];
  message?: string;
}

/** Lifecycle of a hosted component. */
export type ComponentState = 'starting' | 'running' | 'standby' | 'failed' | 'stopped';

/** One configured event of an EventSource (`ListenerStatus` of src/sources/runtime fits). */
export interface ListenerView {
  type: string;
  eventName: string;
  state: ComponentState;
  ok: boolean;
  message?: string;
}

/** An EventSource hosted by this process. */
export interface EventSourceView {
  resource: { metadata: { name: string; namespace?: string }; spec: Record<string, unknown> };
  /** Overall state; when absent it follows from the listeners. */
  state?: ComponentState;
  message?: string;
  listeners: ListenerView[];
}

/** A Sensor hosted by this process. */
export interface SensorView {
  resource: Sensor;
  state: ComponentState;
  message?: string;
}

/**
 * The running process as the admin server sees it. Every function is called per request (and about
 * once a second for change detection), so each must be cheap and must not throw.
 */
export interface RuntimeView {
  bus(): BusView | undefined;
  eventSources(): readonly EventSourceView[];
  sensors(): readonly SensorView[];
  /** Events, traces and executions; also the feed of the live stream. */
  recorder: Recorder;
  /**
   * Secret values this process holds (bus password, resolved secrets): any answer that would contain
   * one has it replaced by `[redacted]`. The admin token is always included.
   */
  secretValues?(): Iterable<string>;
  /**
   * Replay stored events to a sensor's trigger (src/sensors `runReplay` with the process's bus
   * connection); absent when the process cannot (the replay endpoint then answers 501).
   */
  replay?(request: ReplayRequest, options: Pick<ReplayOptions, 'dryRun' | 'samples'>): Promise<ReplaySummary>;
}

/** An event as the admin keeps it. */
export interface RecordedEvent {
  /** Recorder-wide sequence number (order of arrival). */
  seq: number;
  id: string;
  source: string;
  subject: string;
  type: string;
  time: string;
  datacontenttype: string;
  receivedAt: string;
  /** Size of the data in bytes. */
  size: number;
  /** The data: parsed JSON, or text when it is not JSON or was truncated. */
  data?: unknown;
  /** The data was larger than the recorder keeps; `data` holds its first bytes as text. */
  truncated?: boolean;
}

/** Per dependency of one sensor: the verdict on one event and the filter trace explaining it. */
export interface DependencyTrace {
  dependency: string;
  eventSourceName: string;
  eventName: string;
  passed: boolean;
  reason: string;
  transform?: { applied: boolean; error?: string };
  filters?: FilterTrace;
}

/** Per trigger of one sensor: whether this event (alone) satisfies its conditions. */
export interface TriggerVerdict {
  trigger: string;
  conditions: string;
  dependencies: string[];
  passedBy: string[];
  stateful: boolean;
  wouldFire: boolean;
  reason: string;
}

/** How one sensor judged one event (from the sensor engine's dry run, as `jetflow test` shows it). */
export interface EventTrace {
  eventId: string;
  sensor: string;
  computedAt: string;
  dependencies: DependencyTrace[];
  triggers: TriggerVerdict[];
  error?: string;
}

/** What the runtime reports when a trigger execution ended. */
export interface ExecutionInput {
  sensor: string;
  trigger: string;
  outcome: 'succeeded' | 'failed' | 'aborted';
  durationMs: number;
  /** When it started (default: now − durationMs). */
  startedAt?: Date | number | string;
  error?: unknown;
  attempts?: number;
  /** Ids of the events the execution used (they then no longer count as pending for the trigger). */
  eventIds?: readonly string[];
  /** Set when this is the dead-letter trigger of `trigger`. */
  deadLetter?: boolean;
  /** The execution's trace id when tracing is on (its spans: `GET /api/v1/traces/:id`). */
  traceId?: string;
}

/** A trigger execution as the admin keeps it. */
export interface RecordedExecution {
  seq: number;
  sensor: string;
  trigger: string;
  outcome: ExecutionInput['outcome'];
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  error?: string;
  attempts?: number;
  eventIds: string[];
  deadLetter?: boolean;
  traceId?: string;
}

/** What the live stream carries. */
export type LiveMessage =
  | { type: 'event'; data: RecordedEvent }
  | { type: 'trace'; data: EventTrace }
  | { type: 'execution'; data: RecordedExecution }
  | { type: 'status'; data: { ready: boolean; notReady: string[] } };
