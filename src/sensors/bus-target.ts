/**
 * Where a standalone sensor process (`jetflow sensor`) finds its bus: an explicit URL, a local
 * `jetstream:` bus started by `jetflow bus up`/`jetflow run` (its state file under the data dir), or a
 * `jetstreamExotic:` server. Also the stream settings to use should this process create the stream.
 * @module
 */
import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { ConfigError, type EventBus, type SecretStore } from '../api/index.js';
import {
  DEFAULT_STREAM_SETTINGS,
  mergeStreamConfig,
  type BusConnectOptions,
  type StreamSettings,
} from '../bus/index.js';
import { readBusState } from '../bus/local/index.js';

export interface BusTarget {
  connect: BusConnectOptions;
  streamSettings: StreamSettings;
  /** How it was found, for the startup log. */
  via: string;
}

export interface BusTargetOptions {
  /** `--bus-url`: wins over everything else. */
  busUrl?: string;
  /** The EventBus the sensor names (`spec.eventBusName`, default `default`), if it is in the loaded files. */
  eventBus?: EventBus;
  busName: string;
  dataDir: string;
  secrets: SecretStore;
}

/** Resolve the bus connection. @throws {ConfigError} with what to do when nothing usable is found */
export async function resolveBusTarget(o: BusTargetOptions): Promise<BusTarget> {
  const spec = o.eventBus?.spec;
  const streamConfig = spec?.jetstream?.streamConfig ?? spec?.jetstreamExotic?.streamConfig;
  const streamSettings = mergeStreamConfig(DEFAULT_STREAM_SETTINGS, streamConfig).settings;
  if (o.busUrl) return { connect: { servers: o.busUrl.split(',') }, streamSettings, via: '--bus-url' };
  const exotic = spec?.jetstreamExotic;
  if (exotic) {
    if (!exotic.url) throw new ConfigError(`EventBus ${o.busName}: jetstreamExotic.url is not set`);
    const connect: BusConnectOptions = { servers: exotic.url.split(',') };
    if (exotic.accessSecret)
      Object.assign(
        connect,
        credentials(o.secrets.secret(exotic.accessSecret), `secret ${exotic.accessSecret.name}`),
      );
    if (exotic.tls)
      connect.tls = { insecureSkipVerify: exotic.tls.insecureSkipVerify, enabled: exotic.tls.enabled };
    return { connect, streamSettings, via: `EventBus ${o.busName} (jetstreamExotic)` };
  }
  const state = await readBusState(o.dataDir, o.busName);
  if (!state || state.stoppedAt) {
    const why = state ? 'it is stopped' : `no state under ${o.dataDir}`;
    throw new ConfigError(
      `cannot find EventBus "${o.busName}" (${why}): start it with \`jetflow bus up -f <file>\`, point --data-dir at its data dir, or pass --bus-url`,
    );
  }
  const connect: BusConnectOptions = {
    servers: state.clientUrls,
    tls: { ca: await readFile(state.caFile, 'utf8') },
  };
  Object.assign(connect, credentials(await readFile(state.credentialsFile, 'utf8'), state.credentialsFile));
  // a stream cannot have more replicas than the bus has servers
  const replicas = Math.min(streamSettings.replicas, Math.max(1, state.nodes.length));
  return {
    connect,
    streamSettings: { ...streamSettings, replicas },
    via: `local EventBus ${o.busName} (${o.dataDir})`,
  };
}

/** `username:`/`password:` YAML (keys case-insensitive), as upstream's client auth secret. */
function credentials(text: string, where: string): { user: string; pass: string } {
  const doc = parseYaml(text) as Record<string, unknown> | null;
  const get = (k: string) => Object.entries(doc ?? {}).find(([key]) => key.toLowerCase() === k)?.[1];
  const user = get('username');
  const pass = get('password');
  if (typeof user !== 'string' || typeof pass !== 'string')
    throw new ConfigError(`${where}: expected YAML with username and password`);
  return { user, pass };
}
