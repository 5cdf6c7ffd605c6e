/**
 * Evaluate one sample event against a Sensor without a bus (`jetflow test`, the admin dashboard): for
 * every dependency the transform and each filter's verdict with its reason; for every trigger whether
 * its conditions would be satisfied by this event alone, and its template after parameters.
 * @module
 */
import { randomUUID } from 'node:crypto';
import { evaluateConditions, parseConditions, requiresState, conditionNames } from '../api/index.js';
import type { TriggerType } from '../api/index.js';
import type { TriggerEvent } from './trigger-contract.js';
import { SensorEvent } from './event.js';
import { evaluateFilters, type FilterTrace } from './filters/index.js';
import { applyParameters, constructPayload } from './parameters.js';
import { conditionsOf, triggerTypeOf, type EventDependency, type Sensor, type Trigger } from './spec.js';
import { applyTransform, type ScriptSandbox } from './transform/index.js';

export interface DependencyReport {
  dependency: string;
  eventSourceName: string;
  eventName: string;
  /** The event's source/subject are this dependency's. */
  matched: boolean;
  transform?: { applied: boolean; error?: string; data?: unknown };
  filters?: FilterTrace;
  passed: boolean;
  reason: string;
}

export interface TriggerReport {
  trigger: string;
  type?: TriggerType;
  conditions: string;
  dependencies: string[];
  /** Dependencies of this trigger the event passed. */
  passedBy: string[];
  /** Needs stored partial events (an AND): other dependencies must have been seen before. */
  stateful: boolean;
  wouldFire: boolean;
  reason: string;
  /** The template after the trigger-level and (where they target the type object) type-level parameters. */
  template?: unknown;
  /** The request body built from the type's `payload`, when it has one. */
  payload?: string;
  /** k8s/argoWorkflow: the inline `source.resource` after the type's `parameters`. */
  resource?: unknown;
  error?: string;
}

export interface DryRunReport {
  event: SensorEvent['context'];
  dependencies: DependencyReport[];
  triggers: TriggerReport[];
  /** Some trigger would fire. */
  wouldFire: boolean;
}

/** Types whose `parameters` target a fetched resource rather than the type object itself. */
const RESOURCE_PARAMETER_TYPES: ReadonlySet<TriggerType> = new Set(['k8s', 'argoWorkflow', 'custom']);

/** Build the event for `dependency` from just its data (id random, source/subject from the dependency). */
export function eventFromData(
  dep: EventDependency,
  data: unknown,
  time = new Date().toISOString(),
): SensorEvent {
  const context = {
    id: randomUUID().replace(/-/g, ''),
    source: dep.eventSourceName,
    specversion: '1.0',
    type: '',
    datacontenttype: 'application/json',
    subject: dep.eventName,
    time,
  };
  return new SensorEvent(context, JSON.stringify(data));
}

/**
 * Evaluate `event` against `sensor`. With `onlyDependency`, only that dependency is considered and the
 * event is treated as its event whatever its source/subject.
 */
export async function dryRun(
  sensor: Sensor,
  event: SensorEvent,
  sandbox: ScriptSandbox,
  onlyDependency?: string,
): Promise<DryRunReport> {
  const deps = sensor.spec.dependencies.filter(
    (d) => onlyDependency === undefined || d.name === onlyDependency,
  );
  const reports: DependencyReport[] = [];
  const passed = new Map<string, SensorEvent>();
  for (const d of deps) {
    const r = await evaluateDependency(d, event, sandbox, onlyDependency !== undefined);
    reports.push(r.report);
    if (r.event) passed.set(d.name, r.event);
  }
  const triggers = sensor.spec.triggers.map((t) => evaluateTrigger(t, sensor, passed));
  return {
    event: event.context,
    dependencies: reports,
    triggers,
    wouldFire: triggers.some((t) => t.wouldFire),
  };
}

/**
 * One dependency's verdict on `event` (transform, then each filter with its reason) and the event after
 * the transform when it passed; `forced` treats the event as the dependency's whatever its source.
 */
export async function evaluateDependency(
  d: EventDependency,
  event: SensorEvent,
  sandbox: ScriptSandbox,
  forced: boolean,
): Promise<{ report: DependencyReport; event?: SensorEvent }> {
  const base = { dependency: d.name, eventSourceName: d.eventSourceName, eventName: d.eventName };
  const matched =
    forced || (event.context.source === d.eventSourceName && event.context.subject === d.eventName);
  if (!matched) {
    const reason = `the event is from ${event.context.source}/${event.context.subject}, not ${d.eventSourceName}/${d.eventName}`;
    return { report: { ...base, matched, passed: false, reason } };
  }
  let transformed = event;
  let transform: DependencyReport['transform'];
  if (d.transform?.jq || d.transform?.script) {
    try {
      transformed = await applyTransform(event, d.transform, sandbox);
      transform = {
        applied: transformed !== event,
        ...(transformed !== event && { data: transformed.data }),
      };
    } catch (err) {
      const error = (err as Error).message;
      return {
        report: {
          ...base,
          matched,
          transform: { applied: false, error },
          passed: false,
          reason: `transform failed: ${error}`,
        },
      };
    }
  }
  const filters = await evaluateFilters(d, transformed, { sandbox, mode: 'explain' });
  const report = {
    ...base,
    matched,
    ...(transform && { transform }),
    filters,
    passed: filters.pass,
    reason: filters.reason,
  };
  return filters.pass ? { report, event: transformed } : { report };
}

function evaluateTrigger(t: Trigger, sensor: Sensor, passed: Map<string, SensorEvent>): TriggerReport {
  const name = t.template.name;
  const conditions = conditionsOf(t.template, sensor.spec.dependencies);
  const type = triggerTypeOf(t.template);
  let ast;
  try {
    ast = parseConditions(conditions);
  } catch (err) {
    return {
      trigger: name,
      type,
      conditions,
      dependencies: [],
      passedBy: [],
      stateful: false,
      wouldFire: false,
      reason: `invalid conditions: ${(err as Error).message}`,
    };
  }
  const dependencies = conditionNames(ast);
  const passedBy = dependencies.filter((n) => passed.has(n));
  const wouldFire = evaluateConditions(ast, (n) => passed.has(n));
  const stateful = requiresState(ast);
  const missing = dependencies.filter((n) => !passed.has(n));
  const reason = wouldFire
    ? `conditions satisfied by ${passedBy.join(', ')}`
    : passedBy.length
      ? `conditions not satisfied by this event alone (would store ${passedBy.join(', ')}; still missing ${missing.join(', ')})`
      : 'no dependency of this trigger passed';
  const report: TriggerReport = {
    trigger: name,
    type,
    conditions,
    dependencies,
    passedBy,
    stateful,
    wouldFire,
    reason,
  };
  const events: Record<string, TriggerEvent> = {};
  for (const n of passedBy) events[n] = passed.get(n)!.toTriggerEvent();
  try {
    const resolved = applyParameters(t.template, t.parameters, events) as Record<string, any>;
    if (type && !RESOURCE_PARAMETER_TYPES.has(type) && resolved[type]) {
      resolved[type] = applyParameters(resolved[type], resolved[type].parameters, events);
      if (Array.isArray(resolved[type].payload))
        report.payload = constructPayload(resolved[type].payload, events);
    }
    const inline = type && RESOURCE_PARAMETER_TYPES.has(type) ? resolved[type]?.source?.resource : undefined;
    if (inline && typeof inline === 'object')
      report.resource = applyParameters(inline, resolved[type!].parameters, events);
    report.template = resolved;
  } catch (err) {
    report.error = `parameters: ${(err as Error).message}`;
  }
  return report;
}
