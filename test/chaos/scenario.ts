/**
 * One chaos scenario: start a bus (`jetflow bus up`), a webhook EventSource and an HTTP-trigger Sensor
 * (separate processes), two recording sinks, drive load with retrying clients while a fault runs, then
 * wait for every accepted event to reach the sink or the DLQ sink and count losses and duplicates.
 * @module
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { freePort, waitFor } from '../harness/index.js';
import { jetflow, waitLine, writeResources, type Child, type ScenarioFiles } from './procs.js';
import { driveLoad, startSink, type LoadResult, type Sink } from './sink.js';

/** What a fault can reach while the load runs. */
export interface FaultContext {
  dataDir: string;
  files: ScenarioFiles;
  webhookUrl: string;
  sink: Sink;
  dlq: Sink;
  load: LoadResult;
  loadDone: () => boolean;
  sensor: Child;
  source: Child;
  restartSensor(): Promise<void>;
  restartSource(): Promise<void>;
  /** Recovery times (ms) the fault measured, by what it did. */
  recovery: Record<string, number[]>;
}

export interface ScenarioSpec {
  name: string;
  events: number;
  concurrency: number;
  replicas: number;
  streamConfig?: string;
  retrySteps: number;
  fault(ctx: FaultContext): Promise<void>;
  /** A scenario with its own process layout (e.g. one `jetflow run`) instead of {@link runScenario}. */
  runner?: (spec: ScenarioSpec) => Promise<ScenarioReport>;
}

/** The per-run report (one row of the table, one JSON file). */
export interface ScenarioReport {
  name: string;
  sent: number;
  accepted: number;
  delivered: number;
  toDlq: number;
  lost: number;
  lostSample: string[];
  duplicates: number;
  duplicateShare: number;
  /** Repeats of one event whose X-Jetflow-Event-Id or Idempotency-Key differ (must be 0). */
  idMismatches: number;
  /** Accepted uids stored more than once (a client retry after an unseen 2xx); informational. */
  clientRepeats: number;
  refusals: number;
  statuses: Record<string, number>;
  recoveryMs: Record<string, { count: number; max: number; mean: number }>;
  ms: number;
  error?: string;
  /** On error: the last lines the sensor printed. */
  sensorTail?: string[];
  /** Further figures of a scenario (e.g. a broker's redeliveries), printed under the table. */
  figures?: Record<string, number>;
}

/** Run one scenario end to end; processes and the temp dir are always cleaned up. */
export async function runScenario(spec: ScenarioSpec): Promise<ScenarioReport> {
  const started = Date.now();
  const dataDir = await mkdtemp(path.join(os.tmpdir(), `jetflow-chaos-${spec.name}-`));
  const [sink, dlq] = [await startSink(), await startSink()];
  const children: Child[] = [];
  const spawnTracked = (args: string[]) => {
    const c = jetflow(args);
    children.push(c);
    return c;
  };
  const load: LoadResult = { sent: 0, accepted: new Set(), refusals: 0, statuses: {}, gaveUp: [] };
  const recovery: Record<string, number[]> = {};
  let error: string | undefined;
  let tail: string[] | undefined;
  try {
    const webhookPort = await freePort();
    const webhookUrl = `http://127.0.0.1:${webhookPort}/load`;
    const files = await writeResources(dataDir, {
      replicas: spec.replicas,
      webhookPort,
      sinkUrl: sink.url,
      dlqUrl: dlq.url,
      streamConfig: spec.streamConfig,
      retrySteps: spec.retrySteps,
    });
    const common = ['--data-dir', dataDir, '--metrics-port', '0'];
    const bus = spawnTracked(['bus', 'up', '-f', files.bus, '--data-dir', dataDir]);
    await waitLine(bus, 'is ready', 120_000);
    // Like a process supervisor (Restart=on-failure): a start that exits (e.g. `error: timeout` while
    // the bus re-elects a leader) is retried and counted.
    const supervised = async (what: string, start: () => Promise<Child>): Promise<Child> => {
      for (let i = 0; ; i++) {
        try {
          return await start();
        } catch (e) {
          (recovery[`${what}-start-failure`] ??= []).push(i + 1);
          if (i >= 5) throw e;
        }
      }
    };
    const startSource = async () => {
      const c = spawnTracked(['eventsource', 'chaos', '-f', files.source, files.bus, ...common]);
      await waitFor(
        () => {
          if (c.proc.exitCode !== null) throw new Error(`source exited: ${c.out.slice(-3).join(' | ')}`);
          return fetch(webhookUrl, { method: 'GET' }).then(() => true);
        },
        { timeout: 60_000, interval: 50 },
      );
      return c;
    };
    const startSensor = async () => {
      const c = spawnTracked(['sensor', 'chaos', '-f', files.sensor, files.bus, ...common]);
      await waitLine(c, 'Sensor started.');
      return c;
    };
    let loadFinished = false;
    const ctx: FaultContext = {
      dataDir,
      files,
      webhookUrl,
      sink,
      dlq,
      load,
      loadDone: () => loadFinished,
      source: await supervised('source', startSource),
      sensor: await supervised('sensor', startSensor),
      recovery,
      async restartSensor() {
        await ctx.sensor.stop('SIGKILL');
        const t0 = Date.now();
        ctx.sensor = await supervised('sensor', startSensor);
        (recovery['sensor-restart'] ??= []).push(Date.now() - t0);
      },
      async restartSource() {
        await ctx.source.stop('SIGKILL');
        const t0 = Date.now();
        ctx.source = await supervised('source', startSource);
        (recovery['source-restart'] ??= []).push(Date.now() - t0);
      },
    };
    const loading = driveLoad(
      webhookUrl,
      spec.events,
      { concurrency: spec.concurrency, deadlineMs: 90_000, prefix: spec.name },
      load,
    ).finally(() => (loadFinished = true));
    await Promise.all([loading, spec.fault(ctx)]);
    const t0 = Date.now();
    await waitFor(() => [...load.accepted].every((u) => seen(sink, dlq).has(u)), {
      timeout: Number(process.env.CHAOS_DRAIN_MS ?? 180_000),
      interval: 250,
    }).catch((e: Error) => (error = e.message));
    (recovery['drain-after-load'] ??= []).push(Date.now() - t0);
  } catch (e) {
    error = e instanceof Error ? e.message : String(e);
  } finally {
    if (error) tail = children.at(-1)?.out.slice(-40);
    for (const c of children.reverse()) await c.stop('SIGTERM');
    await Promise.all([sink.close(), dlq.close()]);
    await rm(dataDir, { recursive: true, force: true });
  }
  return { ...report(spec.name, load, sink, dlq, recovery, Date.now() - started, error), sensorTail: tail };
}

/** The uids that reached the sink or the DLQ sink. */
export function seen(sink: Sink, dlq: Sink): Set<string> {
  return new Set([...sink.deliveries, ...dlq.deliveries].map((d) => d.uid));
}

/** Account a finished run: losses, duplicates, id mismatches, recovery times. */
export function report(
  name: string,
  load: LoadResult,
  sink: Sink,
  dlq: Sink,
  recovery: Record<string, number[]>,
  ms: number,
  error?: string,
): ScenarioReport {
  const all = [...sink.deliveries, ...dlq.deliveries];
  const delivered = seen(sink, dlq);
  const lost = [...load.accepted].filter((u) => !delivered.has(u));
  // Repeats of one event (same event id) must carry the same idempotency key; a uid with several
  // event ids was stored twice by the source (a client retried after a 2xx it never saw).
  const byEvent = new Map<string, Set<string>>();
  const idsByUid = new Map<string, Set<string>>();
  for (const d of sink.deliveries) {
    byEvent.set(d.eventId, (byEvent.get(d.eventId) ?? new Set()).add(d.key));
    idsByUid.set(d.uid, (idsByUid.get(d.uid) ?? new Set()).add(d.eventId));
  }
  const duplicates = all.length - delivered.size;
  return {
    name,
    sent: load.sent,
    accepted: load.accepted.size,
    delivered: [...load.accepted].filter((u) => delivered.has(u)).length,
    toDlq: new Set(dlq.deliveries.map((d) => d.uid)).size,
    lost: lost.length,
    lostSample: lost.slice(0, 10),
    duplicates,
    duplicateShare: all.length ? duplicates / all.length : 0,
    idMismatches: [...byEvent.values()].filter((keys) => keys.size > 1).length,
    clientRepeats: [...idsByUid.values()].filter((ids) => ids.size > 1).length,
    refusals: load.refusals,
    statuses: load.statuses,
    recoveryMs: summarize(recovery),
    ms,
    error,
  };
}

/** Count, max and mean of each recovery time series. */
export function summarize(recovery: Record<string, number[]>): ScenarioReport['recoveryMs'] {
  return Object.fromEntries(
    Object.entries(recovery).map(([k, v]) => [
      k,
      { count: v.length, max: Math.max(...v), mean: Math.round(v.reduce((a, b) => a + b, 0) / v.length) },
    ]),
  );
}
