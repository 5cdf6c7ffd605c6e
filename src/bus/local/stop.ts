/** Stopping a bus from another process, by its state file (`jetflow bus down`), and cleaning up orphans. */
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { busLayout, type BusLayout } from './layout.js';
import {
  commandLineHas,
  isAlive,
  lockHolder,
  readBusStateFile,
  writeBusState,
  type BusState,
  type BusStateNode,
} from './state.js';

/** Long enough for a lame-duck shutdown with clients connected (grace + ~1 s per client). */
export const DEFAULT_STOP_TIMEOUT_MS = 40_000;

/** Read the state file of bus `name` under `dataDir` (undefined if it never ran there). */
export function readBusState(dataDir: string, name: string): Promise<BusState | undefined> {
  return readBusStateFile(busLayout(dataDir, name));
}

/** Resolves once none of `pids` is alive, or after `timeoutMs`; returns the pids still alive. */
export async function waitForExit(pids: number[], timeoutMs: number): Promise<number[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const alive = pids.filter((p) => isAlive(p));
    if (alive.length === 0 || Date.now() >= deadline) return alive;
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Stop the nats-server processes of a state file that are still ours (pid alive and running that node's
 * config): lame duck for a serving node, SIGTERM for one whose monitor does not answer, SIGKILL after
 * `timeoutMs`. Returns the pids that were signalled.
 */
export async function terminateServers(nodes: BusStateNode[], timeoutMs: number): Promise<number[]> {
  const ours: number[] = [];
  for (const n of nodes) {
    if (!isAlive(n.pid) || !(await commandLineHas(n.pid, n.configFile))) continue;
    const serving = await fetch(`${n.monitorUrl}/varz`, { signal: AbortSignal.timeout(1000) }).then(
      (r) => r.ok,
      () => false,
    );
    process.kill(n.pid, serving ? 'SIGUSR2' : 'SIGTERM');
    ours.push(n.pid);
  }
  const left = await waitForExit(ours, timeoutMs);
  for (const pid of left) process.kill(pid, 'SIGKILL');
  await waitForExit(left, 5000);
  return ours;
}

/** Remove the stores of a bus without `persistence` (they live as long as the bus runs, like an emptyDir). */
export async function wipeEphemeralStores(state: BusState): Promise<void> {
  if (state.persistence) return;
  for (const n of state.nodes)
    if (path.basename(n.storeDir) === 'ephemeral-store')
      await rm(n.storeDir, { recursive: true, force: true });
}

/** Mark the state stopped (no pids) and drop a lock whose holder is gone. */
export async function markStopped(layout: BusLayout, state: BusState): Promise<void> {
  await writeBusState(layout, {
    ...state,
    stoppedAt: new Date().toISOString(),
    nodes: state.nodes.map((n) => ({ ...n, pid: null })),
  });
  const holder = await lockHolder(layout);
  if (holder !== undefined && !isAlive(holder)) await rm(layout.lockFile, { force: true });
}

export interface StopByStateResult {
  /** A state file was found. */
  found: boolean;
  /** The supervisor process was running and was asked to stop (SIGTERM). */
  supervisorSignalled: boolean;
  /** Server pids this call signalled itself (supervisor gone or not stopping them). */
  serversSignalled: number[];
}

/**
 * Stop a running bus by its state file: SIGTERM the supervisor (it stops its nodes in lame duck and
 * cleans up); if there is none, or it does not finish in time, stop the server pids directly.
 */
export async function stopBusByState(
  dataDir: string,
  name: string,
  opts: { timeoutMs?: number } = {},
): Promise<StopByStateResult> {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_STOP_TIMEOUT_MS;
  const layout = busLayout(dataDir, name);
  const state = await readBusStateFile(layout);
  if (!state) return { found: false, supervisorSignalled: false, serversSignalled: [] };
  let supervisorSignalled = false;
  const sup = state.supervisorPid;
  if (sup !== process.pid && isAlive(sup) && (await lockHolder(layout)) === sup) {
    process.kill(sup, 'SIGTERM');
    supervisorSignalled = true;
    const nodePids = state.nodes.map((n) => n.pid).filter((p): p is number => !!p);
    await waitForExit([sup, ...nodePids], timeoutMs);
  }
  // The supervisor may have restarted nodes since: read the pids again.
  const latest = (await readBusStateFile(layout)) ?? state;
  const serversSignalled = await terminateServers(latest.nodes, timeoutMs);
  if (!isAlive(sup) || sup === process.pid) {
    await wipeEphemeralStores(latest);
    if (!latest.stoppedAt || serversSignalled.length > 0) await markStopped(layout, latest);
  }
  return { found: true, supervisorSignalled, serversSignalled };
}
