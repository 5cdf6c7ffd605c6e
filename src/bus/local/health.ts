/** Health of the nodes from their monitor endpoints (`/healthz`, `/jsz`, `/varz`). */

/** What one node's monitor endpoint says. */
export interface NodeProbe {
  /** The monitor endpoint answered at all. */
  reachable: boolean;
  /** `/healthz` answered 200 (JetStream up and, when clustered, in contact with a meta leader). */
  healthy: boolean;
  /** Why `/healthz` is not ok (the server's words), or the connection error. */
  error?: string;
  serverName?: string;
  version?: string;
  jetstream: boolean;
  /** Server name of the JetStream meta leader as this node sees it (clustered only). */
  metaLeader?: string;
  clusterSize?: number;
  streams?: number;
  consumers?: number;
  messages?: number;
  /** Effective `max_payload` in bytes. */
  maxPayload?: number;
  /** Effective JetStream limits in bytes. */
  maxFileStore?: number;
  maxMemoryStore?: number;
  routes?: number;
  connections?: number;
}

async function getJson(url: string, timeoutMs: number): Promise<{ status: number; body: any }> {
  const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  const text = await res.text();
  let body: any;
  try {
    body = JSON.parse(text);
  } catch {
    body = { error: text.trim() };
  }
  return { status: res.status, body };
}

/** Probe one node's monitor endpoint (`http://host:port`). Never throws. */
export async function probeNode(monitorUrl: string, timeoutMs = 1500): Promise<NodeProbe> {
  const [h, j, v] = await Promise.allSettled([
    getJson(`${monitorUrl}/healthz`, timeoutMs),
    getJson(`${monitorUrl}/jsz`, timeoutMs),
    getJson(`${monitorUrl}/varz`, timeoutMs),
  ]);
  if (h.status === 'rejected') {
    const cause = (h.reason as { cause?: { code?: string } })?.cause?.code;
    return { reachable: false, healthy: false, jetstream: false, error: cause ?? String(h.reason) };
  }
  const jsz = j.status === 'fulfilled' ? j.value.body : undefined;
  const varz = v.status === 'fulfilled' ? v.value.body : undefined;
  const healthy = h.value.status === 200 && h.value.body?.status === 'ok';
  return {
    reachable: true,
    healthy,
    error: healthy ? undefined : (h.value.body?.error ?? `healthz answered ${h.value.status}`),
    serverName: varz?.server_name,
    version: varz?.version,
    jetstream: !!jsz?.config && jsz.disabled !== true,
    metaLeader: jsz?.meta_cluster?.leader || undefined,
    clusterSize: jsz?.meta_cluster?.cluster_size,
    streams: jsz?.streams,
    consumers: jsz?.consumers,
    messages: jsz?.messages,
    maxPayload: varz?.max_payload,
    maxFileStore: jsz?.config?.max_storage,
    maxMemoryStore: jsz?.config?.max_memory,
    routes: varz?.routes,
    connections: varz?.connections,
  };
}

/** Ready: every node healthy, and JetStream has a meta leader (a single node: JetStream enabled). */
export function isBusReady(probes: NodeProbe[]): boolean {
  if (probes.length === 0 || !probes.every((p) => p.healthy && p.jetstream)) return false;
  return probes.length === 1 || probes.some((p) => p.metaLeader);
}
