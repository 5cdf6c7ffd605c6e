/**
 * The `run-kill` scenario (issue 10, item 3): one `jetflow run` (the built binary) holds the bus (R1,
 * `persistence: {}`), the webhook EventSource and the HTTP-trigger Sensor. While retrying clients post
 * events it is killed with -9 (and so are the nats-servers its supervisor leaves behind) and restarted;
 * every accepted event must still reach the sink, the store having survived the crash.
 * @module
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort, waitFor } from '../harness/index.js';
import { jetflowBuilt, waitLine, writeResources, type Child } from './procs.js';
import { report, seen, type ScenarioReport, type ScenarioSpec } from './scenario.js';
import { driveLoad, startSink, type LoadResult } from './sink.js';

/** Pids of nats-server processes whose command line names `dataDir` (their config lives under it). */
export async function natsServersUnder(dataDir: string): Promise<number[]> {
  const { stdout } = await promisify(execFile)('ps', ['-ww', '-eo', 'pid,args']);
  return stdout
    .split('\n')
    .map((l) => l.trim().match(/^(\d+)\s+(.*)$/))
    .filter((m): m is RegExpMatchArray => !!m && m[2]!.includes('nats-server') && m[2]!.includes(dataDir))
    .map((m) => Number(m[1]));
}

async function killServers(dataDir: string): Promise<number> {
  const pids = await natsServersUnder(dataDir);
  for (const p of pids) process.kill(p, 'SIGKILL');
  await waitFor(async () => (await natsServersUnder(dataDir)).length === 0, {
    timeout: 10_000,
    interval: 50,
    message: 'leftover nats-servers gone',
  });
  return pids.length;
}

/**
 * A runner for {@link ScenarioSpec.runner}: `kills` times, evenly spread over the load, kill -9 the
 * whole `jetflow run` and its leftover nats-servers, restart it and wait for its ready line.
 */
export function runKill(kills: number) {
  return async (spec: ScenarioSpec): Promise<ScenarioReport> => {
    const started = Date.now();
    const tmp = await mkdtemp(path.join(os.tmpdir(), `jetflow-chaos-${spec.name}-`));
    const [resDir, dataDir] = [path.join(tmp, 'resources'), path.join(tmp, 'data')];
    const [sink, dlq] = [await startSink(), await startSink()];
    const load: LoadResult = { sent: 0, accepted: new Set(), refusals: 0, statuses: {}, gaveUp: [] };
    const recovery: Record<string, number[]> = {};
    const note = (what: string, v: number) => (recovery[what] ??= []).push(v);
    let current: Child | undefined;
    let error: string | undefined;
    let tail: string[] | undefined;
    const start = async () => {
      current = jetflowBuilt(['run', resDir, '--data-dir', dataDir, '--admin-addr', '127.0.0.1:0']);
      await waitLine(current, 'jetflow is ready', 120_000);
    };
    try {
      await mkdir(resDir);
      const webhookPort = await freePort();
      await writeResources(resDir, {
        replicas: 1,
        persistence: true,
        streamConfig: 'replicas: 1',
        webhookPort,
        sinkUrl: sink.url,
        dlqUrl: dlq.url,
        retrySteps: spec.retrySteps,
      });
      await start();
      let loadFinished = false;
      const loading = driveLoad(
        `http://127.0.0.1:${webhookPort}/load`,
        spec.events,
        { concurrency: spec.concurrency, deadlineMs: 90_000, prefix: spec.name },
        load,
      ).finally(() => (loadFinished = true));
      const faults = async () => {
        for (let i = 0; i < kills; i++) {
          // Paced by progress, not time, so that every kill lands while the load is running.
          const mark = Math.floor(((i + 1) * spec.events) / (kills + 1));
          await waitFor(() => loadFinished || load.accepted.size >= mark, { timeout: 120_000, interval: 20 });
          await current!.stop('SIGKILL');
          // The supervisor died with -9: its nats-servers live on (the next start would stop them too).
          note('leftover-nats-servers', await killServers(dataDir));
          const t0 = Date.now();
          await start();
          note('run-restart', Date.now() - t0);
        }
      };
      await Promise.all([loading, faults()]);
      const t0 = Date.now();
      await waitFor(() => [...load.accepted].every((u) => seen(sink, dlq).has(u)), {
        timeout: Number(process.env.CHAOS_DRAIN_MS ?? 180_000),
        interval: 250,
      }).catch((e: Error) => (error = e.message));
      note('drain-after-load', Date.now() - t0);
    } catch (e) {
      error = e instanceof Error ? e.message : String(e);
    } finally {
      if (error) tail = current?.out.slice(-40);
      await current?.stop('SIGTERM');
      await killServers(dataDir).catch(() => undefined); // a stop past its 5 s grace was a -9
      await Promise.all([sink.close(), dlq.close()]);
      await rm(tmp, { recursive: true, force: true });
    }
    return { ...report(spec.name, load, sink, dlq, recovery, Date.now() - started, error), sensorTail: tail };
  };
}
