/**
 * A Prometheus summary without quantiles: `<name>_sum` and `<name>_count` per label set, which is all
 * upstream's duration summaries expose. prom-client's `Summary` with `percentiles: []` prints the same,
 * but every observation still validates and hashes the labels and inserts into a t-digest: 4% of the
 * pipeline's CPU in the bench profile. Here a child is a pair of numbers.
 * @module
 */
import type { Registry } from 'prom-client';

/** The labelled series of a {@link SumCountSummary}. */
export interface SummaryChild {
  observe(value: number): void;
}

interface Series extends SummaryChild {
  readonly labels: Readonly<Record<string, string>>;
  sum: number;
  count: number;
}

export class SumCountSummary<L extends string> {
  readonly type = 'summary';
  /** How prom-client's cluster aggregation merges it (as its own Summary: sums of sums and counts). */
  readonly aggregator = 'sum';
  private readonly series = new Map<string, Series>();

  constructor(
    readonly name: string,
    readonly help: string,
    private readonly labelNames: readonly L[],
    registers: readonly Registry[],
  ) {
    // The registry only reads name, help, type and get(); reset() is called by resetMetrics().
    for (const r of registers) r.registerMetric(this as unknown as Parameters<Registry['registerMetric']>[0]);
  }

  /** The series of `labels` (every label name must be given), created on first use. */
  labels(labels: Readonly<Record<L, string>>): SummaryChild {
    const key = this.labelNames.map((n) => labels[n]).join('\u0000');
    let s = this.series.get(key);
    if (!s) {
      const missing = this.labelNames.filter((n) => typeof labels[n] !== 'string');
      if (missing.length) throw new Error(`${this.name}: missing label(s) ${missing.join(', ')}`);
      const copy = Object.fromEntries(this.labelNames.map((n) => [n, labels[n]]));
      s = {
        labels: copy,
        sum: 0,
        count: 0,
        observe(value: number) {
          if (!Number.isFinite(value)) return; // as prom-client refuses it, without throwing on a hot path
          this.sum += value;
          this.count++;
        },
      };
      this.series.set(key, s);
    }
    return s;
  }

  get() {
    const values = [];
    for (const s of this.series.values()) {
      values.push({ metricName: `${this.name}_sum`, labels: s.labels, value: s.sum });
      values.push({ metricName: `${this.name}_count`, labels: s.labels, value: s.count });
    }
    return Promise.resolve({
      name: this.name,
      help: this.help,
      type: this.type,
      values,
      aggregator: this.aggregator,
    });
  }

  reset(): void {
    this.series.clear();
  }
}
