/**
 * Which dependencies of each trigger are satisfied, derived from the traces in arrival order the way the
 * engine advances its KV state (spec/sensor.md §5): a passing dependency is added to the trigger's
 * pending set; once the pending set satisfies the conditions the trigger fires and the set is cleared.
 * This is what the process observed since it started (a conditions reset or state kept in KV from an
 * earlier run is not reflected); executions only feed the counters.
 * @module
 */
import { evaluateConditions, parseConditions, type ConditionNode } from '../api/index.js';
import type { EventTrace, RecordedExecution } from './types.js';

/** Counters and last verdicts of one dependency of one sensor. */
export interface DependencyStats {
  passed: number;
  filtered: number;
  lastPassedAt?: string;
  lastPassedEventId?: string;
  lastFilteredAt?: string;
  lastFilteredEventId?: string;
  lastReason?: string;
}

/** A dependency waiting in a trigger's pending set. */
export interface Pending {
  since: string;
  eventId: string;
}

/** State and counters of one trigger. */
export interface TriggerState {
  pending: Map<string, Pending>;
  lastSatisfiedAt?: string;
  lastSatisfiedBy?: Record<string, string>;
  succeeded: number;
  failed: number;
  lastExecution?: RecordedExecution;
}

const key = (...parts: string[]) => parts.join('\u0000');

export class DependencyState {
  private readonly deps = new Map<string, DependencyStats>();
  private readonly triggers = new Map<string, TriggerState>();
  private readonly asts = new Map<string, ConditionNode | null>();
  private readonly events = new Map<string, number>();

  /** Count an event of `source`/`subject`. */
  countEvent(source: string, subject: string): void {
    const k = key(source, subject);
    this.events.set(k, (this.events.get(k) ?? 0) + 1);
  }

  eventCount(source: string, subject: string): number {
    return this.events.get(key(source, subject)) ?? 0;
  }

  dependency(sensor: string, dep: string): DependencyStats {
    const k = key(sensor, dep);
    let s = this.deps.get(k);
    if (!s) this.deps.set(k, (s = { passed: 0, filtered: 0 }));
    return s;
  }

  trigger(sensor: string, trigger: string): TriggerState {
    const k = key(sensor, trigger);
    let s = this.triggers.get(k);
    if (!s) this.triggers.set(k, (s = { pending: new Map(), succeeded: 0, failed: 0 }));
    return s;
  }

  /** Apply one sensor's verdicts on an event received at `at`. */
  applyTrace(trace: EventTrace, at: string): void {
    const passed = new Set<string>();
    for (const d of trace.dependencies) {
      const s = this.dependency(trace.sensor, d.dependency);
      s.lastReason = d.reason;
      if (d.passed) {
        passed.add(d.dependency);
        s.passed++;
        s.lastPassedAt = at;
        s.lastPassedEventId = trace.eventId;
      } else {
        s.filtered++;
        s.lastFilteredAt = at;
        s.lastFilteredEventId = trace.eventId;
      }
    }
    for (const t of trace.triggers) {
      const mine = t.dependencies.filter((d) => passed.has(d));
      if (!mine.length) continue;
      const ast = this.parse(t.conditions);
      if (!ast) continue;
      const st = this.trigger(trace.sensor, t.trigger);
      for (const d of mine) st.pending.set(d, { since: at, eventId: trace.eventId });
      if (evaluateConditions(ast, (n) => st.pending.has(n))) {
        st.lastSatisfiedAt = at;
        st.lastSatisfiedBy = Object.fromEntries([...st.pending].map(([d, p]) => [d, p.eventId]));
        st.pending.clear();
      }
    }
  }

  applyExecution(e: RecordedExecution): void {
    if (e.deadLetter) return;
    const st = this.trigger(e.sensor, e.trigger);
    if (e.outcome === 'succeeded') st.succeeded++;
    else if (e.outcome === 'failed') st.failed++;
    st.lastExecution = e;
  }

  private parse(conditions: string): ConditionNode | null {
    let ast = this.asts.get(conditions);
    if (ast === undefined) {
      try {
        ast = parseConditions(conditions);
      } catch {
        ast = null; // invalid conditions never fire; the trace already says why
      }
      this.asts.set(conditions, ast);
    }
    return ast;
  }
}
