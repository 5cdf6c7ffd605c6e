/** Per-node preparation: store dir, config file (checked with `nats-server -t`), process supervisor. */
import { rm } from 'node:fs/promises';
import { formatIssue } from '../../api/index.js';
import { mapServerErrors, runConfigTest } from './config-test.js';
import { LocalBusError } from './errors.js';
import { ensurePrivateDir, writePrivateFile } from './files.js';
import { serverName, type BusLayout } from './layout.js';
import { NodeProcess, type BackoffOptions } from './node-process.js';
import type { NodePorts } from './ports.js';
import { renderNodeConfig } from './server-config.js';

export interface PrepareInput {
  layout: BusLayout;
  name: string;
  host: string;
  replicas: number;
  ports: NodePorts[];
  persistence: boolean;
  settings: string;
  maxPayload: string;
  startArgs: string[];
  env: NodeJS.ProcessEnv;
  binary: string;
  backoff: BackoffOptions;
}

/** Write each node's config (checked with `nats-server -t`) and build its process supervisor. */
export async function prepareNodes(p: PrepareInput): Promise<NodeProcess[]> {
  const nodes: NodeProcess[] = [];
  for (let i = 0; i < p.replicas; i++) {
    const nl = p.layout.node(i);
    await ensurePrivateDir(nl.dir);
    const storeDir = p.persistence ? nl.persistentStore : nl.ephemeralStore;
    // A store left by a crashed run without persistence is not to be reused (emptyDir semantics).
    if (!p.persistence) await rm(nl.ephemeralStore, { recursive: true, force: true });
    await ensurePrivateDir(storeDir);
    const name = serverName(p.name, i);
    const rendered = renderNodeConfig({
      busName: p.name,
      index: i,
      serverName: name,
      host: p.host,
      ports: p.ports,
      layout: p.layout,
      storeDir,
      maxPayload: p.maxPayload,
      settings: p.settings,
    });
    await writePrivateFile(nl.configFile, rendered.text);
    if (i === 0) {
      const res = await runConfigTest(p.binary, nl.configFile, p.startArgs, p.env);
      if (!res.ok) {
        const issues = mapServerErrors(res.output, nl.configFile, [
          { ...rendered.settingsLines, path: 'spec.jetstream.settings', numbered: true },
        ]);
        throw new LocalBusError(
          `generated server config rejected: ${issues.map(formatIssue).join('; ')}`,
          'JetStreamConfigMapFailed',
          issues,
        );
      }
    }
    const own = p.ports[i]!;
    nodes.push(
      new NodeProcess(
        {
          index: i,
          serverName: name,
          binary: p.binary,
          configFile: nl.configFile,
          logFile: nl.logFile,
          args: p.startArgs,
          env: p.env,
          ports: own,
          clientUrl: `nats://${urlHost(p.host)}:${own.client}`,
          monitorUrl: `http://${urlHost(p.host)}:${own.monitor}`,
        },
        p.backoff,
      ),
    );
  }
  return nodes;
}

const urlHost = (h: string) => (h.includes(':') ? `[${h}]` : h);
