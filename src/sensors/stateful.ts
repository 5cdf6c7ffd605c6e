/**
 * The conditions step for triggers whose expression contains an AND (spec/sensor.md §5), applied to a
 * whole group of events in stream order, in memory: each passing event either completes the conditions
 * with the stored partial events (a firing, which uses them up) or is stored as its dependency's latest
 * partial. Only the group's end state is written to KV (see group-processor.ts), so a burst of paired
 * events costs one KV round trip per group instead of several per event.
 * @module
 */
import { evaluateConditions, type ConditionNode } from '../api/index.js';
import type { SensorEvent } from './event.js';
import type { MessageMeta } from './partial-state.js';

/** A partial event held for a dependency. */
export interface Partial {
  event: SensorEvent;
  meta: MessageMeta;
  /**
   * Stream sequence of the message that claimed this entry for a firing (written by jetflow before
   * 0.2): the entry is usable only by that message's redelivery and counts as absent otherwise.
   */
  claimedBy?: number;
}

/** One dependency event that passed its transform and filters. */
export interface PassedEvent {
  dependency: string;
  event: SensorEvent;
  meta: MessageMeta;
}

/** Dependency name → partial (absent dependencies are not in the map). */
export type Partials = ReadonlyMap<string, Partial>;

export interface GroupOutcome {
  /** The firings in stream order, each with the event of every dependency it used. */
  firings: Map<string, SensorEvent>[];
  /** The partials after the group. */
  next: Map<string, Partial>;
  /** The events stored as partials (some may be used up later in the group), in order. */
  stored: PassedEvent[];
}

/**
 * Apply `events` (in stream order) to the partials `start`. Latest wins per dependency; a firing uses
 * every available partial plus the completing event and removes those partials.
 */
export function applyConditions(
  ast: ConditionNode,
  start: Partials,
  events: readonly PassedEvent[],
): GroupOutcome {
  const next = new Map(start);
  const firings: Map<string, SensorEvent>[] = [];
  const stored: PassedEvent[] = [];
  for (const e of events) {
    const seq = e.meta.streamSeq;
    const available = [...next].filter(([, p]) => p.claimedBy === undefined || p.claimedBy === seq);
    const have = new Set(available.map(([d]) => d));
    if (!evaluateConditions(ast, (name) => name === e.dependency || have.has(name))) {
      next.set(e.dependency, { event: e.event, meta: e.meta });
      stored.push(e);
      continue;
    }
    const used = new Map(available.map(([d, p]) => [d, p.event]));
    used.set(e.dependency, e.event);
    for (const [d] of available) next.delete(d);
    firings.push(used);
  }
  return { firings, next, stored };
}
