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
import { conditionNames, parseConditions } from '../api/index.js';
import type { SecretStore, TriggerType } from '../api/index.js';
import { eventSubject, LOG_FIELDS } from '../api/index.js';
import { jetstream, jetstreamManager, type NatsConnection } from '../bus/index.js';
import { ActionRunner, triggerContext, type ActionTarget, type ExecutionReport } from './action-runner.js';
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
import { ReplayStep, type ReplayedEvent, type Selected } from './replay-step.js';
import type { Partial } from './stateful.js';
import type { PreparedTrigger, TriggerDriver } from './trigger-contract.js';
import { sharedSandbox, type ScriptSandbox } from './transform/index.js';

export type { ReplayedEvent, ReplayVerdict } from './replay-step.js';

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
