/**
 * One replayed message at a time, in stream order (replay.ts): parse, dedup within the replay, the
 * selected triggers' dependencies with their verdicts (dry-run.ts `evaluateDependency`), conditions over a
 * fresh in-memory partial state per trigger (stateful.ts), and the firings through the action runner.
 * @module
 */
import type { ConditionNode } from '../api/index.js';
import { eventSubject } from '../api/index.js';
import type { JsMsg } from '../bus/index.js';
import type { ActionRunner } from './action-runner.js';
import { RecentIds } from './dedup.js';
import { evaluateDependency } from './dry-run.js';
import { EventParseError, parseCloudEvent, type SensorEvent } from './event.js';
import type { FilterTrace } from './filters/index.js';
import type { EventDependency, Trigger } from './spec.js';
import { applyConditions, type Partial, type PassedEvent } from './stateful.js';
import type { TriggerEvent } from './trigger-contract.js';
import type { ScriptSandbox } from './transform/index.js';
import { rfc3339Nano, sourceKey } from './trigger-subscriptions.js';

/** One dependency's verdict on a replayed event (as `jetflow test` reports it). */
export interface ReplayVerdict {
  dependency: string;
  passed: boolean;
  reason: string;
  filters?: FilterTrace;
}

/** A replayed event: where it is in the stream, the verdicts, and what fired. */
export interface ReplayedEvent {
  seq: number;
  /** When the stream stored it (RFC 3339). */
  time: string;
  subject: string;
  eventId?: string;
  dependencies: ReplayVerdict[];
  /** Triggers whose conditions this event completed (fired, or would fire in a dry run). */
  fires: { trigger: string; dependencies: string[]; outcome?: 'succeeded' | 'failed' | 'aborted' }[];
  /** Set when the message is not a CloudEvent (or was seen already). */
  skipped?: string;
}

/** A trigger taking part in a replay, with its own partial state. */
export interface Selected {
  trigger: Trigger;
  ast: ConditionNode;
  deps: EventDependency[];
  partials: Map<string, Partial>;
  runner?: ActionRunner;
}

/** Evaluates replayed messages one by one, in stream order, and fires what they complete. */
export class ReplayStep {
  private readonly recent = new RecentIds();
  private readonly index = new Map<string, EventDependency[]>();
  private readonly signal: AbortSignal;

  constructor(
    private readonly selected: Selected[],
    deps: EventDependency[],
    private readonly sandbox: ScriptSandbox,
    private readonly dryRun: boolean,
    signal: AbortSignal | undefined,
  ) {
    for (const d of deps) {
      const k = sourceKey(d.eventSourceName, d.eventName);
      this.index.set(k, [...(this.index.get(k) ?? []), d]);
    }
    this.signal = signal ?? new AbortController().signal;
  }

  /** The event's verdicts and firings; undefined for a message of no selected dependency. */
  async replay(m: JsMsg): Promise<ReplayedEvent | undefined> {
    const base = { seq: m.seq, time: rfc3339Nano(m.timestampNanos), subject: m.subject };
    let event: SensorEvent;
    try {
      event = parseCloudEvent(m.data);
    } catch (err) {
      if (!(err instanceof EventParseError)) throw err;
      if (!this.onSubjects(m.subject)) return undefined;
      return { ...base, dependencies: [], fires: [], skipped: `not a CloudEvent: ${err.message}` };
    }
    const { id, source, subject } = event.context;
    const deps = this.index.get(sourceKey(source, subject));
    if (!deps) return undefined;
    const out: ReplayedEvent = { ...base, eventId: id, dependencies: [], fires: [] };
    if (this.recent.has(id)) return { ...out, skipped: 'an event with this id was replayed already' };
    this.recent.add(id);
    const passed = new Map<string, SensorEvent>();
    for (const d of deps) {
      const r = await evaluateDependency(d, event, this.sandbox, false);
      const v = r.report;
      out.dependencies.push({
        dependency: d.name,
        passed: v.passed,
        reason: v.reason,
        ...(v.filters && { filters: v.filters }),
      });
      if (r.event) passed.set(d.name, r.event);
    }
    const meta = { streamSeq: m.seq, consumerSeq: m.info.deliverySequence, timestamp: base.time };
    for (const s of this.selected) {
      const mine: PassedEvent[] = s.deps
        .filter((d) => passed.has(d.name))
        .map((d) => ({ dependency: d.name, event: passed.get(d.name)!, meta }));
      if (!mine.length) continue;
      const r = applyConditions(s.ast, s.partials, mine);
      s.partials = r.next;
      for (const f of r.firings) out.fires.push(await this.fire(s, f));
    }
    return out;
  }

  private onSubjects(subject: string): boolean {
    return [...this.index.values()].some((ds) =>
      ds.some((d) => eventSubject(d.eventSourceName, d.eventName) === subject),
    );
  }

  private async fire(s: Selected, events: Map<string, SensorEvent>): Promise<ReplayedEvent['fires'][number]> {
    const fire = { trigger: s.trigger.template.name, dependencies: [...events.keys()] };
    if (this.dryRun || !s.runner) return fire;
    const triggerEvents: Record<string, TriggerEvent> = {};
    for (const [k, e] of events) triggerEvents[k] = e.toTriggerEvent();
    return { ...fire, outcome: await s.runner.runWithRetries(triggerEvents, this.signal) };
  }
}
