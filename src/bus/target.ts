/**
 * Where a process finds its bus: an explicit URL, a `jetstreamExotic:` server (credentials and TLS from
 * its secrets), or a local `jetstream:` bus started by `jetflow bus up`/`jetflow run` (its state file under
 * the data dir). Also the stream settings to use should this process create the stream. Shared by
 * `jetflow eventsource`, `jetflow sensor` and `jetflow run`.
 * @module
 */
import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { ConfigError, type EventBus, type SecretStore, type TLSConfig } from '../api/index.js';
import type { BusConnectOptions, BusTlsOptions } from './connect.js';
import { readBusState } from './local/index.js';
import {
  DEFAULT_STREAM_SETTINGS,
  mergeStreamConfig,
  ZERO_STREAM_SETTINGS,
  type StreamSettings,
} from './stream-config.js';

export interface BusTarget {
  connect: BusConnectOptions;
  streamSettings: StreamSettings;
  /** How it was found, for the startup log. */
  via: string;
}

export interface BusTargetOptions {
  /** `--bus-url`: wins over everything else. */
  busUrl?: string;
  /** The EventBus the resource names (`spec.eventBusName`, default `default`), if it is in the loaded files. */
  eventBus?: EventBus;
  busName: string;
  dataDir: string;
  secrets: SecretStore;
}

/** Resolve the bus connection. @throws {ConfigError} saying what to do when nothing usable is found */
export async function resolveBusTarget(o: BusTargetOptions): Promise<BusTarget> {
  const spec = o.eventBus?.spec;
  const exotic = spec?.jetstreamExotic;
  // Upstream merges a managed bus's streamConfig over the controller defaults, but uses an exotic one as is.
  const streamSettings = exotic
    ? mergeStreamConfig(ZERO_STREAM_SETTINGS, exotic.streamConfig).settings
    : mergeStreamConfig(DEFAULT_STREAM_SETTINGS, spec?.jetstream?.streamConfig).settings;
  if (o.busUrl) return { connect: { servers: o.busUrl.split(',') }, streamSettings, via: '--bus-url' };
  if (exotic)
    return {
      connect: exoticConnect(o.busName, exotic, o.secrets),
      streamSettings,
      via: `EventBus ${o.busName} (jetstreamExotic)`,
    };
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
    ...credentials(await readFile(state.credentialsFile, 'utf8'), state.credentialsFile),
  };
  return { connect, streamSettings, via: `local EventBus ${o.busName} (${o.dataDir})` };
}

/** Connection options of a `jetstreamExotic` bus: URL list, access secret, TLS secrets. */
export function exoticConnect(
  busName: string,
  exotic: NonNullable<EventBus['spec']['jetstreamExotic']>,
  secrets: SecretStore,
): BusConnectOptions {
  if (!exotic.url) throw new ConfigError(`EventBus ${busName}: jetstreamExotic.url is not set`);
  const connect: BusConnectOptions = { servers: exotic.url.split(',').map((s) => s.trim()) };
  if (exotic.accessSecret)
    Object.assign(
      connect,
      credentials(secrets.secret(exotic.accessSecret), `secret ${exotic.accessSecret.name}`),
    );
  if (exotic.tls) connect.tls = tlsFromSecrets(exotic.tls, secrets);
  return connect;
}

/** Client TLS options from a `TLSConfig` whose certificates live in secrets. */
export function tlsFromSecrets(tls: TLSConfig, secrets: SecretStore): BusTlsOptions {
  return {
    ca: secrets.optionalSecret(tls.caCertSecret),
    cert: secrets.optionalSecret(tls.clientCertSecret),
    key: secrets.optionalSecret(tls.clientKeySecret),
    insecureSkipVerify: tls.insecureSkipVerify,
    enabled: tls.enabled,
  };
}

/**
 * `username:`/`password:` YAML (keys case-insensitive), as upstream's client auth secret; a secret with
 * only `token:` (or a bare string) authenticates with a token.
 */
export function credentials(text: string, where: string): { user: string; pass: string } | { token: string } {
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch {
    doc = undefined;
  }
  if (typeof doc === 'string' && doc.trim()) return { token: doc.trim() };
  const entries = Object.entries(doc && typeof doc === 'object' ? doc : {});
  const get = (k: string) => entries.find(([key]) => key.toLowerCase() === k)?.[1];
  const user = get('username');
  const pass = get('password');
  const token = get('token');
  if (typeof user === 'string' && typeof pass === 'string') return { user, pass };
  if (typeof token === 'string') return { token };
  throw new ConfigError(`${where}: expected YAML with username and password (or token)`);
}
