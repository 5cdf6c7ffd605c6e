/**
 * The `/api/v1/resources` answer and readiness, built from the {@link RuntimeView} with only the fields
 * listed here (so nothing the runtime adds later leaks by accident), specs redacted, plus the recorder's
 * counters for the dashboard's live counts.
 * @module
 */
import { conditionNames, requiresState, tryParseConditions } from '../api/index.js';
import { conditionsOf, triggerTypeOf } from '../api/index.js';
import type { DependencyState } from './dependency-state.js';
import type { ComponentReadiness } from './metrics.js';
import { redactSpec, stripUrlCredentials } from './redact.js';
import type { BusView, EventSourceView, ListenerView, RuntimeView, SensorView } from './types.js';

/** Why the process is not ready (empty when it is), without credentials in URLs. */
export function notReady(view: RuntimeView): string[] {
  return reasons(view).map(stripUrlCredentials);
}

function reasons(view: RuntimeView): string[] {
  const out: string[] = [];
  const bus = view.bus();
  if (!bus) out.push('EventBus: not started');
  else if (!bus.ready) out.push(`EventBus ${bus.name}: ${bus.message ?? 'not ready'}`);
  for (const s of view.eventSources()) {
    const name = s.resource.metadata.name;
    if (sourceReady(s)) continue;
    const bad = s.listeners.filter((l) => !listenerReady(l));
    const why = bad.length
      ? bad.map((l) => `${l.eventName} ${l.state}${l.message ? `: ${l.message}` : ''}`).join('; ')
      : (s.message ?? s.state ?? 'no event is listening');
    out.push(`EventSource ${name}: ${why}`);
  }
  for (const s of view.sensors())
    if (s.state !== 'running')
      out.push(`Sensor ${s.resource.metadata.name}: ${s.state}${s.message ? `: ${s.message}` : ''}`);
  return out;
}

/** Readiness of each hosted component (for `jetflow_component_ready`). */
export function componentReadiness(view: RuntimeView): ComponentReadiness[] {
  return [
    ...view.eventSources().map((s) => ({
      kind: 'EventSource' as const,
      name: s.resource.metadata.name,
      ready: sourceReady(s),
    })),
    ...view.sensors().map((s) => ({
      kind: 'Sensor' as const,
      name: s.resource.metadata.name,
      ready: s.state === 'running',
    })),
  ];
}

function listenerReady(l: ListenerView): boolean {
  return l.state === 'running' && l.ok;
}

function sourceReady(s: EventSourceView): boolean {
  if (s.state !== undefined && s.state !== 'running') return false;
  return s.listeners.length > 0 && s.listeners.every(listenerReady);
}

function busAnswer(b: BusView | undefined) {
  if (!b) return null;
  return {
    name: b.name,
    kind: b.kind ?? (b.nodes ? 'local' : 'exotic'),
    ready: b.ready,
    ...(b.version && { version: b.version }),
    ...(b.message && { message: stripUrlCredentials(b.message) }),
    ...(b.metaLeader && { metaLeader: b.metaLeader }),
    conditions: (b.conditions ?? []).map((c) => ({ ...c })),
    clientUrls: (b.clientUrls ?? []).map(stripUrlCredentials),
    nodes: (b.nodes ?? []).map((n) => ({
      index: n.index,
      serverName: n.serverName,
      state: n.state,
      pid: n.pid,
      healthy: n.healthy,
      restarts: n.restarts,
      ...(n.clientUrl && { clientUrl: stripUrlCredentials(n.clientUrl) }),
      ...(n.lastError && { lastError: stripUrlCredentials(n.lastError) }),
    })),
  };
}

function sourceAnswer(s: EventSourceView, stats: DependencyState) {
  const name = s.resource.metadata.name;
  return {
    name,
    namespace: s.resource.metadata.namespace ?? 'default',
    state: s.state ?? (sourceReady(s) ? 'running' : 'starting'),
    ready: sourceReady(s),
    ...(s.message && { message: stripUrlCredentials(s.message) }),
    events: s.listeners.map((l) => ({
      type: l.type,
      eventName: l.eventName,
      state: l.state,
      ok: l.ok,
      ...(l.message && { message: stripUrlCredentials(l.message) }),
      received: stats.eventCount(name, l.eventName),
    })),
    spec: redactSpec(s.resource.spec),
  };
}

function sensorAnswer(s: SensorView, stats: DependencyState) {
  const sensor = s.resource;
  const name = sensor.metadata.name;
  const deps = sensor.spec.dependencies;
  return {
    name,
    namespace: sensor.metadata.namespace ?? 'default',
    state: s.state,
    ready: s.state === 'running',
    ...(s.message && { message: stripUrlCredentials(s.message) }),
    dependencies: deps.map((d) => {
      const st = stats.dependency(name, d.name);
      return {
        name: d.name,
        eventSourceName: d.eventSourceName,
        eventName: d.eventName,
        passed: st.passed,
        filtered: st.filtered,
      };
    }),
    triggers: sensor.spec.triggers.map((t) => {
      const conditions = conditionsOf(t.template, deps);
      const ast = tryParseConditions(conditions);
      const st = stats.trigger(name, t.template.name);
      return {
        name: t.template.name,
        type: triggerTypeOf(t.template) ?? null,
        conditions,
        dependencies: ast.ok ? conditionNames(ast.ast) : [],
        stateful: ast.ok ? requiresState(ast.ast) : false,
        succeeded: st.succeeded,
        failed: st.failed,
        ...(st.lastExecution?.error && { lastError: st.lastExecution.error }),
      };
    }),
    spec: redactSpec(sensor.spec),
  };
}

/** The whole `/api/v1/resources` answer. */
export function resourcesAnswer(view: RuntimeView) {
  const stats = view.recorder.state;
  const why = notReady(view);
  return {
    ready: why.length === 0,
    notReady: why,
    eventBus: busAnswer(view.bus()),
    eventSources: view.eventSources().map((s) => sourceAnswer(s, stats)),
    sensors: view.sensors().map((s) => sensorAnswer(s, stats)),
  };
}
