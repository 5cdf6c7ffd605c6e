/**
 * What happens to one message of a trigger (spec/sensor.md §6.3, §5, §9.3): parse → dedup → matching
 * dependencies → for each: transform → filters → conditions → action; then ack, or nak when the message
 * must come again (shutdown during an at-least-once action, unexpected failure).
 * @module
 */
import type { Logger } from 'pino';
import { LOG_FIELDS } from '../api/index.js';
import type { ConditionNode } from '../api/index.js';
import type { JsMsg } from '../bus/index.js';
import type { ActionRunner } from './action-runner.js';
import { RecentIds } from './dedup.js';
import { EventParseError, parseCloudEvent, type SensorEvent } from './event.js';
import { evaluateFilters } from './filters/index.js';
import type { MessageMeta, PartialState } from './partial-state.js';
import type { Semaphore } from './pool.js';
import type { EventDependency } from './spec.js';
import { advanceConditions, releaseClaims } from './stateful.js';
import { applyTransform, type ScriptSandbox } from './transform/index.js';
import { messageMeta, sourceKey } from './trigger-subscriptions.js';

export interface MessageProcessorOptions {
  /** The trigger's dependencies per (source, subject), in the trigger's order. */
  index: Map<string, EventDependency[]>;
  ast: ConditionNode;
  /** The conditions contain an AND: partial state lives in `state`. */
  stateful: boolean;
  state: PartialState;
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

export class MessageProcessor {
  private readonly recent = new RecentIds();

  constructor(private readonly o: MessageProcessorOptions) {}

  /** Process one message to its end and settle it. Never throws. */
  async handle(m: JsMsg): Promise<void> {
    const log = this.o.logger;
    let id: string | undefined;
    try {
      let event: SensorEvent;
      try {
        event = parseCloudEvent(m.data);
      } catch (err) {
        if (!(err instanceof EventParseError)) throw err;
        log.error(
          { [LOG_FIELDS.error]: err, streamSeq: m.seq },
          'Failed to convert to a cloudevent, discarding it...',
        );
        m.ack();
        return;
      }
      if (this.recent.has(event.context.id)) {
        log.debug(
          { [LOG_FIELDS.eventId]: event.context.id },
          'already received an event with this id, ignoring it',
        );
        m.ack();
        return;
      }
      const deps = this.o.index.get(sourceKey(event.context.source, event.context.subject));
      if (!deps) {
        const { source, subject } = event.context;
        log.error(
          { [LOG_FIELDS.eventId]: event.context.id, source, subject },
          'Failed to get the dependency names, discarding it...',
        );
        m.ack();
        return;
      }
      id = event.context.id;
      this.recent.add(id); // at once: a concurrent copy of the same event must not run too
      const meta = messageMeta(m);
      for (const dep of deps) await this.processDependency(dep, event, meta);
      m.ack();
    } catch (err) {
      if (id !== undefined) this.recent.delete(id);
      if (err instanceof Aborted) {
        m.nak();
      } else {
        log.error(
          { [LOG_FIELDS.error]: err, streamSeq: m.seq },
          'processing failed; the event will be redelivered',
        );
        m.nak(1000);
      }
    }
  }

  private async processDependency(
    dep: EventDependency,
    incoming: SensorEvent,
    meta: MessageMeta,
  ): Promise<void> {
    const log = this.o.logger.child({
      [LOG_FIELDS.dependencyName]: dep.name,
      [LOG_FIELDS.eventId]: incoming.context.id,
    });
    let event: SensorEvent;
    try {
      event = await applyTransform(incoming, dep.transform, this.o.sandbox);
    } catch (err) {
      log.error({ [LOG_FIELDS.error]: err }, 'failed to apply event transformation');
      return;
    }
    const trace = await evaluateFilters(dep, event, { sandbox: this.o.sandbox });
    if (trace.error !== undefined) {
      const what = trace.pass ? 'passed but with filtering error' : 'discarded due to filtering error';
      log.warn({ reason: trace.reason }, `Event ${what}: ${trace.error}`);
    } else if (!trace.pass) {
      log.info({ reason: trace.reason }, `not interested in dependency ${dep.name} (didn't pass filter)`);
    }
    if (!trace.pass) return;
    if (!this.o.stateful) return this.fire({ [dep.name]: event });
    let outcome;
    try {
      outcome = await advanceConditions(this.o.state, this.o.ast, dep.name, event, meta, (d, err) =>
        log.error({ [LOG_FIELDS.error]: err, stored: d }, 'unreadable stored partial event, ignoring it'),
      );
    } catch (err) {
      // with atLeastOnce the event must not be lost to a bus hiccup: have it redelivered
      if (this.o.atLeastOnce) throw err;
      log.error({ [LOG_FIELDS.error]: err }, 'cannot read or write the trigger state; the event is dropped');
      return;
    }
    if (outcome.kind === 'stored') {
      log.debug('dependency stored as partial state; conditions not met yet');
      return;
    }
    await this.fire(Object.fromEntries(outcome.events), async () => {
      try {
        await releaseClaims(this.o.state, outcome.claimed);
      } catch (err) {
        log.error({ [LOG_FIELDS.error]: err }, 'failed to delete used partial events');
      }
    });
  }

  /** Run the action per the delivery mode; `afterLaunch` runs once the stored events are no longer needed. */
  private async fire(events: Record<string, SensorEvent>, afterLaunch?: () => Promise<void>): Promise<void> {
    const triggerEvents = Object.fromEntries(Object.entries(events).map(([k, e]) => [k, e.toTriggerEvent()]));
    if (this.o.atLeastOnce) {
      const result = await this.o.runner.runWithRetries(triggerEvents, this.o.signal);
      if (result === 'aborted') throw new Aborted('the sensor stopped during the action');
      await afterLaunch?.();
      return;
    }
    const release = await this.o.background.acquire();
    void this.o.runner.runOnce(triggerEvents, this.o.signal).finally(release);
    await afterLaunch?.();
  }
}
