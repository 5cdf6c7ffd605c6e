/**
 * One trigger of a running sensor: its durable consumers, conditions resets, and how messages are
 * scheduled (spec/sensor.md §6). Triggers with an AND in their conditions merge their consumers into
 * stream order and process groups of messages one at a time (their KV state needs it); the others need
 * no KV and process up to `concurrency` messages at once. Messages waiting their turn are kept alive
 * with "working".
 * @module
 */
import type { KV } from '@nats-io/kv';
import type { Logger } from 'pino';
import { LOG_FIELDS } from '../api/index.js';
import { STREAM_NAME } from '../api/index.js';
import { conditionNames, parseConditions, requiresState } from '../api/index.js';
import {
  consume,
  ensureDurable,
  type ConsumeHandle,
  type JetStreamClient,
  type JetStreamManager,
  type JsMsg,
} from '../bus/index.js';
import type { ActionRunner } from './action-runner.js';
import { GroupProcessor } from './group-processor.js';
import { Aborted, MessageProcessor } from './message-processor.js';
import { OrderedMerge } from './ordered-merge.js';
import { PartialState } from './partial-state.js';
import { Semaphore } from './pool.js';
import { ResetSchedule } from './reset.js';
import { conditionsOf, type DeliverPolicy, type EventDependency, type Trigger } from './spec.js';
import type { ScriptSandbox } from './transform/index.js';
import { dependencyIndex, planSubscriptions } from './trigger-subscriptions.js';

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

export class TriggerWorker {
  readonly name: string;
  readonly deps: EventDependency[];
  readonly stateful: boolean;
  private readonly state: PartialState;
  private readonly processor: MessageProcessor;
  private readonly pending = new Set<JsMsg>();
  private readonly abort = new AbortController();
  private readonly pool: Semaphore;
  private readonly background: Semaphore;
  private readonly reset: ResetSchedule;
  private readonly log: Logger;
  private readonly ast: ReturnType<typeof parseConditions>;
  private merge: OrderedMerge | undefined;
  private serial: Promise<void> = Promise.resolve();
  private consumers: ConsumeHandle[] = [];
  private heartbeat: NodeJS.Timeout | undefined;

  constructor(private readonly o: TriggerWorkerOptions) {
    const t = o.trigger.template;
    this.name = t.name;
    this.log = o.logger.child({ [LOG_FIELDS.triggerName]: t.name });
    const ast = (this.ast = parseConditions(conditionsOf(t, o.dependencies)));
    const byName = new Map(o.dependencies.map((d) => [d.name, d]));
    this.deps = conditionNames(ast).map((n) => {
      const d = byName.get(n);
      if (!d)
        throw new Error(`trigger ${t.name}: conditions name "${n}", which is not a dependency of the sensor`);
      return d;
    });
    this.stateful = requiresState(ast);
    this.state = new PartialState(
      o.kv,
      t.name,
      this.deps.map((d) => d.name),
    );
    const concurrency = o.concurrency ?? 32;
    this.pool = new Semaphore(this.stateful ? 1 : concurrency);
    this.background = new Semaphore(concurrency);
    this.reset = new ResetSchedule(t.conditionsReset ?? []);
    this.processor = new MessageProcessor({
      index: dependencyIndex(this.deps),
      atLeastOnce: o.trigger.atLeastOnce === true,
      runner: o.runner,
      sandbox: o.sandbox,
      background: this.background,
      signal: this.abort.signal,
      logger: this.log,
    });
  }

  /** Apply a missed conditions reset, create or reuse the durables, and start consuming. */
  async start(): Promise<void> {
    if (this.stateful && !this.reset.empty) {
      const last = this.reset.lastTick();
      const cleared = last ? await this.state.clear(last.getTime()) : [];
      if (cleared.length)
        this.log.info(
          { cleared, lastReset: last!.toISOString() },
          'discarded partial events older than the last conditions reset',
        );
      this.reset.start(() => void this.serially(() => this.resetNow()));
    }
    const plans = planSubscriptions(this.o.sensorName, this.name, this.deps);
    const created = new Map<string, string>();
    const batch = this.o.batch ?? 64;
    if (this.stateful) {
      const groups = new GroupProcessor({
        processor: this.processor,
        state: this.state,
        ast: this.ast,
        durables: created,
        signal: this.abort.signal,
        logger: this.log,
      });
      const run = (msgs: JsMsg[]) =>
        this.serially(() => groups.run(msgs)).finally(() => msgs.forEach((m) => this.pending.delete(m)));
      // a consumer that said it has more is waited for until it delivers: its next batch normally comes
      // within milliseconds; the window only bounds a stall (e.g. its messages were removed meanwhile)
      this.merge = new OrderedMerge(plans.length, run, {
        windowMs: 1000,
        maxGroup: 4 * batch,
        maxQueued: batch,
        confirm: async (i) => {
          const ci = await this.o.jsm.consumers.info(STREAM_NAME, plans[i]!.durable);
          return { pending: ci.num_pending, deliveredConsumerSeq: ci.delivered.consumer_seq };
        },
      });
    }
    for (const [i, p] of plans.entries()) {
      // the policy only matters at creation: an existing durable keeps its own (e.g. `new` after a purge)
      const existing = await this.o.jsm.consumers.info(STREAM_NAME, p.durable).catch(() => undefined);
      const deliverPolicy =
        (existing?.config.deliver_policy as DeliverPolicy | undefined) ??
        this.o.recreatePolicies?.get(p.durable) ??
        p.deliverPolicy;
      const spec = { name: p.durable, filterSubject: p.subject, deliverPolicy, ackWaitMs: this.o.ackWaitMs };
      const info = await ensureDurable(this.o.jsm, spec, { logger: this.log });
      created.set(p.durable, info.created);
      this.merge?.start(i, {
        pending: info.num_pending,
        ackPending: info.num_ack_pending,
        ackFloor: info.ack_floor.stream_seq,
        delivered: info.delivered.stream_seq,
        deliveredConsumerSeq: info.delivered.consumer_seq,
        ackWaitMs: (info.config.ack_wait ?? 30e9) / 1e6,
      });
      this.log.info(
        { subject: p.subject, durable: p.durable, deliverPolicy },
        `Subscribing to subject ${p.subject} with durable name ${p.durable}`,
      );
      const handle = await consume(this.o.js, p.durable, (msgs) => this.onBatch(i, msgs), {
        batch,
        logger: this.log,
      });
      this.consumers.push(handle);
    }
    const every = Math.max(500, (this.o.ackWaitMs ?? 30_000) / 3);
    this.heartbeat = setInterval(() => this.pending.forEach((m) => m.working()), every);
    this.heartbeat.unref();
  }

  /**
   * Stop pulling and let in-flight processing finish for up to `drainMs`; then abort what is left (those
   * messages are nak'ed and redelivered later). Background actions get the same grace period.
   */
  async stop(drainMs = 10_000): Promise<void> {
    this.reset.stop();
    const timer = setTimeout(() => this.abort.abort(new Aborted('the sensor is stopping')), drainMs);
    await Promise.all(this.consumers.map((c) => c.stop()));
    // queued but not started: left for redelivery (to the next process, at once)
    for (const m of (await this.merge?.close()) ?? []) {
      m.nak();
      this.pending.delete(m);
    }
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
      this.log.info({ cleared: await this.state.clear() }, 'reset conditions');
    } catch (err) {
      this.log.error({ [LOG_FIELDS.error]: err }, 'conditions reset failed');
    }
  }

  private async onBatch(consumer: number, msgs: JsMsg[]): Promise<void> {
    for (const m of msgs) this.pending.add(m);
    if (this.merge) return this.merge.push(consumer, msgs);
    for (const m of msgs) {
      const release = this.pool.tryAcquire() ?? (await this.pool.acquire());
      void this.runOne(m, release);
    }
  }

  private async runOne(m: JsMsg, release: () => void): Promise<void> {
    try {
      await this.processor.handle(m);
    } finally {
      this.pending.delete(m);
      release();
    }
  }
}
