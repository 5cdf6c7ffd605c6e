/**
 * A self-contained scenario — two EventSources, two Sensors (one depending on an event hosted
 * elsewhere), a three-node bus — as a {@link RuntimeView} over a real recorder. Used by the admin tests
 * and to work on the dashboard (`feedDemo` records a few events and executions).
 * @module
 */
import { loadText, type Sensor } from '../api/index.js';
import { createRecorder, type Recorder, type RecorderOptions } from './recorder.js';
import type { BusView, EventSourceView, RuntimeView, SensorView } from './types.js';

export const DEMO_RESOURCES = `apiVersion: argoproj.io/v1alpha1
kind: EventSource
metadata:
  name: webhook
spec:
  webhook:
    orders:
      port: "12000"
      endpoint: /orders
      method: POST
    payments:
      port: "12000"
      endpoint: /payments
      method: POST
---
apiVersion: argoproj.io/v1alpha1
kind: EventSource
metadata:
  name: calendar
spec:
  calendar:
    nightly:
      schedule: "0 2 * * *"
---
apiVersion: argoproj.io/v1alpha1
kind: Sensor
metadata:
  name: orders
spec:
  dependencies:
    - name: big-order
      eventSourceName: webhook
      eventName: orders
      filters:
        data:
          - path: body.amount
            type: number
            comparator: ">"
            value: ["100"]
    - name: payment
      eventSourceName: webhook
      eventName: payments
  triggers:
    - template:
        name: log-order
        conditions: big-order
        log:
          intervalSeconds: 1
    - template:
        name: ship
        conditions: big-order && payment
        http:
          url: http://127.0.0.1:9/ship
          method: POST
          payload:
            - src: { dependencyName: big-order, dataKey: body }
              dest: order
---
apiVersion: argoproj.io/v1alpha1
kind: Sensor
metadata:
  name: ops
spec:
  dependencies:
    - name: nightly
      eventSourceName: calendar
      eventName: nightly
    - name: push
      eventSourceName: github
      eventName: push
  triggers:
    - template:
        name: report
        conditions: nightly || push
        log: {}
`;

/** A mutable demo runtime: change `bus`, `sources`, `sensors` to move readiness. */
export interface DemoRuntime {
  view: RuntimeView;
  recorder: Recorder;
  bus: BusView;
  sources: EventSourceView[];
  sensors: SensorView[];
  secrets: string[];
}

/** Build the demo runtime; everything starts ready. */
export function demoRuntime(opts: RecorderOptions = {}): DemoRuntime {
  const docs = loadText(DEMO_RESOURCES, 'demo.yaml');
  const of = (kind: string) => docs.filter((d) => d.kind === kind).map((d) => d.resource!);
  const sensors: SensorView[] = (of('Sensor') as Sensor[]).map((resource) => ({
    resource,
    state: 'running',
  }));
  const sources: EventSourceView[] = of('EventSource').map((r) => {
    const resource = r as unknown as EventSourceView['resource'];
    const [type, events] = Object.entries(resource.spec).find(([k]) => k === 'webhook' || k === 'calendar')!;
    return {
      resource,
      listeners: Object.keys(events as object).map((eventName) => ({
        type,
        eventName,
        state: 'running',
        ok: true,
      })),
    };
  });
  const bus: BusView = {
    name: 'default',
    ready: true,
    version: '2.10.0',
    conditions: [
      { type: 'Configured', status: 'True', lastTransitionTime: new Date(0).toISOString() },
      { type: 'Deployed', status: 'True', lastTransitionTime: new Date(0).toISOString() },
    ],
    clientUrls: ['nats://127.0.0.1:4222'],
    nodes: [0, 1, 2].map((index) => ({
      index,
      serverName: `default-${index}`,
      state: 'running',
      pid: 1000 + index,
      healthy: true,
      restarts: 0,
    })),
  };
  const secrets: string[] = [];
  const recorder = createRecorder({ sensors: () => sensors.map((s) => s.resource), ...opts });
  const view: RuntimeView = {
    recorder,
    bus: () => bus,
    eventSources: () => sources,
    sensors: () => sensors,
    secretValues: () => secrets,
  };
  return { view, recorder, bus, sources, sensors, secrets };
}

let demoSeq = 0;

/** The CloudEvent envelope a source would publish for `data`. */
export function demoEnvelope(
  source: string,
  subject: string,
  data: unknown,
  id = `demo${++demoSeq}`,
): string {
  return JSON.stringify({
    specversion: '1.0',
    id,
    source,
    type: source === 'calendar' ? 'calendar' : 'webhook',
    subject,
    datacontenttype: 'application/json',
    time: new Date().toISOString(),
    data,
  });
}

/** Record a small story: orders (one filtered out), a payment that completes ship, executions. */
export async function feedDemo(rec: Recorder): Promise<void> {
  const order = (amount: number, customer: string) =>
    rec.recordEvent(
      demoEnvelope('webhook', 'orders', {
        header: { 'Content-Type': ['application/json'] },
        body: { id: `o-${amount}`, amount, customer, items: [{ sku: 'A-1', qty: 2 }] },
      }),
    );
  const big = order(250, 'ada');
  order(40, 'grace');
  await rec.idle();
  rec.recordExecution({
    sensor: 'orders',
    trigger: 'log-order',
    outcome: 'succeeded',
    durationMs: 3,
    eventIds: [big!.id],
  });
  const pay = rec.recordEvent(demoEnvelope('webhook', 'payments', { body: { order: 'o-250', paid: true } }));
  await rec.idle();
  rec.recordExecution({
    sensor: 'orders',
    trigger: 'ship',
    outcome: 'failed',
    durationMs: 1204,
    attempts: 3,
    error: 'POST http://127.0.0.1:9/ship: connect ECONNREFUSED 127.0.0.1:9',
    eventIds: [big!.id, pay!.id],
  });
  order(120, 'linus');
  rec.recordEvent(demoEnvelope('calendar', 'nightly', { eventTime: new Date().toISOString() }));
  await rec.idle();
  rec.recordExecution({ sensor: 'ops', trigger: 'report', outcome: 'succeeded', durationMs: 1 });
}
