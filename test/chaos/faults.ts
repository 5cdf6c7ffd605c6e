/**
 * The faults of the chaos suite. Pauses between faults pace the chaos (they are load shaping, not
 * synchronisation); every wait for a recovery is a poll with a deadline.
 * @module
 */
import { STREAM_NAME } from '../../src/api/index.js';
import { jetstreamManager } from '../../src/bus/index.js';
import { waitFor } from '../harness/index.js';
import { connectScenarioBus } from './bus-client.js';
import { busPids } from './procs.js';
import type { FaultContext } from './scenario.js';

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
const note = (ctx: FaultContext, what: string, ms: number) => (ctx.recovery[what] ??= []).push(ms);

/** kill -9 a random bus node `times` times; each time wait until the supervisor restarted it. */
export function killBusNodes(times: number, gapMs: number) {
  return async (ctx: FaultContext): Promise<void> => {
    for (let i = 0; i < times; i++) {
      await pause(gapMs);
      const pids = await busPids(ctx.dataDir);
      const victim = pids[Math.floor(Math.random() * pids.length)]!;
      process.kill(victim, 'SIGKILL');
      const t0 = Date.now();
      await waitFor(async () => (await busPids(ctx.dataDir)).every((p) => p !== victim), {
        timeout: 60_000,
        interval: 100,
        message: `bus node ${victim} restarted`,
      });
      note(ctx, 'bus-node-restart', Date.now() - t0);
    }
  };
}

/** kill -9 the sensor and the source process alternately, `times` each, restarting them. */
export function killProcesses(times: number, gapMs: number) {
  return async (ctx: FaultContext): Promise<void> => {
    for (let i = 0; i < times; i++) {
      await pause(gapMs);
      await ctx.restartSensor();
      await pause(gapMs);
      await ctx.restartSource();
    }
  };
}

/**
 * A stream with `discard: 1` (DiscardNew) and a small maxMsgs fills up: the webhook answers 503. Once
 * everything accepted so far reached the sink, the runner purges the stream and intake resumes.
 */
export async function purgeWhenFull(ctx: FaultContext): Promise<void> {
  const nc = await connectScenarioBus(ctx.files.bus, ctx.dataDir, 'chaos-purger');
  try {
    const jsm = await jetstreamManager(nc);
    let refused = 0;
    while (!ctx.loadDone()) {
      const full = await waitFor(() => ctx.loadDone() || (ctx.load.statuses[503] ?? 0) > refused, {
        timeout: 120_000,
        interval: 50,
      });
      if (ctx.loadDone() && full) break;
      const accepted = [...ctx.load.accepted];
      await waitFor(() => accepted.every((u) => ctx.sink.deliveries.some((d) => d.uid === u)), {
        timeout: 60_000,
        interval: 100,
        message: 'accepted events delivered before the purge',
      });
      await jsm.streams.purge(STREAM_NAME);
      const t0 = Date.now();
      const before = ctx.load.accepted.size;
      await waitFor(() => ctx.loadDone() || ctx.load.accepted.size > before, { timeout: 60_000 });
      note(ctx, 'intake-after-purge', Date.now() - t0);
      refused = ctx.load.statuses[503] ?? 0;
    }
  } finally {
    await nc.close();
  }
}

/** Take the trigger endpoint down for `downMs` once a share of the load is in; measure the recovery. */
export function sinkDown(downMs: number) {
  return async (ctx: FaultContext): Promise<void> => {
    await waitFor(() => ctx.loadDone() || ctx.load.accepted.size >= 20, { timeout: 60_000 });
    ctx.sink.down = true;
    await pause(downMs);
    ctx.sink.down = false;
    const up = Date.now();
    await waitFor(() => ctx.sink.deliveries.some((d) => d.at >= up) || ctx.loadDone(), {
      timeout: 60_000,
      interval: 50,
    });
    note(ctx, 'sink-first-delivery-after-up', Date.now() - up);
  };
}
