/** A running local bus: its nodes, health loop, status, client connection options and shutdown. */
import { EventEmitter } from 'node:events';
import type { Condition, Conditions } from './conditions.js';
import { isBusReady, probeNode, type NodeProbe } from './health.js';
import type { BusLayout } from './layout.js';
import type { BusLogger } from './logger.js';
import type { NodeProcess, NodeState } from './node-process.js';
import type { NodePorts } from './ports.js';
import { writeBusState, type BusState } from './state.js';
import { markStopped, wipeEphemeralStores } from './stop.js';

/** Something that happened to the bus, for `bus.on('event', …)`. */
export type BusEvent =
  | { type: 'node-started'; node: number; pid: number }
  | { type: 'node-exited'; node: number; code: number | null; signal: string | null; error?: string }
  | { type: 'node-restarting'; node: number; inMs: number; restarts: number }
  | { type: 'node-healthy' | 'node-unhealthy'; node: number; error?: string }
  | { type: 'ready' | 'not-ready' | 'stopped' };

export interface NodeStatus {
  index: number;
  serverName: string;
  state: NodeState;
  pid: number | null;
  ports: NodePorts;
  clientUrl: string;
  monitorUrl: string;
  healthy: boolean;
  restarts: number;
  lastError?: string;
}

export interface LocalBusStatus {
  name: string;
  version: string;
  /** Every node healthy and JetStream has a meta leader (1 node: JetStream enabled). */
  ready: boolean;
  conditions: Condition[];
  metaLeader?: string;
  clientUrls: string[];
  caFile: string;
  credentialsFile: string;
  nodes: NodeStatus[];
}

/** What a client needs to connect (`@nats-io/transport-node` `connect()` options). Holds the password. */
export interface BusConnectOptions {
  servers: string[];
  user: string;
  pass: string;
  tls: { ca: string };
}

export interface LocalBusInit {
  name: string;
  layout: BusLayout;
  state: BusState;
  nodes: NodeProcess[];
  conditions: Conditions;
  credentials: { user: string; pass: string };
  caPem: string;
  logger: BusLogger;
  release: () => Promise<void>;
  healthIntervalMs: number;
  stopTimeoutMs: number;
}

export class LocalBus extends EventEmitter {
  readonly name: string;
  readonly clientUrls: string[];
  readonly caFile: string;
  readonly credentialsFile: string;
  private ready = false;
  private metaLeader: string | undefined;
  private timer: NodeJS.Timeout | undefined;
  private saving: Promise<void> = Promise.resolve();
  private stopping: Promise<void> | undefined;

  constructor(private readonly init: LocalBusInit) {
    super();
    this.name = init.name;
    this.clientUrls = init.state.clientUrls;
    this.caFile = init.state.caFile;
    this.credentialsFile = init.state.credentialsFile;
    for (const n of init.nodes) this.watchNode(n);
  }

  /** Options for `connect()` from `@nats-io/transport-node`: URLs, the generated user, the CA. */
  connectOptions(): BusConnectOptions {
    return {
      servers: [...this.clientUrls],
      user: this.init.credentials.user,
      pass: this.init.credentials.pass,
      tls: { ca: this.init.caPem },
    };
  }

  /** Current status (as of the last health check). */
  status(): LocalBusStatus {
    const s = this.init.state;
    return {
      name: this.name,
      version: s.version,
      ready: this.ready,
      conditions: this.init.conditions.list(),
      ...(this.metaLeader ? { metaLeader: this.metaLeader } : {}),
      clientUrls: [...this.clientUrls],
      caFile: this.caFile,
      credentialsFile: this.credentialsFile,
      nodes: this.init.nodes.map((n) => ({
        index: n.spec.index,
        serverName: n.spec.serverName,
        state: n.state,
        pid: n.pid ?? null,
        ports: n.spec.ports,
        clientUrl: n.spec.clientUrl,
        monitorUrl: n.spec.monitorUrl,
        healthy: n.healthy,
        restarts: n.restarts,
        ...(n.lastError ? { lastError: n.lastError } : {}),
      })),
    };
  }

  /** Probe every node now and update health; returns the probes (index order). */
  async checkHealth(): Promise<NodeProbe[]> {
    const probes = await Promise.all(this.init.nodes.map((n) => probeNode(n.spec.monitorUrl)));
    if (this.stopping) return probes;
    for (const [i, n] of this.init.nodes.entries()) {
      const p = probes[i]!;
      const was = n.healthy;
      n.markHealth(p.healthy);
      if (was !== p.healthy)
        this.emitEvent(
          p.healthy ? { type: 'node-healthy', node: i } : { type: 'node-unhealthy', node: i, error: p.error },
        );
    }
    this.metaLeader = probes.find((p) => p.metaLeader)?.metaLeader;
    const ready = isBusReady(probes);
    if (ready !== this.ready) {
      this.ready = ready;
      this.emitEvent({ type: ready ? 'ready' : 'not-ready' });
    }
    return probes;
  }

  /** Resolve when ready; reject after `timeoutMs`, or early when a node keeps crashing while starting. */
  async waitReady(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      await this.checkHealth();
      if (this.ready) return;
      const crashing = this.init.nodes.find((n) => n.restarts >= 3);
      if (crashing)
        throw new Error(
          `node ${crashing.spec.index} keeps exiting: ${crashing.lastError ?? 'unknown error'}`,
        );
      if (Date.now() >= deadline) {
        const why = this.init.nodes.map(
          (n) => `node ${n.spec.index}: ${n.healthy ? 'healthy' : (n.lastError ?? 'not healthy')}`,
        );
        throw new Error(`not ready after ${timeoutMs} ms (${why.join('; ')})`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** Start the periodic health loop. */
  startHealthLoop(): void {
    const tick = () => {
      this.timer = setTimeout(() => {
        void this.checkHealth().finally(() => {
          if (!this.stopping) tick();
        });
      }, this.init.healthIntervalMs);
      this.timer.unref();
    };
    tick();
  }

  /** Stop every node (lame duck), wipe a non-persistent store, record the stop, release the lock. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      if (this.timer) clearTimeout(this.timer);
      this.ready = false;
      await Promise.all(this.init.nodes.map((n) => n.stop(this.init.stopTimeoutMs)));
      await this.saving;
      const state = this.snapshotState();
      await wipeEphemeralStores(state);
      await markStopped(this.init.layout, state);
      await this.init.release();
      this.init.logger.info({ bus: this.name }, 'event bus stopped');
      this.emitEvent({ type: 'stopped' });
    })();
    return this.stopping;
  }

  private watchNode(n: NodeProcess): void {
    const node = n.spec.index;
    const log = this.init.logger;
    n.on('spawned', (pid: number) => {
      log.info({ bus: this.name, node, pid }, `nats-server ${n.spec.serverName} started`);
      this.emitEvent({ type: 'node-started', node, pid });
      void this.saveState();
    });
    n.on('exited', (e: { code: number | null; signal: string | null; error?: string }) => {
      log.warn({ bus: this.name, node, ...e }, `nats-server ${n.spec.serverName} exited`);
      this.emitEvent({ type: 'node-exited', node, ...e });
    });
    n.on('restarting', ({ inMs }: { inMs: number }) => {
      log.info(
        { bus: this.name, node, inMs, restarts: n.restarts },
        `restarting ${n.spec.serverName} in ${inMs} ms`,
      );
      this.emitEvent({ type: 'node-restarting', node, inMs, restarts: n.restarts });
    });
  }

  private emitEvent(e: BusEvent): void {
    this.emit('event', e);
  }

  private snapshotState(): BusState {
    const s = this.init.state;
    return {
      ...s,
      nodes: s.nodes.map((sn, i) => ({
        ...sn,
        pid: this.init.nodes[i]!.pid ?? null,
        restarts: this.init.nodes[i]!.restarts,
      })),
    };
  }

  /** Persist pids after a (re)start, serialized so writes never interleave. */
  saveState(): Promise<void> {
    this.saving = this.saving
      .then(() => writeBusState(this.init.layout, this.snapshotState()))
      .catch((err: unknown) =>
        this.init.logger.error({ bus: this.name, err: String(err) }, 'cannot write bus state'),
      );
    return this.saving;
  }
}
