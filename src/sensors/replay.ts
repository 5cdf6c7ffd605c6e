/**
 * Replay (`jetflow replay`, the admin API): re-deliver stored events of the stream to one sensor's
 * triggers. Events are read through an ephemeral consumer (replay-range.ts), never the durables, and
 * go through the live path's per-dependency evaluation (parse, transform, filters, with the verdict
 * trace of `jetflow test`). Conditions are evaluated over the replayed events only, in stream order,
 * with a fresh in-memory partial state per trigger (the KV state is neither read nor written): `a && b`
 * fires once for each a/b pair formed inside the range. Firings run through the trigger's action runner
 * (rate limit, retries, DLQ) — always awaited, one at a time in stream order, whatever `atLeastOnce` —
 * and carry the replay's id (REPLAY_HEADER, suffixed Idempotency-Key).
 * @module
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { Registry } from 'prom-client';
import { conditionNames, parseConditions, type ConditionNode } from '../api/index.js';
import type { SecretStore, TriggerType } from '../api/index.js';
import { eventSubject, LOG_FIELDS } from '../api/index.js';
import { jetstream, jetstreamManager, type JsMsg, type NatsConnection } from '../bus/index.js';
import { ActionRunner, triggerContext, type ActionTarget, type ExecutionReport } from './action-runner.js';
import { RecentIds } from './dedup.js';
import { evaluateDependency } from './dry-run.js';
import { EventParseError, parseCloudEvent, type SensorEvent } from './event.js';
import type { FilterTrace } from './filters/index.js';
import { SensorMetrics } from './metrics.js';
import { RateLimiter } from './rate-limit.js';
import {
  checkRange,
  parseReplayPoint,
  readRange,
  ReplayInputError,
  streamBounds,
  type ReplayPoint,
  type StreamBounds,
} from './replay-range.js';
import { conditionsOf, triggerTypeOf, type EventDependency, type Sensor, type Trigger } from './spec.js';
import { applyConditions, type Partial, type PassedEvent } from './stateful.js';
import type { PreparedTrigger, TriggerDriver, TriggerEvent } from './trigger-contract.js';
import { sharedSandbox, type ScriptSandbox } from './transform/index.js';
import { rfc3339Nano, sourceKey } from './trigger-subscriptions.js';

export interface ReplayRequest {
  sensor: Sensor;
  /** Only this trigger (default: every trigger of the sensor). */
  trigger?: string;
  /** Only events of this dependency. */
  dependency?: string;
  from: string | ReplayPoint;
  /** Default: the stream's last sequence when the replay starts. */
  to?: string | ReplayPoint;
}

export interface ReplayEnv {
  nc: NatsConnection;
  logger: Logger;
  secrets: SecretStore;
  /** The driver of a trigger type (src/triggers `triggerDriver`); not needed for a dry run. */
  drivers?: (type: TriggerType) => TriggerDriver;
  sandbox?: ScriptSandbox;
}

export interface ReplayOptions {
  dryRun?: boolean;
  signal?: AbortSignal;
  /** Every so often while reading (and once at the end). */
  onProgress?: (p: { done: number; total: number }) => void;
  /** Every replayed event of a selected dependency, with its verdicts. */
  onEvent?: (e: ReplayedEvent) => void;
  onExecution?: (r: ExecutionReport) => void;
  /** Default: a random id. */
  replayId?: string;
  /** Keep the first this many events in the summary (default 0). */
  samples?: number;
}

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

export interface ReplaySummary {
  replayId: string;
  dryRun: boolean;
  sensor: string;
  triggers: string[];
  stream: StreamBounds;
  /** Messages read on the dependencies' subjects. */
  scanned: number;
  /** Events some selected dependency passed. */
  matched: number;
  /** Events of a selected dependency that none passed (filtered out, transform error, not a CloudEvent). */
  rejected: number;
  /** Executions (dry run: that would happen). */
  fired: number;
  failed: number;
  aborted: boolean;
  /** Stream sequences of the first and last message read. */
  firstSeq?: number;
  lastSeq?: number;
  events: ReplayedEvent[];
}

interface Selected {
  trigger: Trigger;
  ast: ConditionNode;
  deps: EventDependency[];
  partials: Map<string, Partial>;
  runner?: ActionRunner;
}

/** Count what a replay would do (a dry run): the admin's confirmation step. */
export function planReplay(
  req: ReplayRequest,
  env: ReplayEnv,
  o: Omit<ReplayOptions, 'dryRun'> = {},
): Promise<ReplaySummary> {
  return runReplay(req, env, { samples: 10, ...o, dryRun: true });
}

/**
 * Replay `req`'s range. @throws {ReplayInputError} for an unknown trigger or dependency, an unreadable
 * point, `from` after `to`, or a range outside the stream
 */
export async function runReplay(
  req: ReplayRequest,
  env: ReplayEnv,
  o: ReplayOptions = {},
): Promise<ReplaySummary> {
  const now = Date.now();
  const point = (p: string | ReplayPoint) => (typeof p === 'string' ? parseReplayPoint(p, now) : p);
  const from = point(req.from);
  const to = req.to === undefined ? undefined : point(req.to);
  const selected = select(req);
  const deps = uniqueDeps(selected);
  const jsm = await jetstreamManager(env.nc);
  const stream = await streamBounds(jsm);
  checkRange(stream, from, to);
  const replayId = o.replayId ?? randomUUID().replace(/-/g, '').slice(0, 12);
  const dryRun = o.dryRun === true;
  const log = env.logger.child({ [LOG_FIELDS.sensorName]: req.sensor.metadata.name, replayId });
  const prepared = dryRun ? [] : await prepareRunners(req.sensor, selected, env, log, replayId, o);
  const summary: ReplaySummary = {
    replayId,
    dryRun,
    sensor: req.sensor.metadata.name,
    triggers: selected.map((s) => s.trigger.template.name),
    stream,
    scanned: 0,
    matched: 0,
    rejected: 0,
    fired: 0,
    failed: 0,
    aborted: false,
    events: [],
  };
  try {
    const subjects = [...new Set(deps.map((d) => eventSubject(d.eventSourceName, d.eventName)))];
    const read = await readRange(jetstream(env.nc), jsm, {
      subjects,
      from,
      to,
      stopSeq: stream.lastSeq,
      signal: o.signal,
    });
    const step = new ReplayStep(selected, deps, env.sandbox ?? sharedSandbox(), dryRun, o.signal);
    let lastProgress = 0;
    for await (const m of read.messages) {
      const e = await step.replay(m);
      if (!e) continue;
      tally(summary, e);
      if (summary.events.length < (o.samples ?? 0)) summary.events.push(e);
      o.onEvent?.(e);
      if (o.onProgress && Date.now() - lastProgress >= 500) {
        lastProgress = Date.now();
        o.onProgress({ done: summary.scanned, total: Math.max(read.total, summary.scanned) });
      }
      if (isAborted(e)) {
        summary.aborted = true;
        break;
      }
    }
    if (o.signal?.aborted) summary.aborted = true;
    o.onProgress?.({ done: summary.scanned, total: summary.scanned });
  } finally {
    await Promise.allSettled(prepared.map((p) => p.close()));
  }
  log.info(
    { scanned: summary.scanned, matched: summary.matched, fired: summary.fired, failed: summary.failed },
    dryRun ? 'replay dry run finished' : 'replay finished',
  );
  return summary;
}

const isAborted = (e: ReplayedEvent) => e.fires.some((f) => f.outcome === 'aborted');

function tally(s: ReplaySummary, e: ReplayedEvent): void {
  s.scanned++;
  s.firstSeq ??= e.seq;
  s.lastSeq = e.seq;
  if (e.dependencies.some((d) => d.passed)) s.matched++;
  else s.rejected++;
  for (const f of e.fires) {
    if (f.outcome === 'failed') s.failed++;
    else if (f.outcome !== 'aborted') s.fired++;
  }
}

/** The selected triggers with their dependencies (narrowed to `req.dependency`). */
function select(req: ReplayRequest): Selected[] {
  const spec = req.sensor.spec;
  const names = spec.triggers.map((t) => t.template.name);
  const triggers =
    req.trigger === undefined ? spec.triggers : spec.triggers.filter((t) => t.template.name === req.trigger);
  if (!triggers.length)
    throw new ReplayInputError(
      `sensor ${req.sensor.metadata.name} has no trigger "${req.trigger}" (its triggers: ${names.join(', ')})`,
    );
  const byName = new Map(spec.dependencies.map((d) => [d.name, d]));
  const selected = triggers.map((t) => {
    const ast = parseConditions(conditionsOf(t.template, spec.dependencies));
    const deps = conditionNames(ast)
      .map((n) => byName.get(n))
      .filter((d): d is EventDependency => d !== undefined);
    return { trigger: t, ast, deps, partials: new Map<string, Partial>() };
  });
  if (req.dependency === undefined) return selected;
  const valid = [...new Set(selected.flatMap((s) => s.deps.map((d) => d.name)))];
  if (!valid.includes(req.dependency))
    throw new ReplayInputError(
      `${req.trigger ? `trigger ${req.trigger}` : `sensor ${req.sensor.metadata.name}`} has no dependency "${req.dependency}" (its dependencies: ${valid.join(', ')})`,
    );
  return selected
    .map((s) => ({ ...s, deps: s.deps.filter((d) => d.name === req.dependency) }))
    .filter((s) => s.deps.length > 0);
}

function uniqueDeps(selected: Selected[]): EventDependency[] {
  const seen = new Map<string, EventDependency>();
  for (const s of selected) for (const d of s.deps) seen.set(d.name, d);
  return [...seen.values()];
}

/** The action runner of each selected trigger, as the live sensor builds it, marked with the replay id. */
async function prepareRunners(
  sensor: Sensor,
  selected: Selected[],
  env: ReplayEnv,
  logger: Logger,
  replayId: string,
  o: ReplayOptions,
): Promise<PreparedTrigger[]> {
  if (!env.drivers) throw new Error('replay: trigger drivers are needed to fire');
  const name = sensor.metadata.name;
  const namespace = sensor.metadata.namespace ?? 'default';
  const signal = o.signal ?? new AbortController().signal;
  // a registry of its own: the replay's counts do not mix into the live sensor's metrics
  const metrics = new SensorMetrics(namespace, name, new Registry());
  const prepared: PreparedTrigger[] = [];
  const target = async (t: Trigger): Promise<ActionTarget> => {
    const type = triggerTypeOf(t.template);
    if (!type) throw new ReplayInputError(`trigger ${t.template.name} has no implementation`);
    const base = { sensorName: name, namespace, secrets: env.secrets, replayId };
    const ctx = triggerContext(base, t, logger.child({ [LOG_FIELDS.triggerName]: t.template.name }), signal);
    const p = await env.drivers!(type).prepare(t.template[type], ctx);
    prepared.push(p);
    return { trigger: t, type, prepared: p };
  };
  try {
    for (const s of selected) {
      const t = s.trigger;
      s.runner = new ActionRunner({
        sensorName: name,
        namespace,
        logger,
        secrets: env.secrets,
        metrics,
        main: await target(t),
        dlq: t.dlqTrigger ? await target(t.dlqTrigger) : undefined,
        limiter: RateLimiter.from(t.rateLimit),
        onExecution: o.onExecution,
        replayId,
      });
    }
  } catch (err) {
    await Promise.allSettled(prepared.map((p) => p.close()));
    throw err;
  }
  return prepared;
}

/** Evaluates replayed messages one by one, in stream order, and fires what they complete. */
class ReplayStep {
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
