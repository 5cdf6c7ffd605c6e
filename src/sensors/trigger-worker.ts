/**
 * One trigger of a running sensor: its durable consumers, the per-message pipeline (parse → dedup →
 * dependencies → transform → filters → conditions → action) and the acknowledgement rules of
 * spec/sensor.md §6.3 and §9.3. Triggers with an AND in their conditions process messages strictly one
 * at a time (their KV state needs it); the others need no KV and run up to `concurrency` messages at
 * once. Either way a message is acked only when its processing is over — after the action for
 * `atLeastOnce`, after launching it otherwise.
 * @module
 */
import type { KV } from '@nats-io/kv';
import type { Logger } from 'pino';
import { LOG_FIELDS } from '../api/log-fields.js';
import { conditionNames, parseConditions, requiresState, type ConditionNode } from '../api/conditions.js';
import {
  consume,
  ensureDurable,
  type ConsumeHandle,
  type JetStreamClient,
  type JetStreamManager,
  type JsMsg,
} from '../bus/index.js';
import type { ActionRunner } from './action-runner.js';
import { RecentIds } from './dedup.js';
import { EventParseError, parseCloudEvent, type SensorEvent } from './event.js';
import { evaluateFilters } from './filters/index.js';
import { PartialState, type MessageMeta } from './partial-state.js';
import { Semaphore } from './pool.js';
import { ResetSchedule } from './reset.js';
import { conditionsOf, type DeliverPolicy, type EventDependency, type Trigger } from './spec.js';
import { advanceConditions, releaseClaims } from './stateful.js';
import { applyTransform, type ScriptSandbox } from './transform/index.js';
import { dependencyIndex, messageMeta, planSubscriptions, sourceKey } from './trigger-subscriptions.js';

export interface TriggerWorkerOptions {
  sensorName: string;
  trigger: Trigger;
  /** All dependencies of the sensor (the trigger picks those its conditions name). */
  dependencies: readonly EventDependency[];
  js: JetStreamClient;
  jsm: JetStreamManager;
  kv: KV;
  runner: ActionRunner;
  sandbox: ScriptSandbox;
  logger: Logger;
  /** Messages per pull (default 64). */
  batch?: number;
  /** Messages processed at once by a trigger without AND, and background actions in flight (default 32). */
  concurrency?: number;
  /** Ack wait of newly created durables (default 30 000 ms). */
  ackWaitMs?: number;
  /** Deliver policy for durables purged by the spec reconciliation, by durable name (see reconcile.ts). */
  recreatePolicies?: ReadonlyMap<string, DeliverPolicy>;
}

/** Processing stopped because the sensor is shutting down; the message is left for redelivery. */
class Aborted extends Error {}

export class TriggerWorker {
  readonly name: string;
  readonly deps: EventDependency[];
  readonly stateful: boolean;
  private readonly ast: ConditionNode;
  private readonly index: Map<string, EventDependency[]>;
  private readonly state: PartialState;
  private readonly recent = new RecentIds();
  private readonly inflight = new Set<JsMsg>();
  private readonly abort = new AbortController();
  private readonly pool: Semaphore;
  private readonly background: Semaphore;
  private readonly reset: ResetSchedule;
  private readonly log: Logger;
  private serial: Promise<void> = Promise.resolve();
  private consumers: ConsumeHandle[] = [];
  private heartbeat: NodeJS.Timeout | undefined;

  constructor(private readonly o: TriggerWorkerOptions) {
    const t = o.trigger.template;
    this.name = t.name;
    this.log = o.logger.child({ [LOG_FIELDS.triggerName]: t.name });
    this.ast = parseConditions(conditionsOf(t, o.dependencies));
    const byName = new Map(o.dependencies.map((d) => [d.name, d]));
    this.deps = conditionNames(this.ast).map((n) => {
      const d = byName.get(n);
      if (!d)
        throw new Error(`trigger ${t.name}: conditions name "${n}", which is not a dependency of the sensor`);
      return d;
    });
    this.stateful = requiresState(this.ast);
    this.index = dependencyIndex(this.deps);
    this.state = new PartialState(
      o.kv,
      t.name,
      this.deps.map((d) => d.name),
    );
    this.pool = new Semaphore(this.stateful ? 1 : (o.concurrency ?? 32));
    this.background = new Semaphore(o.concurrency ?? 32);
    this.reset = new ResetSchedule(t.conditionsReset ?? []);
  }

  /** Create/reuse the durables, apply a missed conditions reset, and start consuming. */
  async start(): Promise<void> {
    if (this.stateful && !this.reset.empty) {
      const last = this.reset.lastTick();
      if (last) {
        const cleared = await this.state.clear(last.getTime());
        if (cleared.length)
          this.log.info(
            { cleared, lastReset: last.toISOString() },
            'discarded partial events older than the last conditions reset',
          );
      }
      this.reset.start(() => void this.serially(() => this.resetNow()));
    }
    for (const p of planSubscriptions(this.o.sensorName, this.name, this.deps)) {
      const deliverPolicy = this.o.recreatePolicies?.get(p.durable) ?? p.deliverPolicy;
      await ensureDurable(
        this.o.jsm,
        { name: p.durable, filterSubject: p.subject, deliverPolicy, ackWaitMs: this.o.ackWaitMs },
        { logger: this.log },
      );
      this.log.info(
        { subject: p.subject, durable: p.durable, deliverPolicy },
        `Subscribing to subject ${p.subject} with durable name ${p.durable}`,
      );
      this.consumers.push(
        await consume(this.o.js, p.durable, (msgs) => this.onBatch(msgs), {
          batch: this.o.batch ?? 64,
          logger: this.log,
        }),
      );
    }
    const every = Math.max(500, (this.o.ackWaitMs ?? 30_000) / 3);
    this.heartbeat = setInterval(() => this.inflight.forEach((m) => m.working()), every);
    this.heartbeat.unref();
  }

  /**
   * Stop pulling, let in-flight processing finish for up to `drainMs`, then abort what is left (those
   * messages are nak'ed and will be redelivered). Background actions get the same grace period.
   */
  async stop(drainMs = 10_000): Promise<void> {
    this.reset.stop();
    const timer = setTimeout(() => this.abort.abort(new Aborted('the sensor is stopping')), drainMs);
    await Promise.all(this.consumers.map((c) => c.stop()));
    await Promise.all([this.serial, this.pool.idle(), this.background.idle()]);
    clearTimeout(timer);
    clearInterval(this.heartbeat);
  }

  private serially(task: () => Promise<void>): Promise<void> {
    const run = this.serial.then(task);
    this.serial = run.catch(() => undefined);
    return run;
  }

  private async resetNow(): Promise<void> {
    try {
      const cleared = await this.state.clear();
      this.log.info({ cleared }, 'reset conditions');
    } catch (err) {
      this.log.error({ [LOG_FIELDS.error]: err }, 'conditions reset failed');
    }
  }

  private async onBatch(msgs: JsMsg[]): Promise<void> {
    if (this.stateful) {
      await this.serially(async () => {
        for (const m of msgs) await this.handle(m);
      });
      return;
    }
    for (const m of msgs) {
      const release = await this.pool.acquire();
      void this.handle(m).finally(release);
    }
  }

  /** Process one message to its end and settle it (ack, or nak when it must be redelivered). */
  private async handle(m: JsMsg): Promise<void> {
    this.inflight.add(m);
    let id: string | undefined;
    try {
      let event: SensorEvent;
      try {
        event = parseCloudEvent(m.data);
      } catch (err) {
        if (!(err instanceof EventParseError)) throw err;
        this.log.error(
          { [LOG_FIELDS.error]: err, streamSeq: m.seq },
          'Failed to convert to a cloudevent, discarding it...',
        );
        m.ack();
        return;
      }
      id = event.context.id;
      if (this.recent.has(id)) {
        this.log.debug({ [LOG_FIELDS.eventId]: id }, 'already received an event with this id, ignoring it');
        m.ack();
        id = undefined;
        return;
      }
      const deps = this.index.get(sourceKey(event.context.source, event.context.subject));
      if (!deps) {
        this.log.error(
          { [LOG_FIELDS.eventId]: id, source: event.context.source, subject: event.context.subject },
          'Failed to get the dependency names, discarding it...',
        );
        m.ack();
        return;
      }
      this.recent.add(id);
      const meta = messageMeta(m);
      for (const dep of deps) await this.processDependency(dep, event, meta);
      m.ack();
    } catch (err) {
      if (id !== undefined) this.recent.delete(id);
      if (err instanceof Aborted) {
        m.nak();
      } else {
        this.log.error(
          { [LOG_FIELDS.error]: err, streamSeq: m.seq },
          'processing failed; the event will be redelivered',
        );
        m.nak(1000);
      }
    } finally {
      this.inflight.delete(m);
    }
  }

  private async processDependency(
    dep: EventDependency,
    incoming: SensorEvent,
    meta: MessageMeta,
  ): Promise<void> {
    const log = this.log.child({
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
      log.warn(
        { reason: trace.reason },
        `Event ${trace.pass ? 'passed but with filtering error' : 'discarded due to filtering error'}: ${trace.error}`,
      );
    } else if (!trace.pass) {
      log.info({ reason: trace.reason }, `not interested in dependency ${dep.name} (didn't pass filter)`);
    }
    if (!trace.pass) return;
    if (!this.stateful) {
      await this.fire({ [dep.name]: event });
      return;
    }
    let outcome;
    try {
      outcome = await advanceConditions(this.state, this.ast, dep.name, event, meta, (d, err) =>
        log.error({ [LOG_FIELDS.error]: err, stored: d }, 'unreadable stored partial event, ignoring it'),
      );
    } catch (err) {
      // with atLeastOnce the event must not be lost to a bus hiccup: redeliver it
      if (this.o.trigger.atLeastOnce) throw err;
      log.error({ [LOG_FIELDS.error]: err }, 'cannot read or write the trigger state; the event is dropped');
      return;
    }
    if (outcome.kind === 'stored') {
      log.debug('dependency stored as partial state; conditions not met yet');
      return;
    }
    await this.fire(Object.fromEntries(outcome.events), async () => {
      try {
        await releaseClaims(this.state, outcome.claimed);
      } catch (err) {
        log.error({ [LOG_FIELDS.error]: err }, 'failed to delete used partial events');
      }
    });
  }

  /** Run the action per the delivery mode; `afterLaunch` runs when the events are no longer needed in KV. */
  private async fire(events: Record<string, SensorEvent>, afterLaunch?: () => Promise<void>): Promise<void> {
    const triggerEvents = Object.fromEntries(Object.entries(events).map(([k, e]) => [k, e.toTriggerEvent()]));
    const signal = this.abort.signal;
    if (this.o.trigger.atLeastOnce) {
      const result = await this.o.runner.runWithRetries(triggerEvents, signal);
      if (result === 'aborted') throw new Aborted('the sensor stopped during the action');
      await afterLaunch?.();
      return;
    }
    const release = await this.background.acquire();
    void this.o.runner.runOnce(triggerEvents, signal).finally(release);
    await afterLaunch?.();
  }
}
