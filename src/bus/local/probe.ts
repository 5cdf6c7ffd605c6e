/** The truth about a bus from outside its supervisor: state file + live pids + monitor endpoints. */
import { isBusReady, probeNode, type NodeProbe } from './health.js';
import { isAlive, type BusState, type BusStateNode } from './state.js';

export interface BusProbe {
  name: string;
  /** The supervisor process is alive. */
  supervisorRunning: boolean;
  supervisorPid: number;
  stoppedAt?: string;
  /** Every node healthy and JetStream has a meta leader (1 node: JetStream enabled). */
  ready: boolean;
  metaLeader?: string;
  /** Streams on the nodes (the highest count any node reports: R1 streams live on one node only). */
  streams?: number;
  nodes: (BusStateNode & { alive: boolean; probe: NodeProbe })[];
}

/** Probe every node named in `state`. */
export async function probeBusState(state: BusState, timeoutMs = 1500): Promise<BusProbe> {
  const probes = await Promise.all(state.nodes.map((n) => probeNode(n.monitorUrl, timeoutMs)));
  const counts = probes.map((p) => p.streams).filter((s): s is number => typeof s === 'number');
  return {
    name: state.name,
    supervisorRunning: isAlive(state.supervisorPid),
    supervisorPid: state.supervisorPid,
    ...(state.stoppedAt ? { stoppedAt: state.stoppedAt } : {}),
    ready: isBusReady(probes),
    metaLeader: probes.find((p) => p.metaLeader)?.metaLeader,
    streams: counts.length ? Math.max(...counts) : undefined,
    nodes: state.nodes.map((n, i) => ({ ...n, alive: isAlive(n.pid), probe: probes[i]! })),
  };
}
