/**
 * Client, cluster and monitor ports of each node: free ports picked on first start and remembered in
 * `ports.json`, so a restarted bus keeps its URLs. A remembered port that is now taken is replaced, with a
 * warning.
 * @module
 */
import { readFileSync } from 'node:fs';
import net from 'node:net';
import { readIfExists, writePrivateFile } from './files.js';
import type { BusLayout } from './layout.js';
import type { BusLogger } from './logger.js';

export interface NodePorts {
  client: number;
  cluster: number;
  monitor: number;
}

const KINDS = ['client', 'cluster', 'monitor'] as const;

/** True when `port` can be bound on `host` right now. */
export function isPortFree(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.unref();
    srv.once('error', () => resolve(false));
    srv.listen({ port, host, exclusive: true }, () => srv.close(() => resolve(true)));
  });
}

/**
 * A port free on `host` right now, not in `taken`. Picked at random below the OS's ephemeral range:
 * a port the OS handed out from that range can be taken a moment later by any outgoing connection's
 * local end, and then the nats-server that was meant to listen there fails with "address already in use".
 */
export async function pickFreePort(host: string, taken: Set<number>): Promise<number> {
  const [low, high] = listenRange();
  for (let i = 0; i < 64 && high > low; i++) {
    const port = low + Math.floor(Math.random() * (high - low));
    if (!taken.has(port) && (await isPortFree(port, host))) return port;
  }
  // Crowded or unknown range: let the OS choose.
  for (;;) {
    const port = await osPort(host);
    if (!taken.has(port)) return port;
  }
}

/** Ports to pick from: 10000 up to the start of the ephemeral range (Linux), else none. */
function listenRange(): [number, number] {
  cachedRange ??= readListenRange();
  return cachedRange;
}

let cachedRange: [number, number] | undefined;

function readListenRange(): [number, number] {
  try {
    const text = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8');
    const low = Number(text.trim().split(/\s+/)[0]);
    return Number.isInteger(low) && low > 11_000 ? [10_000, low] : [0, 0];
  } catch {
    return [0, 0]; // not Linux: the OS's own choice is all there is
  }
}

function osPort(host: string): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.once('error', reject);
    srv.listen({ port: 0, host, exclusive: true }, () => {
      const addr = srv.address();
      srv.close(() => resolve(typeof addr === 'object' && addr ? addr.port : 0));
    });
  });
}

/** Ports for `replicas` nodes: remembered ones while free, new ones otherwise; saved for next time. */
export async function assignPorts(
  layout: BusLayout,
  replicas: number,
  host: string,
  logger: BusLogger,
): Promise<NodePorts[]> {
  const remembered = parsePorts(await readIfExists(layout.portsFile));
  const taken = new Set<number>();
  // New ports avoid every remembered one, so one replacement does not push another node off its port.
  const reserved = new Set(remembered.flatMap((p) => KINDS.map((k) => p[k] ?? 0)));
  const out: NodePorts[] = [];
  for (let i = 0; i < replicas; i++) {
    const prev = remembered[i];
    const ports = {} as NodePorts;
    for (const kind of KINDS) {
      const old = prev?.[kind];
      if (old && !taken.has(old) && (await isPortFree(old, host))) ports[kind] = old;
      else {
        ports[kind] = await pickFreePort(host, new Set([...taken, ...reserved]));
        if (old)
          logger.warn(
            { node: i, kind, port: old, newPort: ports[kind] },
            `remembered ${kind} port ${old} is in use; using ${ports[kind]}`,
          );
      }
      taken.add(ports[kind]);
    }
    out.push(ports);
  }
  // Keep entries of nodes beyond `replicas` so scaling back up reuses them.
  const save = [...out, ...remembered.slice(replicas)];
  await writePrivateFile(layout.portsFile, `${JSON.stringify({ nodes: save }, null, 2)}\n`);
  return out;
}

function parsePorts(text: string | undefined): Partial<NodePorts>[] {
  if (!text) return [];
  try {
    const v = JSON.parse(text) as { nodes?: unknown };
    return Array.isArray(v.nodes) ? (v.nodes as Partial<NodePorts>[]) : [];
  } catch {
    return []; // a corrupt ports file only costs new ports
  }
}
