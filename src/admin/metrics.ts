/**
 * The admin's own metrics, added to the registry the runtime passes in next to the `argo_events_*`
 * families of src/sources/runtime and src/sensors. Bus series are read from the bus status at scrape
 * time. Every name and label the admin exposes is spelled here and nowhere else.
 * @module
 */
import { Counter, Gauge, type Registry } from 'prom-client';
import type { BusView } from './types.js';

export const ADMIN_METRICS = {
  busReady: 'jetflow_bus_ready',
  busNodes: 'jetflow_bus_nodes',
  busNodesReady: 'jetflow_bus_nodes_ready',
  busNodeUp: 'jetflow_bus_node_up',
  busNodeRestarts: 'jetflow_bus_node_restarts_total',
  componentReady: 'jetflow_component_ready',
  streamClients: 'jetflow_admin_stream_clients',
  streamDropped: 'jetflow_admin_stream_dropped_clients_total',
} as const;

export const ADMIN_METRIC_LABELS = { bus: 'bus', node: 'node', kind: 'kind', name: 'name' } as const;

/** A component and whether it is ready, for `jetflow_component_ready{kind,name}`. */
export interface ComponentReadiness {
  kind: 'EventSource' | 'Sensor';
  name: string;
  ready: boolean;
}

export interface AdminMetricsSource {
  bus(): BusView | undefined;
  components(): ComponentReadiness[];
}

/** The admin metrics registered in one registry; `unregister()` removes them again (server close). */
export class AdminMetrics {
  private readonly names: string[] = [];
  private readonly restartsSeen = new Map<string, number>();
  readonly streamClients: Gauge;
  readonly streamDropped: Counter;

  constructor(
    private readonly registry: Registry,
    src: AdminMetricsSource,
  ) {
    const L = ADMIN_METRIC_LABELS;
    const M = ADMIN_METRICS;
    const gauge = (name: string, help: string, labelNames: string[], collect?: (g: Gauge) => void) =>
      this.add(
        new Gauge({
          name,
          help,
          labelNames,
          registers: [],
          ...(collect && {
            collect() {
              collect(this);
            },
          }),
        }),
      );
    const withBus = (fn: (g: Gauge, b: BusView) => void) => (g: Gauge) => {
      g.reset();
      const b = src.bus();
      if (b) fn(g, b);
    };
    gauge(
      M.busReady,
      'Whether the event bus is ready (1) or not (0).',
      [L.bus],
      withBus((g, b) => g.set({ bus: b.name }, b.ready ? 1 : 0)),
    );
    gauge(
      M.busNodes,
      'nats-server nodes of the local event bus.',
      [L.bus],
      withBus((g, b) => b.nodes && g.set({ bus: b.name }, b.nodes.length)),
    );
    gauge(
      M.busNodesReady,
      'Healthy nats-server nodes of the local event bus.',
      [L.bus],
      withBus((g, b) => b.nodes && g.set({ bus: b.name }, b.nodes.filter((n) => n.healthy).length)),
    );
    gauge(
      M.busNodeUp,
      'Whether a nats-server node of the local event bus is healthy.',
      [L.bus, L.node],
      withBus((g, b) => {
        for (const n of b.nodes ?? []) g.set({ bus: b.name, node: n.serverName }, n.healthy ? 1 : 0);
      }),
    );
    const restarts = this.add(
      new Counter({
        name: M.busNodeRestarts,
        help: 'Restarts of nats-server nodes of the local event bus by the supervisor.',
        labelNames: [L.bus, L.node],
        registers: [],
        // the supervisor keeps the total; the counter follows it by the increase since the last scrape
        collect: () => {
          const b = src.bus();
          for (const n of b?.nodes ?? []) {
            const labels = { bus: b!.name, node: n.serverName };
            const k = `${b!.name}/${n.serverName}`;
            const delta = n.restarts - (this.restartsSeen.get(k) ?? 0);
            restarts.inc(labels, Math.max(0, delta));
            this.restartsSeen.set(k, Math.max(n.restarts, this.restartsSeen.get(k) ?? 0));
          }
        },
      }),
    );
    gauge(
      M.componentReady,
      'Whether an EventSource or Sensor hosted by this process is ready.',
      [L.kind, L.name],
      (g) => {
        g.reset();
        for (const c of src.components()) g.set({ kind: c.kind, name: c.name }, c.ready ? 1 : 0);
      },
    );
    this.streamClients = gauge(M.streamClients, 'Clients connected to the admin live stream.', []);
    this.streamDropped = this.add(
      new Counter({
        name: M.streamDropped,
        help: 'Live stream clients dropped because they read too slowly.',
        registers: [],
      }),
    );
  }

  private add<T extends Gauge | Counter>(m: T): T {
    const name = (m as unknown as { name: string }).name;
    // a previous server on the same registry (tests, restarts) leaves its families: replace them
    if (this.registry.getSingleMetric(name)) this.registry.removeSingleMetric(name);
    this.registry.registerMetric(m);
    this.names.push(name);
    return m;
  }

  /** Remove the admin families from the registry. */
  unregister(): void {
    for (const n of this.names) this.registry.removeSingleMetric(n);
  }
}
