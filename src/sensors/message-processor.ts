/**
 * What happens to the messages of a trigger (spec/sensor.md §6.3, §5, §9.3): parse → dedup → matching
 * dependencies → for each: transform → filters. Triggers without AND fire per passing dependency and
 * settle each message on its own ({@link MessageProcessor.handle}); AND triggers hand the passing events
 * to the group processor (group-processor.ts).
 * @module
 */
import type { Logger } from 'pino';
import { LOG_FIELDS } from '../api/index.js';
import type { JsMsg } from '../bus/index.js';
import type { ActionRunner } from './action-runner.js';
import { RecentIds } from './dedup.js';
import { EventParseError, parseCloudEvent, type SensorEvent } from './event.js';
import { evaluateFilters } from './filters/index.js';
import type { Semaphore } from './pool.js';
import type { EventDependency } from './spec.js';
import type { PassedEvent } from './stateful.js';
import type { TriggerEvent } from './trigger-contract.js';
import { applyTransform, type ScriptSandbox } from './transform/index.js';
import { messageMeta, sourceKey } from './trigger-subscriptions.js';
import { tracer, type Span } from '../bus/index.js';
import {
  conditionSpan,
  endFilter,
  linkEvent,
  startFilter,
  startReceive,
  type FiringTrace,
} from './tracing.js';

export interface MessageProcessorOptions {
  /** The trigger's dependencies per (source, subject), in the trigger's order. */
  index: Map<string, EventDependency[]>;
  atLeastOnce: boolean;
  runner: ActionRunner;
  sandbox: ScriptSandbox;
  /** Bounds at-most-once actions running in the background. */
  background: Semaphore;
  signal: AbortSignal;
  logger: Logger;
}

/** Processing stopped because the sensor is shutting down; the message is left for redelivery. */
export class Aborted extends Error {}

/** A message's outcome before conditions: nothing to do (ack), or the events that passed. */
export type Evaluation = { kind: 'skip' } | { kind: 'events'; id: string; passed: PassedEvent[] };

export class MessageProcessor {
  private readonly recent = new RecentIds();

  constructor(private readonly o: MessageProcessorOptions) {}

  get atLeastOnce(): boolean {
    return this.o.atLeastOnce;
  }

  /** Process one message of a trigger without AND to its end and settle it. Never throws. */
  async handle(m: JsMsg): Promise<void> {
    let id: string | undefined;
    try {
      const ev = await this.evaluate(m);
      if (ev.kind === 'events') {
        id = ev.id;
        for (const p of ev.passed) await this.fire(new Map([[p.dependency, p.event]]));
      }
      m.ack();
    } catch (err) {
      if (id !== undefined) this.forget(id);
      this.settleFailed(m, err);
    }
  }

  /**
   * Parse, dedup, match, transform and filter `m`. The event id is marked as seen at once (a
   * concurrent copy must not run too); {@link forget} it when processing is abandoned.
   */
  async evaluate(m: JsMsg): Promise<Evaluation> {
    const log = this.o.logger;
    let event: SensorEvent;
    try {
      event = parseCloudEvent(m.data);
    } catch (err) {
      if (!(err instanceof EventParseError)) throw err;
      log.error(
        { [LOG_FIELDS.error]: err, streamSeq: m.seq },
        'Failed to convert to a cloudevent, discarding it...',
      );
      return { kind: 'skip' };
    }
    // tracing off: one boolean test per message
    if (tracer.on) return this.traced(m, event);
    return this.evaluateEvent(m, event);
  }

  /** {@link evaluate} inside the message's receive span (tracing on). */
  private async traced(m: JsMsg, event: SensorEvent): Promise<Evaluation> {
    const span = startReceive(event, m.subject, m.info.consumer, this.o.runner.name);
    try {
      const ev = await this.evaluateEvent(m, event, span);
      span.setAttribute('jetflow.dependencies.passed', ev.kind === 'events' ? ev.passed.length : 0);
      return ev;
    } catch (err) {
      tracer.b?.fail(span, err);
      throw err;
    } finally {
      span.end();
    }
  }

  private async evaluateEvent(m: JsMsg, event: SensorEvent, span?: Span): Promise<Evaluation> {
    const log = this.o.logger;
    const { id, source, subject } = event.context;
    if (this.recent.has(id)) {
      log.debug({ [LOG_FIELDS.eventId]: id }, 'already received an event with this id, ignoring it');
      return { kind: 'skip' };
    }
    const deps = this.o.index.get(sourceKey(source, subject));
    if (!deps) {
      log.error(
        { [LOG_FIELDS.eventId]: id, source, subject },
        'Failed to get the dependency names, discarding it...',
      );
      return { kind: 'skip' };
    }
    this.recent.add(id);
    const meta = messageMeta(m);
    const passed: PassedEvent[] = [];
    try {
      for (const dep of deps) {
        // the common case (no transform, no filters) without a promise per event
        const e = dep.transform || dep.filters ? await this.passing(dep, event, span) : event;
        if (e) passed.push({ dependency: dep.name, event: e, meta });
        if (e && span) linkEvent(e, span);
      }
    } catch (err) {
      this.forget(id);
      throw err;
    }
    return { kind: 'events', id, passed };
  }

  /** Forget a seen event id (its processing did not finish, so a redelivery must be processed). */
  forget(id: string): void {
    this.recent.delete(id);
  }

  /**
   * Run the action per the delivery mode: at least once → attempts (and DLQ) awaited, {@link Aborted}
   * when the sensor stops meanwhile; at most once → started in the background (bounded).
   */
  async fire(events: ReadonlyMap<string, SensorEvent>): Promise<void> {
    const triggerEvents: Record<string, TriggerEvent> = {};
    for (const [k, e] of events) triggerEvents[k] = e.toTriggerEvent();
    const runner = this.o.runner;
    const trace: FiringTrace | undefined = tracer.on
      ? conditionSpan(events, runner.name, runner.conditions)
      : undefined;
    if (this.o.atLeastOnce) {
      const result = await runner.runWithRetries(triggerEvents, this.o.signal, trace);
      if (result === 'aborted') throw new Aborted('the sensor stopped during the action');
      return;
    }
    const release = await this.o.background.acquire();
    void runner.runOnce(triggerEvents, this.o.signal, trace).finally(release);
  }

  /** Nak a message whose processing failed: at once when aborted, after 1 s on an unexpected error. */
  private settleFailed(m: JsMsg, err: unknown): void {
    if (err instanceof Aborted) {
      m.nak();
      return;
    }
    this.o.logger.error(
      { [LOG_FIELDS.error]: err, streamSeq: m.seq },
      'processing failed; the event will be redelivered',
    );
    m.nak(1000);
  }

  /**
   * The event after `dep`'s transform if it passes `dep`'s filters, else undefined (logged). Only for a
   * dependency with a transform or filters (the caller passes the others through).
   */
  private async passing(
    dep: EventDependency,
    incoming: SensorEvent,
    receive?: Span,
  ): Promise<SensorEvent | undefined> {
    if (!receive) return this.passingEvent(dep, incoming);
    const span = startFilter(receive, dep.name);
    let ended = false;
    try {
      return await this.passingEvent(dep, incoming, (verdict, reason) => {
        ended = true;
        endFilter(span, verdict, reason);
      });
    } finally {
      if (!ended) endFilter(span, 'error', 'filtering threw');
    }
  }

  private async passingEvent(
    dep: EventDependency,
    incoming: SensorEvent,
    verdict?: (v: 'pass' | 'fail' | 'error', reason?: string) => void,
  ): Promise<SensorEvent | undefined> {
    const log = this.o.logger.child({
      [LOG_FIELDS.dependencyName]: dep.name,
      [LOG_FIELDS.eventId]: incoming.context.id,
    });
    let event: SensorEvent;
    try {
      event = await applyTransform(incoming, dep.transform, this.o.sandbox);
    } catch (err) {
      log.error({ [LOG_FIELDS.error]: err }, 'failed to apply event transformation');
      verdict?.('error', `transform: ${(err as Error).message}`);
      return undefined;
    }
    const trace = await evaluateFilters(dep, event, { sandbox: this.o.sandbox });
    verdict?.(trace.pass ? 'pass' : trace.error !== undefined ? 'error' : 'fail', trace.reason);
    if (trace.error !== undefined) {
      const what = trace.pass ? 'passed but with filtering error' : 'discarded due to filtering error';
      log.warn({ reason: trace.reason }, `Event ${what}: ${trace.error}`);
    } else if (!trace.pass) {
      log.info({ reason: trace.reason }, `not interested in dependency ${dep.name} (didn't pass filter)`);
    }
    return trace.pass ? event : undefined;
  }
}
