/**
 * Running a trigger's action (spec/sensor.md §9): one attempt = trigger-level parameters → the type's
 * driver (which applies its own parameters and `policy`), measured and counted; `atLeastOnce` runs attempts with the retry strategy
 * and then the dead-letter trigger; at-most-once runs exactly one attempt. Rate limiting happens once
 * per execution, before the first attempt.
 * @module
 */
import type { Logger } from 'pino';
import { LOG_FIELDS } from '../api/index.js';
import { TriggerError, type SecretStore, type TriggerType } from '../api/index.js';
import type { PreparedTrigger, TriggerContext, TriggerEvent } from './trigger-contract.js';
import { InvalidBackoffError, retrySchedule, type RetrySchedule } from './backoff.js';
import type { SensorMetrics } from './metrics.js';
import { applyParameters, ParameterError } from './parameters.js';
import { sleep, type RateLimiter } from './rate-limit.js';
import type { Trigger } from './spec.js';
import { traceLogFields, tracer, type Span } from '../bus/index.js';
import type { FiringTrace } from './tracing.js';
import { endExecuteSpan, startAttemptSpan, startExecuteSpan } from './trigger-tracing.js';

/** A trigger ready to run: its spec, type and prepared driver. */
export interface ActionTarget {
  trigger: Trigger;
  type: TriggerType;
  prepared: PreparedTrigger;
}

export interface ActionRunnerOptions {
  sensorName: string;
  namespace: string;
  logger: Logger;
  secrets: SecretStore;
  metrics: SensorMetrics;
  main: ActionTarget;
  dlq?: ActionTarget;
  limiter?: RateLimiter;
  /** Told about every finished execution (the admin API's recent executions). */
  onExecution?: (report: ExecutionReport) => void;
  /** Marks every execution as part of this replay (see TriggerContext.replayId). */
  replayId?: string;
}

/** One finished execution of a trigger, for observers (the admin API, the dashboard). */
export interface ExecutionReport {
  sensor: string;
  trigger: string;
  outcome: ExecutionResult;
  startedAt: number;
  durationMs: number;
  attempts: number;
  error?: string;
  eventIds: string[];
  /** The execution's trace id, when tracing is on (the dashboard shows its recorded spans). */
  traceId?: string;
}

/** Longest Retry-After honoured between two attempts; beyond it the backoff schedule applies. */
const MAX_RETRY_AFTER_MS = 60_000;

/** How an execution ended: done (succeeded or gave up, either way the message is acked) or aborted. */
export type ExecutionResult = 'succeeded' | 'failed' | 'aborted';

/** Runs the action of one trigger (and its dead-letter trigger). */
export class ActionRunner {
  private attempts = 0;
  private lastError?: string;

  /** Per target: its logger and retry schedule (fixed for the trigger's life; built once, not per event). */
  private readonly perTarget = new Map<ActionTarget, { log: Logger; schedule: RetrySchedule | Error }>();

  constructor(private readonly o: ActionRunnerOptions) {}

  private target(t: ActionTarget): { log: Logger; schedule: RetrySchedule | Error } {
    let v = this.perTarget.get(t);
    if (!v) {
      const log = this.o.logger.child({
        [LOG_FIELDS.triggerName]: t.trigger.template.name,
        [LOG_FIELDS.triggerType]: t.type,
      });
      let schedule: RetrySchedule | Error;
      try {
        schedule = retrySchedule(t.trigger.retryStrategy);
      } catch (err) {
        if (!(err instanceof InvalidBackoffError)) throw err;
        schedule = err;
      }
      v = { log, schedule };
      this.perTarget.set(t, v);
    }
    return v;
  }

  /**
   * Run `fn` as one execution and tell `onExecution` how it ended; without a listener, `fn()` as is (no
   * wrapper promise per event).
   */
  private reported(
    events: Record<string, TriggerEvent>,
    fn: () => Promise<ExecutionResult>,
    span?: Span,
  ): Promise<ExecutionResult> {
    const listener = this.o.onExecution;
    if (!listener) return fn();
    const traceId = span?.spanContext().traceId;
    const startedAt = Date.now();
    this.attempts = 0;
    this.lastError = undefined;
    return fn().then((outcome) => {
      listener({
        sensor: this.o.sensorName,
        trigger: this.name,
        outcome,
        startedAt,
        durationMs: Date.now() - startedAt,
        attempts: this.attempts,
        ...(outcome !== 'succeeded' && this.lastError ? { error: this.lastError } : {}),
        eventIds: ids(events),
        ...(traceId ? { traceId } : {}),
      });
      return outcome;
    });
  }

  get name(): string {
    return this.o.main.trigger.template.name;
  }

  /** The trigger's `conditions` as written (for the condition span). */
  get conditions(): string | undefined {
    return this.o.main.trigger.template.conditions;
  }

  /** At-most-once: wait for the rate limit, one attempt; a failure counts as retries-failed. */
  runOnce(
    events: Record<string, TriggerEvent>,
    signal: AbortSignal,
    firing?: FiringTrace,
  ): Promise<ExecutionResult> {
    if (firing && tracer.on) return this.traced(firing, events, (span) => this.once(events, signal, span));
    // without an execution listener, no wrapper (and no extra promise) per event
    return this.o.onExecution
      ? this.reported(events, () => this.once(events, signal))
      : this.once(events, signal);
  }

  /** Run `fn` inside the execution span of a traced firing. */
  private async traced(
    firing: FiringTrace,
    events: Record<string, TriggerEvent>,
    fn: (span: Span) => Promise<ExecutionResult>,
  ): Promise<ExecutionResult> {
    const span = startExecuteSpan(firing, this.o.sensorName, this.name, this.o.main.type);
    let outcome: ExecutionResult = 'failed';
    try {
      outcome = await this.reported(events, () => fn(span), span);
      return outcome;
    } finally {
      endExecuteSpan(span, outcome);
    }
  }

  private async once(
    events: Record<string, TriggerEvent>,
    signal: AbortSignal,
    span?: Span,
  ): Promise<ExecutionResult> {
    if (this.o.limiter && !(await this.limited(signal))) return 'aborted';
    try {
      await this.attempt(this.o.main, events, signal, span, 1);
      return 'succeeded';
    } catch {
      this.o.metrics.retriesFailed(this.name);
      return 'failed';
    }
  }

  /**
   * At-least-once: rate limit, attempts per `retryStrategy` (a non-retryable error stops early), then
   * the DLQ trigger with its own strategy. `aborted` when `signal` fired (the message is not acked).
   */
  runWithRetries(
    events: Record<string, TriggerEvent>,
    signal: AbortSignal,
    firing?: FiringTrace,
  ): Promise<ExecutionResult> {
    if (firing && tracer.on)
      return this.traced(firing, events, (span) => this.withRetries(events, signal, span));
    return this.reported(events, () => this.withRetries(events, signal));
  }

  /** Wait for the rate limit; false when the sensor stopped meanwhile. */
  private async limited(signal: AbortSignal): Promise<boolean> {
    try {
      await this.o.limiter!.take(signal);
      return true;
    } catch {
      return false;
    }
  }

  private async withRetries(
    events: Record<string, TriggerEvent>,
    signal: AbortSignal,
    span?: Span,
  ): Promise<ExecutionResult> {
    // no limiter: no await, so no microtask turn per event
    if (this.o.limiter && !(await this.limited(signal))) return 'aborted';
    const main = await this.retried(this.o.main, events, signal, span);
    if (main !== 'failed') return main;
    this.o.metrics.retriesFailed(this.name);
    const dlq = this.o.dlq;
    if (!dlq) return 'failed';
    this.o.logger.warn(
      { [LOG_FIELDS.triggerName]: this.name, dlqTrigger: dlq.trigger.template.name },
      'retries exhausted, running the dead-letter trigger',
    );
    const second = span
      ? await this.deadLetter(dlq, events, signal, span)
      : await this.retried(dlq, events, signal);
    if (second === 'failed') this.o.metrics.retriesFailed(dlq.trigger.template.name);
    return second === 'aborted' ? 'aborted' : 'failed';
  }

  /** The dead-letter trigger's attempts inside their own span (tracing on). */
  private async deadLetter(
    dlq: ActionTarget,
    events: Record<string, TriggerEvent>,
    signal: AbortSignal,
    parent: Span,
  ): Promise<ExecutionResult> {
    const span = startExecuteSpan(
      { parent, links: [] },
      this.o.sensorName,
      dlq.trigger.template.name,
      dlq.type,
      'dead-letter',
    );
    let outcome: ExecutionResult = 'failed';
    try {
      outcome = await this.retried(dlq, events, signal, span);
      return outcome;
    } finally {
      endExecuteSpan(span, outcome);
    }
  }

  private async retried(
    target: ActionTarget,
    events: Record<string, TriggerEvent>,
    signal: AbortSignal,
    span?: Span,
  ): Promise<ExecutionResult> {
    const name = target.trigger.template.name;
    const schedule = this.target(target).schedule;
    if (schedule instanceof Error) {
      this.o.logger.error(
        { [LOG_FIELDS.triggerName]: name, [LOG_FIELDS.error]: schedule },
        'invalid retryStrategy, the action is not attempted',
      );
      return 'failed';
    }
    for (let k = 0; k < schedule.attempts; k++) {
      if (signal.aborted) return 'aborted';
      let retryAfterMs = 0;
      try {
        await this.attempt(target, events, signal, span, k + 1);
        return 'succeeded';
      } catch (err) {
        if (signal.aborted) return 'aborted';
        if (err instanceof TriggerError && !err.retryable) return 'failed';
        if (err instanceof TriggerError) retryAfterMs = Math.min(err.retryAfterMs ?? 0, MAX_RETRY_AFTER_MS);
      }
      if (k < schedule.attempts - 1) {
        try {
          // A peer's Retry-After (HTTP 429/503, Slack rate limits) wins over a shorter backoff step.
          await sleep(Math.max(schedule.delayMs(k), retryAfterMs), signal);
        } catch {
          return 'aborted';
        }
      }
    }
    return 'failed';
  }

  /** One attempt; throws a {@link TriggerError} naming sensor, trigger and dependencies on failure. */
  private async attempt(
    target: ActionTarget,
    events: Record<string, TriggerEvent>,
    signal: AbortSignal,
    parent?: Span,
    n = 1,
  ): Promise<void> {
    const { trigger, type, prepared } = target;
    const name = trigger.template.name;
    const dependencies = Object.keys(events);
    const log = this.target(target).log;
    const started = performance.now();
    // tracing on and traced firing: a child span per attempt, whose context the driver sends on
    const span = parent && tracer.on ? startAttemptSpan(parent, name, type, n) : undefined;
    this.attempts++;
    try {
      const resolved = applyParameters(trigger.template, trigger.parameters, events) as Record<
        string,
        unknown
      >;
      const typeObject = resolved[type];
      if (typeObject === undefined || typeObject === null)
        throw new Error(`invalid trigger ${name}, could not find an implementation`);
      const ctx = triggerContext(this.o, trigger, log, signal);
      if (span) ctx.trace = tracer.b!.headers(span);
      const outcome = await prepared.execute(typeObject, events, ctx);
      this.o.metrics.triggered(name);
      // per execution: build the log fields only when they are written
      if (log.isLevelEnabled('info'))
        log.info(
          {
            triggeredBy: dependencies,
            triggeredByEvents: ids(events),
            ...(outcome.summary && { outcome: outcome.summary }),
            ...(span && traceLogFields(span)),
          },
          `Successfully processed trigger '${name}'`,
        );
    } catch (err) {
      const e = asTriggerError(err, {
        triggerType: type,
        sensorName: this.o.sensorName,
        triggerName: name,
        dependency: dependencies.join(', '),
      });
      this.o.metrics.failed(name);
      this.lastError = e.message;
      if (span) tracer.b?.fail(span, e);
      log.error(
        {
          [LOG_FIELDS.error]: e,
          triggeredBy: dependencies,
          triggeredByEvents: ids(events),
          ...(span && traceLogFields(span)),
        },
        'Failed to execute a trigger',
      );
      throw e;
    } finally {
      this.o.metrics.observeDuration(name, performance.now() - started);
      span?.end();
    }
  }
}

/** What a driver gets for `prepare`/`execute`; `policy` is applied by the drivers it concerns (http). */
export function triggerContext(
  o: Pick<ActionRunnerOptions, 'sensorName' | 'namespace' | 'secrets' | 'replayId'>,
  trigger: Trigger,
  logger: Logger,
  signal: AbortSignal,
): TriggerContext {
  const ctx: TriggerContext = {
    sensorName: o.sensorName,
    triggerName: trigger.template.name,
    namespace: o.namespace,
    logger,
    secrets: o.secrets,
    signal,
  };
  if (trigger.policy) ctx.policy = trigger.policy;
  if (o.replayId) ctx.replayId = o.replayId;
  return ctx;
}

function ids(events: Record<string, TriggerEvent>): string[] {
  return Object.values(events).map((e) => e.context.id);
}

/** Keep a driver's TriggerError; wrap anything else (parameter errors are not worth retrying). */
function asTriggerError(err: unknown, context: TriggerError['context']): TriggerError {
  if (err instanceof TriggerError) return err;
  const why = err instanceof Error ? err.message : String(err);
  const message = context.dependency ? `${why} (events of ${context.dependency})` : why;
  return new TriggerError(message, context, !(err instanceof ParameterError), { cause: err });
}
