/**
 * The EventSource metrics of spec/metrics.md §2, names and labels exactly as upstream
 * (`pkg/metrics/metrics.go`). Every name and label lives here and nowhere else. Metrics are created once
 * per prom-client Registry (several EventSources in one process share them); `namespace` is a label
 * rather than a registry-wide default because one process may host several namespaces.
 * @module
 */
import { collectDefaultMetrics, Counter, Gauge, type Registry } from 'prom-client';
import { SumCountSummary } from '../../bus/index.js';

export const METRIC_PREFIX = 'argo_events';
export const METRIC_LABELS = {
  namespace: 'namespace',
  eventSourceName: 'eventsource_name',
  eventName: 'event_name',
} as const;
export const SOURCE_METRIC_NAMES = {
  running: `${METRIC_PREFIX}_event_service_running_total`,
  sent: `${METRIC_PREFIX}_events_sent_total`,
  sentFailed: `${METRIC_PREFIX}_events_sent_failed_total`,
  processingFailed: `${METRIC_PREFIX}_events_processing_failed_total`,
  duration: `${METRIC_PREFIX}_event_processing_duration_milliseconds`,
} as const;

const DOCS = 'https://argoproj.github.io/argo-events/metrics/#';
const L = METRIC_LABELS;
const EVENT_LABELS = [L.namespace, L.eventSourceName, L.eventName] as const;

interface Families {
  running: Gauge<string>;
  sent: Counter<string>;
  sentFailed: Counter<string>;
  processingFailed: Counter<string>;
  duration: SumCountSummary<string>;
}

const perRegistry = new WeakMap<Registry, Families>();

function families(registry: Registry): Families {
  const have = perRegistry.get(registry);
  if (have) return have;
  const registers = [registry];
  const n = SOURCE_METRIC_NAMES;
  const f: Families = {
    running: new Gauge({
      name: n.running,
      help: `How many configured events in the EventSource object are actively running. ${DOCS}${n.running}`,
      labelNames: [L.namespace, L.eventSourceName],
      registers,
    }),
    sent: new Counter({
      name: n.sent,
      help: `How many events have been sent successfully. ${DOCS}${n.sent}`,
      labelNames: EVENT_LABELS,
      registers,
    }),
    sentFailed: new Counter({
      name: n.sentFailed,
      help: `How many events failed to send to EventBus. ${DOCS}${n.sentFailed}`,
      labelNames: EVENT_LABELS,
      registers,
    }),
    processingFailed: new Counter({
      name: n.processingFailed,
      help: `Number of events failed to process, it includes ${n.sentFailed}. ${DOCS}${n.processingFailed}`,
      labelNames: EVENT_LABELS,
      registers,
    }),
    // No quantiles: upstream's summary exposes only _sum and _count.
    duration: new SumCountSummary(
      n.duration,
      `Summary of durations of event processing. ${DOCS}${n.duration}`,
      EVENT_LABELS,
      registers,
    ),
  };
  perRegistry.set(registry, f);
  return f;
}

/** The running-listeners gauge of one EventSource (initialized once per object, then +1/−1). */
export class RunningGauge {
  private readonly child: { inc(): void; dec(): void; set(v: number): void };
  constructor(registry: Registry, namespace: string, eventSourceName: string) {
    this.child = families(registry).running.labels({
      [L.namespace]: namespace,
      [L.eventSourceName]: eventSourceName,
    });
    this.child.set(0);
  }
  inc(): void {
    this.child.inc();
  }
  dec(): void {
    this.child.dec();
  }
}

/** The per-event series of one listener, with label children bound once (no label lookup per event). */
export class EventMetrics {
  private readonly sent: { inc(): void };
  private readonly sentFailed: { inc(): void };
  private readonly failed: { inc(): void };
  private readonly duration: { observe(v: number): void };

  /** Creates the counters at 0, as upstream's `InitEventMetrics`. */
  constructor(registry: Registry, namespace: string, eventSourceName: string, eventName: string) {
    const f = families(registry);
    const labels = {
      [L.namespace]: namespace,
      [L.eventSourceName]: eventSourceName,
      [L.eventName]: eventName,
    };
    const sent = f.sent.labels(labels);
    const sentFailed = f.sentFailed.labels(labels);
    const failed = f.processingFailed.labels(labels);
    for (const c of [sent, sentFailed, failed]) c.inc(0);
    this.sent = sent;
    this.sentFailed = sentFailed;
    this.failed = failed;
    // the summary child is created lazily: no series until the first observation (spec/metrics.md §2)
    let child: { observe(v: number): void } | undefined;
    this.duration = { observe: (v) => (child ??= f.duration.labels(labels)).observe(v) };
  }

  eventSent(): void {
    this.sent.inc();
  }
  eventSentFailed(): void {
    this.sentFailed.inc();
  }
  processingFailed(): void {
    this.failed.inc();
  }
  /** Observe the time since `startMs` (a `performance.now()` value), truncated to whole ms as upstream. */
  observeSince(startMs: number): void {
    this.duration.observe(Math.trunc(performance.now() - startMs));
  }
}

/** `build_info{version, goversion, goarch, commit} 1` (spec/metrics.md §1; runtime name/version as goversion). */
export const BUILD_INFO = 'build_info';

/** Add the process collectors and `build_info` to `registry` (once per registry). */
export function registerProcessMetrics(registry: Registry, version: string): void {
  if (registry.getSingleMetric(BUILD_INFO)) return;
  collectDefaultMetrics({ register: registry });
  const info = new Gauge({
    name: BUILD_INFO,
    help: "A metric with a constant '1' value labeled by version from which Argo-Events was built.",
    labelNames: ['version', 'goversion', 'goarch', 'commit'],
    registers: [registry],
  });
  info.set(
    {
      version,
      goversion: `node${process.versions.node}`,
      goarch: process.arch,
      commit: process.env.JETFLOW_COMMIT ?? '',
    },
    1,
  );
}
