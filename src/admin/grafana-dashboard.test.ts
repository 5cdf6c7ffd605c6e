/**
 * contrib/grafana/jetflow-dashboard.json queries only metrics the project exports: every metric name in
 * its PromQL is looked up in a registry filled by the real metric code of event sources, sensors, the
 * admin (bus health), the process and tracing.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Registry } from 'prom-client';
import { startTracing, stopTracing, tracingConfig } from '../bus/index.js';
import { SensorMetrics } from '../sensors/index.js';
import { EventMetrics, registerProcessMetrics, RunningGauge } from '../sources/index.js';
import { AdminMetrics } from './metrics.js';

const FILE = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../contrib/grafana/jetflow-dashboard.json',
);

interface Panel {
  title: string;
  targets?: { expr: string }[];
  panels?: Panel[];
}

/** Metric names in a PromQL expression: identifiers with the prefixes the project's metrics use. */
function metricNames(expr: string): string[] {
  return (expr.match(/[a-zA-Z_:][a-zA-Z0-9_:]*/g) ?? []).filter((t) =>
    /^(argo_events_|jetflow_|process_|nodejs_|build_info)/.test(t),
  );
}

async function exportedNames(): Promise<Set<string>> {
  const registry = new Registry();
  registerProcessMetrics(registry, 'test');
  new EventMetrics(registry, 'ns', 'es', 'ev');
  new RunningGauge(registry, 'ns', 'es');
  new SensorMetrics('ns', 'sensor', registry);
  new AdminMetrics(registry, { bus: () => undefined, components: () => [] });
  await startTracing(tracingConfig({}, { endpoint: 'http://127.0.0.1:9' })!, { registry });
  await stopTracing();
  const names = new Set<string>();
  for (const m of await registry.getMetricsAsJSON()) {
    names.add(m.name);
    if (['summary', 'histogram'].includes(String(m.type)))
      for (const s of ['_sum', '_count', '_bucket']) names.add(m.name + s);
  }
  return names;
}

test('every metric the Grafana dashboard queries is exported by jetflow', async () => {
  const dashboard = JSON.parse(readFileSync(FILE, 'utf8')) as {
    panels: Panel[];
    templating: { list: { query?: unknown }[] };
  };
  const exported = await exportedNames();
  const queried: { panel: string; metric: string }[] = [];
  const walk = (ps: Panel[]) => {
    for (const p of ps) {
      for (const t of p.targets ?? [])
        for (const metric of metricNames(t.expr)) queried.push({ panel: p.title, metric });
      walk(p.panels ?? []);
    }
  };
  walk(dashboard.panels);
  for (const v of dashboard.templating.list)
    for (const metric of metricNames(JSON.stringify(v.query ?? '')))
      queried.push({ panel: 'templating', metric });
  assert.ok(queried.length >= 15, `only ${queried.length} metric references found`);
  const missing = queried.filter((q) => !exported.has(q.metric));
  assert.deepEqual(missing, [], `not exported: ${JSON.stringify(missing)}`);
  // and the families the dashboard is about are all there
  for (const family of [
    'argo_events_events_sent_total',
    'argo_events_action_triggered_total',
    'jetflow_bus_ready',
    'jetflow_trace_spans_dropped_total',
  ])
    assert.ok(
      queried.some((q) => q.metric === family),
      family,
    );
});
