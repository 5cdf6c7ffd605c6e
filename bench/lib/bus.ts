/**
 * The buses the benchmark runs against: R1 (one node) and R3 (three nodes), both started by the
 * project's own supervisor (`startLocalBus`: TLS, generated credentials, file storage) as users run it.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  connectBus,
  DEFAULT_STREAM_SETTINGS,
  ensureStream,
  jetstreamManager,
  type NatsConnection,
  type StreamSettings,
} from '../../src/bus/index.js';
import { startLocalBus, type LocalBus } from '../../src/bus/local/index.js';

/** One running bus plus a shared connection for the benchmark's own bookkeeping. */
export interface BenchBus {
  readonly kind: 'R1' | 'R3';
  readonly replicas: number;
  readonly nc: NatsConnection;
  readonly version: string;
  /** Open another client connection (cases that need their own). */
  connect(name: string): Promise<NatsConnection>;
  /** nats-server pids, for CPU accounting. */
  pids(): number[];
  /** Delete every stream (the bus stream and sensor KV buckets) and recreate stream `default`. */
  reset(): Promise<void>;
  stop(): Promise<void>;
}

/** Stream settings of every case: unlimited count so no case loses messages to `maxMsgs`. */
export function benchStreamSettings(replicas: number): StreamSettings {
  return { ...DEFAULT_STREAM_SETTINGS, maxMsgs: 0, replicas };
}

/** Start a local bus of `replicas` nodes in a temp data dir. */
export async function startBenchBus(replicas: 1 | 3): Promise<BenchBus> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'jetflow-bench-'));
  let bus: LocalBus;
  try {
    bus = await startLocalBus({
      name: `bench${replicas}`,
      dataDir: dir,
      spec: { version: 'latest', replicas },
      readyTimeoutMs: 60_000,
      healthIntervalMs: 5000,
      stopTimeoutMs: 5000,
    });
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
  const copts = bus.connectOptions();
  const connect = (name: string) => connectBus({ ...copts, name });
  const nc = await connect('bench-control');
  const jsm = await jetstreamManager(nc);
  return {
    kind: replicas === 1 ? 'R1' : 'R3',
    replicas,
    nc,
    version: bus.status().version,
    connect,
    pids: () => bus.status().nodes.flatMap((n) => (n.pid ? [n.pid] : [])),
    async reset() {
      for await (const s of jsm.streams.list()) await jsm.streams.delete(s.config.name);
      await ensureStream(jsm, benchStreamSettings(replicas), { jetStreamServers: replicas });
    },
    async stop() {
      await nc.close().catch(() => {});
      await bus.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
