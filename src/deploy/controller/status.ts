/**
 * `.status.conditions` of the custom resources, with upstream's condition names and structure
 * (spec/eventbus.md §5): `{type, status, reason, message, lastTransitionTime}`, sorted by type,
 * `lastTransitionTime` changed only when the status changes. Pure: loop.ts writes the result through
 * the /status subresource, and only when it differs from what is there.
 * @module
 */
import { heldMessage } from './finalizer.js';
import { canonicalJson } from './plan.js';

export type ConditionStatus = 'True' | 'False' | 'Unknown';

export interface Condition {
  type: string;
  status: ConditionStatus;
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
}

export type ControlledKind = 'EventBus' | 'EventSource' | 'Sensor';

/** A problem render found, with the field path inside the custom resource. */
export interface SpecProblem {
  path: string;
  message: string;
}

/** What one reconcile came to. */
export type Outcome =
  | { kind: 'deployed'; objects: number }
  | { kind: 'invalid'; problems: SpecProblem[] }
  | { kind: 'failed'; message: string }
  /** An EventBus deleted while these (`Kind/name`) still use it: its objects keep running. */
  | { kind: 'held'; users: string[] };

/** The condition types of each kind, as upstream names them. */
export const CONDITION_TYPES: Record<ControlledKind, readonly string[]> = {
  EventBus: ['Configured', 'Deployed'],
  EventSource: ['SourcesProvided', 'Deployed'],
  Sensor: ['DependenciesProvided', 'TriggersProvided', 'Deployed'],
};

/** Reason upstream gives when validation of the part a condition covers fails. */
const INVALID_REASON: Record<string, string> = {
  Configured: 'InvalidSpec',
  SourcesProvided: 'InvalidEventSource',
  DependenciesProvided: 'InvalidDependencies',
  TriggersProvided: 'InvalidTriggers',
};

/** Which "provided" condition a problem at `path` falls under (Deployed covers the rest). */
export function conditionForPath(kind: ControlledKind, path: string): string | undefined {
  if (kind === 'EventBus') return 'Configured';
  if (kind === 'Sensor') {
    if (/^spec\.dependencies\b/.test(path)) return 'DependenciesProvided';
    if (/^spec\.(triggers|dlqTrigger)\b/.test(path)) return 'TriggersProvided';
    return undefined;
  }
  // EventSource: everything but the deployment fields is about the sources
  return /^(metadata|spec\.(template|service|replicas|eventBusName))\b/.test(path)
    ? undefined
    : 'SourcesProvided';
}

/** `spec.service.ports[0].port: must be …` — the path and the message render prints. */
export function problemText(p: SpecProblem): string {
  return p.path ? `${p.path}: ${p.message}` : p.message;
}

const KEPT = 'the objects last deployed are kept unchanged';

/** The conditions an outcome sets (without times). */
export function outcomeConditions(kind: ControlledKind, outcome: Outcome): Condition[] {
  const types = CONDITION_TYPES[kind];
  const provided = types.filter((t) => t !== 'Deployed');
  if (outcome.kind === 'invalid') {
    const byType = new Map<string, SpecProblem[]>();
    for (const p of outcome.problems) {
      const t = conditionForPath(kind, p.path) ?? 'Deployed';
      byType.set(t, [...(byType.get(t) ?? []), p]);
    }
    const all = outcome.problems.map(problemText).join('; ');
    return [
      ...provided.map((type): Condition => {
        const mine = byType.get(type);
        return mine
          ? { type, status: 'False', reason: INVALID_REASON[type], message: mine.map(problemText).join('; ') }
          : { type, status: 'True', reason: 'Succeeded', message: 'valid' };
      }),
      { type: 'Deployed', status: 'False', reason: 'InvalidSpec', message: `${all} (${KEPT})` },
    ];
  }
  const ok = provided.map((type): Condition => ({
    type,
    status: 'True',
    reason: 'Succeeded',
    message: 'valid',
  }));
  if (outcome.kind === 'failed')
    return [...ok, { type: 'Deployed', status: 'False', reason: 'ApplyFailed', message: outcome.message }];
  if (outcome.kind === 'held')
    return [
      ...ok,
      { type: 'Deployed', status: 'True', reason: 'InUse', message: heldMessage(outcome.users) },
    ];
  const message = kind === 'EventBus' ? 'JetStream is deployed' : `${kind} is deployed`;
  return [...ok, { type: 'Deployed', status: 'True', reason: 'Succeeded', message }];
}

/**
 * The new condition list: each next condition keeps the previous `lastTransitionTime` when its status
 * did not change; conditions of other types (written by someone else) are kept; sorted by type.
 */
export function mergeConditions(
  previous: Condition[] | undefined,
  next: Condition[],
  now: Date,
): Condition[] {
  const prev = new Map((previous ?? []).map((c) => [c.type, c]));
  const out = new Map(prev);
  for (const c of next) {
    const before = prev.get(c.type);
    const lastTransitionTime =
      before && before.status === c.status && before.lastTransitionTime
        ? before.lastTransitionTime
        : // Kubernetes times are RFC 3339 with second precision
          now.toISOString().replace(/\.\d+Z$/, 'Z');
    out.set(c.type, { ...c, lastTransitionTime });
  }
  return [...out.values()].sort((a, b) => (a.type < b.type ? -1 : a.type > b.type ? 1 : 0));
}

export interface StatusBody {
  conditions: Condition[];
  observedGeneration?: number;
  [field: string]: unknown;
}

/**
 * The status to write for an outcome, or `undefined` when the live status already says it (writing
 * anyway would bump the resourceVersion and wake every watcher, this controller included).
 */
export function nextStatus(
  kind: ControlledKind,
  live: { generation?: number; status?: { conditions?: Condition[]; observedGeneration?: number } },
  outcome: Outcome,
  now: Date,
): StatusBody | undefined {
  const conditions = mergeConditions(live.status?.conditions, outcomeConditions(kind, outcome), now);
  const body: StatusBody = { ...(live.status ?? {}), conditions };
  if (live.generation !== undefined) body.observedGeneration = live.generation;
  const same =
    canonicalJson(conditions) === canonicalJson(live.status?.conditions ?? []) &&
    body.observedGeneration === live.status?.observedGeneration;
  return same ? undefined : body;
}

/** Ready as upstream defines it: at least one condition, all True. */
export function isReady(conditions: Condition[] | undefined): boolean {
  return !!conditions?.length && conditions.every((c) => c.status === 'True');
}
