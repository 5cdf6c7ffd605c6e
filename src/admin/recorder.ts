/**
 * The recorder: what the runtime feeds (events from the bus, trigger executions) and what the admin
 * serves from it — bounded ring buffers of recent events and executions, the filter trace of each recent
 * event (computed with the sensor engine's dry run), per-trigger dependency state, and a live feed.
 * The runtime only wires callbacks: `recordEvent(bytes)` for every message on the stream's subjects,
 * `recordExecution({...})` when a trigger execution ends, `notifyStatus()` when a component changed.
 * @module
 */
import type { Sensor } from '../api/index.js';
import { parseCloudEvent, sharedSandbox, type ScriptSandbox, SensorEvent } from '../sensors/index.js';
import { DependencyState } from './dependency-state.js';
import { explainEvent, sensorWants, TraceQueue } from './explain.js';
import { boundedData, errorText } from './payload.js';
import { Ring } from './ring.js';
import type { EventTrace, ExecutionInput, RecordedEvent, RecordedExecution } from './types.js';

/** What subscribers of the recorder receive. */
export type RecorderMessage =
  | { type: 'event'; data: RecordedEvent }
  | { type: 'trace'; data: EventTrace }
  | { type: 'execution'; data: RecordedExecution }
  | { type: 'status-changed' };

export interface RecorderOptions {
  /** The sensors to trace events against (called per event; default none). */
  sensors?: () => readonly Sensor[];
  sandbox?: ScriptSandbox;
  /** Recent events kept per event source (default 200). */
  eventsPerSource?: number;
  /** Recent executions kept (default 1000). */
  executions?: number;
  /** Bytes of event data kept per event (default 64 KiB). */
  maxPayloadBytes?: number;
  /** Events waiting for their trace before tracing becomes lazy (default 256). */
  maxPendingTraces?: number;
  /**
   * Events traced eagerly per second (default 200); beyond, traces are computed on request only and the
   * per-trigger dependency state misses those events. The engine can instead report its own verdicts
   * through `recordTrace`.
   */
  tracesPerSecond?: number;
  now?: () => Date;
}

interface Entry {
  event: RecordedEvent;
  /** Kept until the trace is computed; dropped then (and at once for a truncated event not queued). */
  source?: SensorEvent;
  traces?: EventTrace[];
  /** The queued trace computation, awaited by a reader that comes first. */
  queued?: Promise<void>;
}

export interface Recorder {
  /** Record an event (the CloudEvent envelope as published). Undefined when unparseable or already seen. */
  recordEvent(envelope: Uint8Array | string | SensorEvent): RecordedEvent | undefined;
  /** Record the end of a trigger execution. */
  recordExecution(input: ExecutionInput): RecordedExecution;
  /** Store traces computed elsewhere (e.g. by the engine) instead of the dry run's. */
  recordTrace(trace: EventTrace): void;
  /** Tell live clients a component's status changed (the admin server also notices within a second). */
  notifyStatus(): void;
  events(q?: { source?: string; limit?: number }): RecordedEvent[];
  event(id: string): RecordedEvent | undefined;
  executions(q?: { sensor?: string; trigger?: string; limit?: number }): RecordedExecution[];
  /** The traces of a recent event (computed now if tracing was skipped), undefined if it is not recent. */
  traces(id: string): Promise<EventTrace[] | undefined>;
  /** The traces of a recent event if already computed (never computes). */
  computedTraces(id: string): EventTrace[] | undefined;
  /** Dependency counters and per-trigger state. */
  readonly state: DependencyState;
  subscribe(fn: (m: RecorderMessage) => void): () => void;
  /** Resolves when every queued trace is computed (tests, shutdown). */
  idle(): Promise<void>;
}

/** Create a recorder. */
export function createRecorder(o: RecorderOptions = {}): Recorder {
  const now = o.now ?? (() => new Date());
  const perSource = o.eventsPerSource ?? 200;
  const maxPayload = o.maxPayloadBytes ?? 64 * 1024;
  const sensors = o.sensors ?? (() => []);
  const sandbox = o.sandbox ?? sharedSandbox();
  const byId = new Map<string, Entry>();
  const rings = new Map<string, Ring<Entry>>();
  const execs = new Ring<RecordedExecution>(o.executions ?? 1000);
  const state = new DependencyState();
  const queue = new TraceQueue(o.maxPendingTraces ?? 256, o.tracesPerSecond ?? 200);
  const listeners = new Set<(m: RecorderMessage) => void>();
  let seq = 0;

  const emit = (m: RecorderMessage) => {
    for (const fn of listeners) {
      try {
        fn(m);
      } catch {
        // a failing subscriber (e.g. a live client) must never fail the runtime's recording call
      }
    }
  };
  const ringOf = (source: string) => {
    let r = rings.get(source);
    if (!r) rings.set(source, (r = new Ring<Entry>(perSource, (e) => byId.delete(e.event.id))));
    return r;
  };
  const store = (entry: Entry, traces: EventTrace[]) => {
    entry.traces = traces;
    entry.source = undefined;
    for (const t of traces) {
      state.applyTrace(t, entry.event.receivedAt);
      emit({ type: 'trace', data: t });
    }
  };

  return {
    state,
    recordEvent(envelope) {
      let ev: SensorEvent;
      try {
        ev = envelope instanceof SensorEvent ? envelope : parseCloudEvent(envelope);
      } catch {
        return undefined;
      }
      const c = ev.context;
      if (byId.has(c.id)) return undefined; // a retried publish the stream stored once
      const { data, size, truncated, kept } = boundedData(ev, maxPayload);
      const event: RecordedEvent = {
        seq: ++seq,
        id: c.id,
        source: c.source,
        subject: c.subject,
        type: c.type,
        time: c.time,
        datacontenttype: c.datacontenttype,
        receivedAt: now().toISOString(),
        size,
        ...(data !== undefined && { data }),
        ...(truncated && { truncated }),
      };
      const entry: Entry = { event, source: kept };
      byId.set(c.id, entry);
      ringOf(c.source).push(entry);
      state.countEvent(c.source, c.subject);
      emit({ type: 'event', data: event });
      const interested = sensors().filter((s) => sensorWants(s, c.source, c.subject));
      if (!interested.length) {
        entry.traces = [];
        entry.source = undefined;
      } else {
        entry.queued = queue.offer(async () => {
          if (entry.traces || !entry.source) return;
          store(entry, await explainEvent(interested, entry.source, sandbox, now));
        });
        if (!entry.queued && truncated) entry.source = undefined; // never hold large payloads for later
      }
      return event;
    },
    recordExecution(input) {
      const durationMs = Math.max(0, Math.trunc(input.durationMs));
      const start = input.startedAt !== undefined ? new Date(input.startedAt) : undefined;
      const finished = start ? new Date(start.getTime() + durationMs) : now();
      const e: RecordedExecution = {
        seq: ++seq,
        sensor: input.sensor,
        trigger: input.trigger,
        outcome: input.outcome,
        startedAt: (start ?? new Date(finished.getTime() - durationMs)).toISOString(),
        finishedAt: finished.toISOString(),
        durationMs,
        ...(input.error !== undefined && { error: errorText(input.error) }),
        ...(input.attempts !== undefined && { attempts: input.attempts }),
        eventIds: [...(input.eventIds ?? [])],
        ...(input.deadLetter && { deadLetter: true }),
        ...(input.traceId && { traceId: input.traceId }),
      };
      execs.push(e);
      state.applyExecution(e);
      emit({ type: 'execution', data: e });
      return e;
    },
    recordTrace(trace) {
      const entry = byId.get(trace.eventId);
      if (!entry) return;
      const others = (entry.traces ?? []).filter((t) => t.sensor !== trace.sensor);
      entry.traces = [...others, trace];
      state.applyTrace(trace, entry.event.receivedAt);
      emit({ type: 'trace', data: trace });
    },
    notifyStatus: () => emit({ type: 'status-changed' }),
    events(q = {}) {
      const limit = q.limit ?? perSource;
      if (q.source !== undefined) return (rings.get(q.source)?.newest(limit) ?? []).map((e) => e.event);
      const all = [...rings.values()].flatMap((r) => r.newest(limit));
      return all
        .sort((a, b) => b.event.seq - a.event.seq)
        .slice(0, limit)
        .map((e) => e.event);
    },
    event: (id) => byId.get(id)?.event,
    executions(q = {}) {
      return execs.newest(
        q.limit ?? execs.capacity,
        (e) =>
          (q.sensor === undefined || e.sensor === q.sensor) &&
          (q.trigger === undefined || e.trigger === q.trigger),
      );
    },
    computedTraces: (id) => byId.get(id)?.traces,
    async traces(id) {
      const entry = byId.get(id);
      if (!entry) return undefined;
      if (entry.queued) await entry.queued;
      if (entry.traces) return entry.traces;
      const c = entry.event;
      const interested = sensors().filter((s) => sensorWants(s, c.source, c.subject));
      if (!entry.source) {
        const error = 'the event was too large to keep for a trace computed later';
        const computedAt = now().toISOString();
        return interested.map((s) => ({
          eventId: id,
          sensor: s.metadata.name,
          computedAt,
          dependencies: [],
          triggers: [],
          error,
        }));
      }
      // skipped while the queue was full: compute now, without touching the dependency state
      entry.traces = await explainEvent(interested, entry.source, sandbox, now);
      entry.source = undefined;
      return entry.traces;
    },
    subscribe(fn) {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
    idle: () => queue.idle(),
  };
}
