/**
 * Sensor metrics (spec/metrics.md §3), the only place their names and labels are spelled. One set of
 * metric objects per prom-client registry, shared by every sensor in the process; each series carries
 * the constant label `namespace`.
 * @module
 */
import { Counter, register as defaultRegistry, type Registry } from 'prom-client';
import { SumCountSummary } from '../bus/index.js';

export const SENSOR_METRICS = {
  actionTriggered: 'argo_events_action_triggered_total',
  actionFailed: 'argo_events_action_failed_total',
  actionRetriesFailed: 'argo_events_action_retries_failed_total',
  actionDuration: 'argo_events_action_duration_milliseconds',
} as const;

export const SENSOR_METRIC_LABELS = {
  namespace: 'namespace',
  sensorName: 'sensor_name',
  triggerName: 'trigger_name',
} as const;

const LABELS = [
  SENSOR_METRIC_LABELS.namespace,
  SENSOR_METRIC_LABELS.sensorName,
  SENSOR_METRIC_LABELS.triggerName,
];

interface MetricSet {
  /** Counts not yet added to their prom-client counter (see {@link BufferedCount}). */
  buffered: Set<BufferedCount>;
  triggered: Counter;
  failed: Counter;
  retriesFailed: Counter;
  duration: SumCountSummary<string>;
}

const sets = new WeakMap<Registry, MetricSet>();

function metricSet(registry: Registry): MetricSet {
  let s = sets.get(registry);
  if (!s) {
    const registers = [registry];
    const buffered = new Set<BufferedCount>();
    // prom-client calls it before every read of the metric
    const collect = () => {
      for (const b of buffered) b.flush();
    };
    s = {
      buffered,
      triggered: new Counter({
        name: SENSOR_METRICS.actionTriggered,
        help: 'How many actions have been triggered successfully.',
        labelNames: LABELS,
        registers,
        collect,
      }),
      failed: new Counter({
        name: SENSOR_METRICS.actionFailed,
        help: 'How many actions failed.',
        labelNames: LABELS,
        registers,
        collect,
      }),
      retriesFailed: new Counter({
        name: SENSOR_METRICS.actionRetriesFailed,
        help: 'How many actions failed after the retries have been exhausted.',
        labelNames: LABELS,
        registers,
        collect,
      }),
      // no quantiles: upstream's summary exposes only _sum and _count
      duration: new SumCountSummary(
        SENSOR_METRICS.actionDuration,
        'Summary of durations of trigging actions.',
        LABELS,
        registers,
      ),
    };
    sets.set(registry, s);
  }
  return s;
}

/**
 * A counter child's increments kept as a number and added when prom-client reads the counter (its
 * `collect` hook): prom-client hashes and validates the label set on every `inc()`, per event otherwise.
 */
class BufferedCount {
  private n = 0;
  constructor(private readonly child: { inc(n: number): void }) {}
  inc(): void {
    this.n++;
  }
  flush(): void {
    if (this.n === 0) return;
    this.child.inc(this.n);
    this.n = 0;
  }
}

/** The metrics of one sensor. */
export class SensorMetrics {
  private readonly m: MetricSet;

  constructor(
    private readonly namespace: string,
    private readonly sensorName: string,
    registry: Registry = defaultRegistry,
  ) {
    this.m = metricSet(registry);
  }

  /** Labelled children per trigger: prom-client hashes a label object on every call otherwise. */
  private readonly children = new Map<string, ReturnType<SensorMetrics['makeChildren']>>();

  private labels(triggerName: string) {
    return { namespace: this.namespace, sensor_name: this.sensorName, trigger_name: triggerName };
  }

  private makeChildren(trigger: string) {
    const l = this.labels(trigger);
    return {
      triggered: this.buffer(this.m.triggered.labels(l)),
      failed: this.buffer(this.m.failed.labels(l)),
      retriesFailed: this.buffer(this.m.retriesFailed.labels(l)),
      duration: this.m.duration.labels(l),
    };
  }

  private buffer(child: { inc(n: number): void }): BufferedCount {
    const b = new BufferedCount(child);
    this.m.buffered.add(b);
    return b;
  }

  private of(trigger: string) {
    let c = this.children.get(trigger);
    if (!c) this.children.set(trigger, (c = this.makeChildren(trigger)));
    return c;
  }

  /** Create the counters at 0 for the sensor's (top-level) triggers, as upstream does at start. */
  init(triggerNames: readonly string[]): void {
    for (const t of triggerNames) {
      const l = this.labels(t);
      this.m.triggered.inc(l, 0);
      this.m.failed.inc(l, 0);
      this.m.retriesFailed.inc(l, 0);
    }
  }

  /** One successful attempt. */
  triggered(trigger: string): void {
    this.of(trigger).triggered.inc();
  }

  /** One failed attempt. */
  failed(trigger: string): void {
    this.of(trigger).failed.inc();
  }

  /** Retries exhausted (or invalid backoff), a failed DLQ, or a failed at-most-once execution. */
  retriesFailed(trigger: string): void {
    this.of(trigger).retriesFailed.inc();
  }

  /** Duration of one attempt, truncated to whole milliseconds. */
  observeDuration(trigger: string, ms: number): void {
    this.of(trigger).duration.observe(Math.trunc(ms));
  }
}
