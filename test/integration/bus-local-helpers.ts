/** Helpers shared by the local bus integration tests (bus-local*.test.ts). */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  isAlive,
  startLocalBus,
  type BusEvent,
  type BusLogger,
  type LocalBus,
  type StartLocalBusOptions,
} from '../../src/bus/local/index.js';
import { waitFor } from '../harness/index.js';

export const NATS_BIN = process.env.NATS_SERVER_BIN ?? '/usr/sbin/nats-server';

/** A fresh temp data dir. */
export function tempDataDir(): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), 'jetflow-bus-'));
}

/** A logger that keeps warnings (to assert on) and drops the rest. */
export function recordingLogger(): BusLogger & { warnings: string[] } {
  const warnings: string[] = [];
  const noop = () => {};
  return { warnings, debug: noop, info: noop, error: noop, warn: (_o, m) => warnings.push(m ?? '') };
}

/** Every nats-server pid a bus ever ran (initial and restarted), to check none survives. */
export function trackPids(bus: LocalBus): Set<number> {
  const pids = new Set<number>();
  for (const n of bus.status().nodes) if (n.pid) pids.add(n.pid);
  bus.on('event', (e: BusEvent) => {
    if (e.type === 'node-started') pids.add(e.pid);
  });
  return pids;
}

/** Assert that none of `pids` is alive (they were stopped and reaped). */
export async function assertAllDead(pids: Iterable<number>): Promise<void> {
  const list = [...pids];
  assert.ok(list.length > 0, 'no pids tracked');
  await waitFor(() => list.every((p) => !isAlive(p)), {
    timeout: 5000,
    message: `nats-server pids ${list.join(',')} still alive`,
  });
}

/** A local bus in a fresh temp data dir, its nats-server pids tracked. */
export interface TrackedBus {
  bus: LocalBus;
  dir: string;
  pids: Set<number>;
  /** Stop the bus, check every nats-server it ran is gone, remove the data dir. */
  stop(): Promise<void>;
}

export async function startTrackedBus(opts: Omit<StartLocalBusOptions, 'dataDir'>): Promise<TrackedBus> {
  const dir = await tempDataDir();
  const bus = await startLocalBus({ ...opts, dataDir: dir });
  const pids = trackPids(bus);
  return {
    bus,
    dir,
    pids,
    async stop() {
      await bus.stop();
      await assertAllDead(pids);
      await rm(dir, { recursive: true, force: true });
    },
  };
}
