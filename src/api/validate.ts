/**
 * `validateResource()`: the one validator used by lint, the runtime and the admin API. Shape errors come
 * from the zod schemas; unknown fields become warnings (a typo must not pass in silence); semantic rules
 * come from each kind's `*Semantics` function.
 * @module
 */
import { z } from 'zod';
import { issueCollector, type PathSeg, type RawIssue } from './issues.js';
import { eventBusSchema, type EventBus } from './schema/eventbus.js';
import { eventBusSemantics } from './schema/eventbus-semantics.js';
import { eventSourceSchema, eventSourceSemantics, type EventSource } from './schema/eventsource.js';
import { sensorSchema, sensorSemantics, type Sensor } from './schema/sensor.js';
import { configMapSchema, secretSchema, type ConfigMap, type Secret } from './schema/core.js';
import type { IssueSink } from './issues.js';

export const ARGO_API_VERSION = 'argoproj.io/v1alpha1';

export type Resource = EventBus | EventSource | Sensor | Secret | ConfigMap;
export type ResourceKind = Resource['kind'];

interface KindDef {
  schema: z.ZodType;
  semantics?: (r: any, sink: IssueSink) => void;
}

const ARGO_KINDS: Record<string, KindDef> = {
  EventBus: { schema: eventBusSchema, semantics: eventBusSemantics },
  EventSource: { schema: eventSourceSchema, semantics: eventSourceSemantics },
  Sensor: { schema: sensorSchema, semantics: sensorSemantics },
};
const CORE_KINDS: Record<string, KindDef> = {
  Secret: { schema: secretSchema },
  ConfigMap: { schema: configMapSchema },
};

/** Other Argo projects share the API group: their documents are skipped, not errors. */
const OTHER_ARGO_KINDS = new Set([
  'Workflow',
  'WorkflowTemplate',
  'ClusterWorkflowTemplate',
  'CronWorkflow',
  'WorkflowEventBinding',
  'WorkflowTaskSet',
  'WorkflowTaskResult',
  'WorkflowArtifactGCTask',
  'Rollout',
  'AnalysisTemplate',
  'ClusterAnalysisTemplate',
  'AnalysisRun',
  'Experiment',
  'Application',
  'ApplicationSet',
  'AppProject',
]);

export type Classification =
  { kind: 'argo' | 'core'; def: KindDef } | { kind: 'skip'; reason: string } | { kind: 'unknown-argo' };

/** Which schema applies to a document, or why it is skipped. */
export function classify(doc: unknown): Classification {
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) return { kind: 'skip', reason: 'not a mapping' };
  const { apiVersion, kind } = doc as { apiVersion?: unknown; kind?: unknown };
  if (apiVersion === ARGO_API_VERSION) {
    const def = typeof kind === 'string' ? ARGO_KINDS[kind] : undefined;
    if (def) return { kind: 'argo', def };
    if (typeof kind === 'string' && OTHER_ARGO_KINDS.has(kind))
      return { kind: 'skip', reason: `${kind} belongs to another Argo project` };
    return { kind: 'unknown-argo' };
  }
  if (apiVersion === 'v1' && typeof kind === 'string' && CORE_KINDS[kind])
    return { kind: 'core', def: CORE_KINDS[kind] };
  return {
    kind: 'skip',
    reason: `${String(apiVersion ?? '?')}/${String(kind ?? '?')} is not a jetflow resource`,
  };
}

export interface ValidationResult<T = Resource> {
  /** The parsed resource with defaults, present when there are no errors. */
  resource?: T;
  /** Errors and warnings, paths not yet resolved to positions. */
  issues: RawIssue[];
  skipped?: string;
}

/** Validate one decoded document. Does not throw on bad input: everything is reported as issues. */
export function validateResource(doc: unknown): ValidationResult {
  const c = classify(doc);
  if (c.kind === 'skip') return { issues: [], skipped: c.reason };
  if (c.kind === 'unknown-argo') {
    const kind = (doc as { kind?: unknown }).kind;
    return {
      issues: [
        {
          severity: 'error',
          path: ['kind'],
          message: `unknown kind ${JSON.stringify(kind)} for ${ARGO_API_VERSION}: expected EventBus, EventSource or Sensor`,
        },
      ],
    };
  }
  const sink = issueCollector();
  let result = c.def.schema.safeParse(doc, { reportInput: true });
  if (!result.success) {
    const { errors, unknown } = splitZodIssues(result.error.issues);
    for (const u of unknown) sink.warn(u.path, u.message);
    if (errors.length > 0) {
      for (const e of errors) sink.error(e.path, e.message);
      return { issues: sink.issues };
    }
    // Only unknown fields: drop them and parse again, so the rest is still checked and used.
    result = c.def.schema.safeParse(withoutKeys(doc, unknown), { reportInput: true });
    if (!result.success) {
      for (const e of splitZodIssues(result.error.issues).errors) sink.error(e.path, e.message);
      return { issues: sink.issues };
    }
  }
  c.def.semantics?.(result.data, sink);
  const hasError = sink.issues.some((i) => i.severity === 'error');
  return { resource: hasError ? undefined : (result.data as Resource), issues: sink.issues };
}

interface UnknownKey {
  path: PathSeg[];
  key: string;
  message: string;
}

function splitZodIssues(issues: z.core.$ZodIssue[]): { errors: RawIssue[]; unknown: UnknownKey[] } {
  const errors: RawIssue[] = [];
  const unknown: UnknownKey[] = [];
  for (const issue of flattenUnions(issues)) {
    const path = issue.path.filter((p): p is PathSeg => typeof p !== 'symbol');
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys)
        unknown.push({ path: [...path, key], key, message: `unknown field "${key}"` });
    } else errors.push({ severity: 'error', path, message: describe(issue) });
  }
  return { errors, unknown };
}

/** For unions, report the branch that got furthest instead of a bare "invalid input". */
function flattenUnions(issues: z.core.$ZodIssue[]): z.core.$ZodIssue[] {
  const out: z.core.$ZodIssue[] = [];
  for (const i of issues) {
    if (i.code === 'invalid_union' && i.errors.length > 0) {
      const best = i.errors.reduce((a, b) => (depth(b) > depth(a) ? b : a));
      if (depth(best) > 0) {
        out.push(...flattenUnions(best.map((e) => ({ ...e, path: [...i.path, ...e.path] }))));
        continue;
      }
    }
    out.push(i);
  }
  return out;
}

const depth = (errs: z.core.$ZodIssue[]) => Math.max(0, ...errs.map((e) => e.path.length));

function describe(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type': {
      const found = (issue as { input?: unknown }).input;
      if (found === undefined) return `required field is missing (expected ${issue.expected})`;
      return `expected ${issue.expected}, found ${typeName(found)} ${preview(found)}`;
    }
    case 'invalid_value':
      return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}, found ${preview((issue as { input?: unknown }).input)}`;
    default:
      return issue.message;
  }
}

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

function preview(v: unknown): string {
  const s = JSON.stringify(v);
  return s === undefined ? '' : s.length > 40 ? `${s.slice(0, 37)}...` : s;
}

function withoutKeys(doc: unknown, unknown: UnknownKey[]): unknown {
  const copy = structuredClone(doc);
  for (const u of unknown) {
    let node: any = copy;
    for (const seg of u.path.slice(0, -1)) node = node?.[seg];
    if (node && typeof node === 'object') delete node[u.key];
  }
  return copy;
}
