/**
 * Runs every configured event of one EventSource (upstream `EventSourceAdaptor.run`): builds each
 * listener's context (logger, dispatch, metrics), starts them with retries, and reports when none is
 * left running.
 * @module
 */
import type { KV } from '../../bus/index.js';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { SourceError } from '../../api/index.js';
import { LOG_FIELDS, sourceLeaseKey } from '../../api/index.js';
import type { SecretStore } from '../../api/index.js';
import { SOURCE_SHARING, SOURCE_TYPES, type SourceSharing, type SourceType } from '../../api/index.js';
import { compileSourceFilter } from '../filter/index.js';
import type { SourceDriver } from '../types.js';
import { createDispatch, type EventPublisher, type SourceFilter } from './dispatcher.js';
import { runAsLeader, type LeaseSettings } from './leader.js';
import { runListenerTask, type TaskOutcome } from './listener-task.js';
import { EventMetrics, RunningGauge } from './metrics.js';
import { DEFAULT_START_RETRY, type StartRetryPolicy } from './retry.js';

/** The parts of an EventSource resource the host reads. */
export interface EventSourceObject {
  metadata: { name: string; namespace?: string };
  spec: Record<string, unknown>;
}

/** Types whose `filter` is not an expression filter (spec/eventsource.md §1). */
const NO_EXPRESSION_FILTER: ReadonlySet<SourceType> = new Set<SourceType>([
  'minio',
  'storageGrid',
  'resource',
  'stripe',
  'mns',
]);

export interface EventSourceHostOptions {
  eventSource: EventSourceObject;
  publisher: EventPublisher;
  secrets: SecretStore;
  /** Opens (creating when missing) a KV bucket on the bus, for sources that keep state (calendar). */
  openKv?: (bucket: string) => Promise<KV>;
  logger: Logger;
  registry: Registry;
  /** Driver per type (normally `SOURCE_DRIVERS`). */
  drivers: Readonly<Record<SourceType, SourceDriver>>;
  /** Compiles a `filter.expression` (default: `compileSourceFilter`). */
  compileFilter?: (expression: string) => SourceFilter;
  startRetry?: Partial<StartRetryPolicy>;
  /**
   * Set when several processes may run this EventSource: each single-listener event then runs only in
   * the process holding its lease. Without it every event runs here (one process).
   */
  lease?: LeaseSettings;
  /** Decides single-listener vs active-active per event (normally `sourceSharing` of the registry). */
  sharing?: (type: SourceType, config: unknown) => SourceSharing;
}

/** State of one configured event. */
export interface ListenerStatus {
  type: SourceType;
  eventName: string;
  /** `standby`: a single-listener event another process leads (this one campaigns for it). */
  state: 'starting' | 'running' | 'standby' | 'failed' | 'stopped';
  ok: boolean;
  sharing: SourceSharing;
  /** Whether this process holds the event's lease (single-listener events with a lease only). */
  leader?: boolean;
  message?: string;
}

interface Planned {
  type: SourceType;
  eventName: string;
  config: unknown;
  filter?: SourceFilter;
}

/** Hosts one EventSource's listeners. `start()` launches them; `stop()` stops them and waits. */
export class EventSourceHost {
  readonly name: string;
  readonly namespace: string;
  private readonly abort = new AbortController();
  private readonly status = new Map<string, ListenerStatus>();
  private readonly readyWaiters = new Map<
    string,
    { resolve(): void; reject(e: unknown): void; p: Promise<void> }
  >();
  private tasks: Promise<TaskOutcome>[] = [];
  private finished: Promise<void> | undefined;

  constructor(private readonly o: EventSourceHostOptions) {
    this.name = o.eventSource.metadata.name;
    this.namespace = o.eventSource.metadata.namespace ?? 'default';
  }

  /**
   * Launch every valid listener (invalid ones are logged and skipped, as upstream). Resolves at once;
   * use {@link ready} to wait until they receive, {@link done} to learn that none is left running.
   */
  start(): void {
    if (this.finished) return;
    const log = this.o.logger.child({ [LOG_FIELDS.eventSourceName]: this.name });
    const planned = this.plan(log);
    const gauge = new RunningGauge(this.o.registry, this.namespace, this.name);
    const policy = { ...DEFAULT_START_RETRY, ...this.o.startRetry };
    for (const p of planned) {
      const logger = log.child({ [LOG_FIELDS.eventName]: p.eventName, [LOG_FIELDS.eventSourceType]: p.type });
      const metrics = new EventMetrics(this.o.registry, this.namespace, this.name, p.eventName);
      const key = p.eventName;
      const sharing = (this.o.sharing ?? defaultSharing)(p.type, p.config);
      this.status.set(key, { type: p.type, eventName: p.eventName, state: 'starting', ok: false, sharing });
      this.readyWaiters.set(key, deferred());
      const dispatch = createDispatch({
        eventSourceName: this.name,
        eventName: p.eventName,
        type: p.type,
        publisher: this.o.publisher,
        metrics,
        logger,
        filter: p.filter,
      });
      const ctx = (signal: AbortSignal) => ({
        eventSourceName: this.name,
        eventName: p.eventName,
        eventSourceType: p.type,
        namespace: this.namespace,
        config: p.config,
        secrets: this.o.secrets,
        logger,
        dispatch,
        metrics,
        setHealth: (h: { ok: boolean; message?: string }) => this.update(key, h),
        openKv: this.o.openKv,
        signal,
      });
      const run = (signal: AbortSignal) => {
        gauge.inc();
        return runListenerTask({
          driver: this.o.drivers[p.type],
          ctx: ctx(signal),
          policy,
          onStarted: () => {
            this.update(key, { state: 'running', ok: true, message: undefined });
            this.readyWaiters.get(key)?.resolve();
          },
          onGaveUp: (err) => {
            const where = { sourceType: p.type, eventSourceName: this.name, eventName: p.eventName };
            const e = new SourceError(
              `gave up starting after ${policy.attempts} attempt(s): ${reason(err, where)}`,
              where,
              { cause: err },
            );
            this.update(key, { state: 'failed', ok: false, message: e.message });
            this.readyWaiters.get(key)?.reject(e);
          },
        }).finally(() => gauge.dec());
      };
      const task = this.launch(p, key, sharing, logger, run);
      this.tasks.push(task);
    }
    log.info('Eventing server started.');
    this.finished = Promise.all(this.tasks).then(() => {
      if (!this.abort.signal.aborted)
        throw new Error(`event source ${this.name}: no active event server running`);
    });
    this.finished.catch(() => undefined); // observed through done()
  }

  /** Single-listener events run under a lease when one is configured; everything else runs here. */
  private launch(
    p: Planned,
    key: string,
    sharing: SourceSharing,
    logger: Logger,
    run: (signal: AbortSignal) => Promise<TaskOutcome>,
  ): Promise<TaskOutcome> {
    const lease = this.o.lease;
    if (sharing === 'active-active' || !lease) return run(this.abort.signal);
    this.update(key, { state: 'standby', ok: true, leader: false });
    this.readyWaiters.get(key)?.resolve(); // standing by is what this process should do
    return runAsLeader({
      lease,
      eventSourceName: this.name,
      eventName: p.eventName,
      signal: this.abort.signal,
      logger,
      run,
      onRole: (leader) =>
        this.update(key, leader ? { leader } : { leader, state: 'standby', ok: true, message: undefined }),
    });
  }

  /** Lease keys this process currently holds (for the status heartbeat). */
  leading(): string[] {
    return [...this.status.values()]
      .filter((s) => s.leader)
      .map((s) => sourceLeaseKey(this.name, s.eventName));
  }

  /** Resolves when every listener has started once; rejects with the first that gave up. */
  async ready(): Promise<void> {
    await Promise.all([...this.readyWaiters.values()].map((w) => w.p));
  }

  /** Settles when the host stopped (resolves) or when no listener is left running (rejects). */
  done(): Promise<void> {
    return this.finished ?? Promise.resolve();
  }

  /** Per-event state for health reporting. */
  listeners(): ListenerStatus[] {
    return [...this.status.values()].map((s) => ({ ...s }));
  }

  /** Stop every listener and wait for them (in-flight dispatches included). */
  async stop(): Promise<void> {
    this.abort.abort();
    await Promise.allSettled(this.tasks);
    for (const s of this.status.values()) if (s.state !== 'failed') s.state = 'stopped';
  }

  private update(key: string, patch: Partial<ListenerStatus>): void {
    const s = this.status.get(key);
    if (s) Object.assign(s, patch);
  }

  /** Every `<type>.<event>` of the spec, validated the way the runtime can (unique names, filters). */
  private plan(log: Logger): Planned[] {
    const out: Planned[] = [];
    const seen = new Set<string>();
    for (const type of SOURCE_TYPES) {
      const events = this.o.eventSource.spec[type];
      if (!events || typeof events !== 'object') continue;
      for (const [eventName, config] of Object.entries(events as Record<string, unknown>)) {
        const l = log.child({ [LOG_FIELDS.eventName]: eventName, [LOG_FIELDS.eventSourceType]: type });
        if (seen.has(eventName)) {
          l.error(`Validation failed: more than one "${eventName}" found in the spec`);
          continue;
        }
        seen.add(eventName);
        try {
          out.push({ type, eventName, config, filter: this.filterOf(type, config) });
        } catch (err) {
          l.error({ [LOG_FIELDS.error]: err }, 'Validation failed');
        }
      }
    }
    return out;
  }

  private filterOf(type: SourceType, config: unknown): SourceFilter | undefined {
    if (NO_EXPRESSION_FILTER.has(type)) return undefined;
    const expr = (config as { filter?: { expression?: unknown } } | null)?.filter?.expression;
    if (typeof expr !== 'string' || expr === '') return undefined;
    return (this.o.compileFilter ?? compileSourceFilter)(expr);
  }
}

function defaultSharing(type: SourceType): SourceSharing {
  return SOURCE_SHARING[type];
}

/** The error's message without a SourceError's own context prefix (the wrapper adds it again). */
function reason(
  err: unknown,
  where: { sourceType: string; eventSourceName: string; eventName: string },
): string {
  const msg = err instanceof Error ? err.message : String(err);
  const prefix = `${where.sourceType} event source ${where.eventSourceName}/${where.eventName}: `;
  return msg.startsWith(prefix) ? msg.slice(prefix.length) : msg;
}

function deferred() {
  let resolve!: () => void;
  let reject!: (e: unknown) => void;
  const p = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  p.catch(() => undefined);
  return { resolve, reject, p };
}
