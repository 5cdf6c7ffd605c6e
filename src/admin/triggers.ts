/**
 * `/api/v1/sensors/:name/triggers`: for each trigger of a sensor, its conditions and, per dependency,
 * whether it is satisfied (waiting in the trigger's pending set) and since when, the last time it
 * passed or was filtered out, and the last execution.
 * @module
 */
import { conditionNames, tryParseConditions } from '../api/index.js';
import { conditionsOf, triggerTypeOf } from '../api/index.js';
import type { DependencyState } from './dependency-state.js';
import type { SensorView } from './types.js';

/** The answer for one sensor. */
export function triggersAnswer(s: SensorView, stats: DependencyState) {
  const sensor = s.resource;
  const name = sensor.metadata.name;
  const deps = new Map(sensor.spec.dependencies.map((d) => [d.name, d]));
  return {
    sensor: name,
    state: s.state,
    triggers: sensor.spec.triggers.map((t) => {
      const conditions = conditionsOf(t.template, sensor.spec.dependencies);
      const parsed = tryParseConditions(conditions);
      const st = stats.trigger(name, t.template.name);
      return {
        name: t.template.name,
        type: triggerTypeOf(t.template) ?? null,
        conditions,
        ...(!parsed.ok && { error: parsed.error.message }),
        dependencies: (parsed.ok ? conditionNames(parsed.ast) : []).map((dn) => {
          const d = deps.get(dn);
          const ds = stats.dependency(name, dn);
          const pending = st.pending.get(dn);
          return {
            name: dn,
            eventSourceName: d?.eventSourceName ?? null,
            eventName: d?.eventName ?? null,
            satisfied: pending !== undefined,
            ...(pending && { satisfiedAt: pending.since, eventId: pending.eventId }),
            passed: ds.passed,
            filtered: ds.filtered,
            ...(ds.lastPassedAt && {
              lastPassedAt: ds.lastPassedAt,
              lastPassedEventId: ds.lastPassedEventId,
            }),
            ...(ds.lastFilteredAt && {
              lastFilteredAt: ds.lastFilteredAt,
              lastFilteredEventId: ds.lastFilteredEventId,
            }),
            ...(ds.lastReason && { lastReason: ds.lastReason }),
          };
        }),
        ...(st.lastSatisfiedAt && {
          lastSatisfiedAt: st.lastSatisfiedAt,
          lastSatisfiedBy: st.lastSatisfiedBy,
        }),
        succeeded: st.succeeded,
        failed: st.failed,
        ...(st.lastExecution && { lastExecution: st.lastExecution }),
      };
    }),
  };
}
