/**
 * Controller configuration: the local counterpart of upstream's `argo-events-controller-config`
 * (spec/eventbus.md §4). A version maps to a `nats-server` binary instead of container images.
 *
 * ```yaml
 * eventBus:
 *   jetstream:
 *     settings: |            # default body of the server's jetstream {} block
 *       max_file_store: 1TB
 *     streamConfig: |        # default stream properties
 *       maxAge: 168h
 *     versions:
 *       - {version: 2.9.10, binary: /usr/sbin/nats-server}
 * ```
 * @module
 */
import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { ConfigError } from '../../api/index.js';
import { LocalBusError } from './errors.js';
import {
  INSTALL_HINT,
  compareVersions,
  discoverNatsServers,
  isExecutable,
  type NatsServerVersion,
} from './nats-binary.js';

export type { NatsServerVersion };

/** Upstream's default `jetstream {}` body: no memory limit (75 % of RAM), 1 TB of file store. */
export const DEFAULT_SETTINGS = 'max_memory_store: -1\nmax_file_store: 1TB\n';

/** Upstream's default stream properties. */
export const DEFAULT_STREAM_CONFIG =
  'maxMsgs: 50000\nmaxAge: 168h\nmaxBytes: -1\nreplicas: 3\nduplicates: 300s\nretention: 0\ndiscard: 0\n';

/** Env var naming the controller config file (the `--config` flag wins). */
export const CONFIG_ENV = 'JETFLOW_CONFIG';

/** Upstream keys of a version entry that make no sense without containers. */
const IGNORED_VERSION_KEYS = ['natsImage', 'metricsExporterImage', 'configReloaderImage', 'startCommand'];

/** A version's container image, for Kubernetes (`jetflow render`): upstream's `natsImage`/`startCommand`. */
export interface NatsImageVersion {
  version: string;
  image: string;
  /** The server executable in the image: `/nats-server` (scratch images) or `nats-server` (alpine). */
  startCommand: string;
}

/** Upstream's shipped version table (spec/eventbus.md §4), used for images when the config lists none. */
export const DEFAULT_IMAGE_VERSIONS: readonly NatsImageVersion[] = Object.freeze(
  [
    ['2.8.1', 'nats:2.8.1', '/nats-server'],
    ['2.8.2', 'nats:2.8.2', '/nats-server'],
    ['2.8.1-alpine', 'nats:2.8.1-alpine', 'nats-server'],
    ['2.8.2-alpine', 'nats:2.8.2-alpine', 'nats-server'],
    ['2.9.1', 'nats:2.9.1', '/nats-server'],
    ['2.9.12', 'nats:2.9.12', '/nats-server'],
    ['2.9.16', 'nats:2.9.16', '/nats-server'],
    ['2.10.29', 'nats:2.10.29', '/nats-server'],
  ].map(([version, image, startCommand]) => ({
    version: version!,
    image: image!,
    startCommand: startCommand!,
  })),
);

export interface ControllerConfig {
  /**
   * Images per version (from the config file's `natsImage`/`startCommand`, `nats:<version>` when absent;
   * {@link DEFAULT_IMAGE_VERSIONS} without a file or entries). Absent = the defaults.
   */
  images?: NatsImageVersion[];
  settings: string;
  streamConfig: string;
  /** Versions that have a binary; `latest` resolves to the newest unless listed explicitly. */
  versions: NatsServerVersion[];
  /** The file read, or `defaults`. */
  source: string;
  /** Things the user should know (ignored keys, versions without a binary). */
  warnings: string[];
}

export interface LoadControllerConfigOptions {
  /** `--config`; falls back to `$JETFLOW_CONFIG`; no file means defaults and discovered versions. */
  file?: string;
  env?: NodeJS.ProcessEnv;
  /** Well-known binary paths to probe (tests override). */
  wellKnownBinaries?: string[];
}

/** Read the controller config (or the defaults) and find the nats-server versions it can run. */
export async function loadControllerConfig(
  opts: LoadControllerConfigOptions = {},
): Promise<ControllerConfig> {
  const env = opts.env ?? process.env;
  const file = opts.file ?? (env[CONFIG_ENV] || undefined);
  const discover = () => discoverNatsServers(env, opts.wellKnownBinaries);
  if (!file)
    return {
      settings: DEFAULT_SETTINGS,
      streamConfig: DEFAULT_STREAM_CONFIG,
      versions: await discover(),
      source: 'defaults',
      warnings: [],
    };

  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new ConfigError(`cannot read controller config ${file}: ${(err as Error).message}`, { cause: err });
  }
  const js = jetstreamSection(text, file);
  const warnings: string[] = [];
  const settings = optionalString(js.settings, 'eventBus.jetstream.settings', file) ?? DEFAULT_SETTINGS;
  const streamConfig =
    optionalString(js.streamConfig, 'eventBus.jetstream.streamConfig', file) ?? DEFAULT_STREAM_CONFIG;
  if (js.versions !== undefined && !Array.isArray(js.versions))
    throw new ConfigError(`${file}: eventBus.jetstream.versions: expected a list`);
  const entries = (js.versions ?? []) as unknown[];
  const images = imageEntries(entries);
  let discovered: NatsServerVersion[] | undefined;
  const versions: NatsServerVersion[] = [];
  for (const [i, e] of entries.entries()) {
    const at = `${file}: eventBus.jetstream.versions[${i}]`;
    if (!e || typeof e !== 'object') throw new ConfigError(`${at}: expected {version, binary}`);
    const { version, binary, ...rest } = e as Record<string, unknown>;
    if (typeof version !== 'string' && typeof version !== 'number')
      throw new ConfigError(`${at}.version: required`);
    const v = String(version);
    const ignored = Object.keys(rest).filter((k) => IGNORED_VERSION_KEYS.includes(k));
    if (ignored.length)
      warnings.push(`${at}: ${ignored.join(', ')} ignored (jetflow runs a nats-server binary, not images)`);
    if (typeof binary === 'string' && binary) {
      versions.push({ version: v, binary });
      continue;
    }
    // No binary: use an installed server that reports exactly this version, if any.
    discovered ??= await discover();
    const match = discovered.find((d) => d.version === v);
    if (match) versions.push({ version: v, binary: match.binary });
    else warnings.push(`${at}: version ${v} has no binary and no installed nats-server reports it; skipped`);
  }
  if (versions.length === 0) {
    discovered ??= await discover();
    versions.push(...discovered);
  }
  return { settings, streamConfig, versions, source: file, warnings, ...(images.length ? { images } : {}) };
}

/** The image of every well-formed version entry (malformed ones fail in the binary pass). */
function imageEntries(entries: unknown[]): NatsImageVersion[] {
  const out: NatsImageVersion[] = [];
  for (const e of entries) {
    if (!e || typeof e !== 'object') continue;
    const { version, natsImage, startCommand } = e as Record<string, unknown>;
    if (typeof version !== 'string' && typeof version !== 'number') continue;
    const v = String(version);
    out.push({
      version: v,
      image: typeof natsImage === 'string' && natsImage ? natsImage : `nats:${v}`,
      startCommand: typeof startCommand === 'string' && startCommand ? startCommand : '/nats-server',
    });
  }
  return out;
}

/**
 * The image of `requested` in the same table `jetflow bus` reads (`latest` = an explicit `latest` entry,
 * else the newest version, as {@link resolveVersion}). Pure: undefined when the version is not listed.
 */
export function resolveImage(
  images: readonly NatsImageVersion[],
  requested: string,
): NatsImageVersion | undefined {
  const exact = images.find((v) => v.version === requested);
  if (exact || requested !== 'latest') return exact;
  return [...images].sort((a, b) => compareVersions(b.version, a.version))[0];
}

function jetstreamSection(text: string, file: string): Record<string, unknown> {
  let doc: any;
  try {
    doc = parse(text);
  } catch (err) {
    throw new ConfigError(`${file}: not valid YAML: ${(err as Error).message}`, { cause: err });
  }
  // Also accept upstream's ConfigMap as is: the config sits in data["controller-config.yaml"].
  if (doc?.kind === 'ConfigMap' && typeof doc.data?.['controller-config.yaml'] === 'string')
    return jetstreamSection(doc.data['controller-config.yaml'], file);
  if (doc === null || doc === undefined) return {};
  if (typeof doc !== 'object' || Array.isArray(doc))
    throw new ConfigError(`${file}: expected a mapping with key eventBus`);
  const js = doc.eventBus?.jetstream ?? {};
  if (typeof js !== 'object' || Array.isArray(js))
    throw new ConfigError(`${file}: eventBus.jetstream: expected a mapping`);
  return js;
}

function optionalString(v: unknown, at: string, file: string): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string')
    throw new ConfigError(`${file}: ${at}: expected a string (use a YAML block: \`|\`)`);
  return v;
}

/** Version names a user may write: the listed ones plus `latest`. */
export function availableVersions(config: ControllerConfig): string[] {
  const names = config.versions.map((v) => v.version);
  if (names.length > 0 && !names.includes('latest')) names.push('latest');
  return names;
}

/**
 * The binary for `requested` (`latest` = an explicit `latest` entry, else the newest). Unknown versions
 * fail with the list of available ones; a missing binary fails with how to install one.
 */
export async function resolveVersion(
  config: ControllerConfig,
  requested: string | undefined,
): Promise<NatsServerVersion> {
  if (!requested)
    throw new LocalBusError('invalid spec: a version for jetstream needs to be specified', 'InvalidSpec', [
      {
        severity: 'error',
        path: 'spec.jetstream.version',
        message: 'a version for jetstream needs to be specified',
      },
    ]);
  if (config.versions.length === 0)
    throw new LocalBusError(`no nats-server binary found: ${INSTALL_HINT}`, 'JetStreamStatefulSetFailed');
  let chosen = config.versions.find((v) => v.version === requested);
  if (!chosen && requested === 'latest')
    chosen = [...config.versions].sort((a, b) => compareVersions(b.version, a.version))[0];
  if (!chosen)
    throw new LocalBusError(
      `unsupported version "${requested}" for spec.jetstream.version; available: ${availableVersions(config).join(', ')}`,
      'JetStreamStatefulSetFailed',
      [{ severity: 'error', path: 'spec.jetstream.version', message: `unsupported version "${requested}"` }],
    );
  if (!(await isExecutable(chosen.binary)))
    throw new LocalBusError(
      `nats-server binary ${chosen.binary} (version ${chosen.version}, from ${config.source}) is missing or not executable: ${INSTALL_HINT}`,
      'JetStreamStatefulSetFailed',
    );
  return chosen;
}
