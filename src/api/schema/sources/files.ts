/** Watched directories: `file`, `sftp`, `hdfs` (spec/eventsource.md §3.3, §3.4, §4). */
import { z } from 'zod';
import type { IssueSink, PathSeg } from '../../issues.js';
import { configMapKeySelector, obj, secretKeySelector } from '../common.js';
import { checkDuration, checkFilter, checkWatchPath } from './checks.js';
import { eventSourceFilter, userMetadata, watchPathConfig } from './shared.js';

/** File operations in watcher op text; the data's `op` bitmask is CREATE 1, WRITE 2, REMOVE 4, RENAME 8, CHMOD 16. */
export const FILE_OPS = ['CREATE', 'WRITE', 'REMOVE', 'RENAME', 'CHMOD'] as const;

export const fileEventSource = obj({
  /** Operation to report, compared exactly: CREATE, WRITE, REMOVE, RENAME, CHMOD (polling also MOVE). Required. */
  eventType: z.string(),
  watchPathConfig: watchPathConfig,
  /** Poll the directory every 100 ms instead of using inotify. */
  polling: z.boolean().optional(),
  metadata: userMetadata.optional(),
  filter: eventSourceFilter.optional(),
});
export type FileEventSource = z.infer<typeof fileEventSource>;

/** Semantic rules of `spec.file.<event>`: upstream's validation plus what it accepts but cannot work. */
export function checkFile(cfg: FileEventSource, at: PathSeg[], sink: IssueSink): void {
  const ops: readonly string[] = cfg.polling ? [...FILE_OPS, 'MOVE'] : FILE_OPS;
  if (cfg.eventType === '')
    sink.error([...at, 'eventType'], `type must be specified: expected one of ${ops.join(', ')}`);
  else if (!ops.includes(cfg.eventType))
    sink.error(
      [...at, 'eventType'],
      `eventType ${JSON.stringify(cfg.eventType)} never matches a file operation: expected one of ${ops.join(', ')}`,
    );
  checkWatchPath(cfg.watchPathConfig, [...at, 'watchPathConfig'], sink);
  checkFilter(cfg.filter, at, sink);
}

export const sftpEventSource = obj({
  /** `CREATE` or `REMOVE` (the only operations polling can see). Required. */
  eventType: z.string(),
  watchPathConfig: watchPathConfig,
  username: secretKeySelector.optional(),
  /** Password auth (without `sshKeySecret`; then the host key is not checked). */
  password: secretKeySelector.optional(),
  /** Private key; the same secret must also hold the authorized public key, which pins the host key. */
  sshKeySecret: secretKeySelector.optional(),
  /** Secret holding `host:port`. */
  address: secretKeySelector.optional(),
  metadata: userMetadata.optional(),
  filter: eventSourceFilter.optional(),
  /** How often the directory is listed. @default "10s" */
  pollIntervalDuration: z.string().optional(),
});
export type SFTPEventSource = z.infer<typeof sftpEventSource>;

/** Semantic rules of `spec.sftp.<event>`: upstream's validation plus what it accepts but cannot work. */
export function checkSftp(cfg: SFTPEventSource, at: PathSeg[], sink: IssueSink): void {
  if (cfg.eventType === '')
    sink.error([...at, 'eventType'], 'type must be specified: expected CREATE or REMOVE');
  else if (cfg.eventType !== 'CREATE' && cfg.eventType !== 'REMOVE')
    sink.error(
      [...at, 'eventType'],
      `eventType ${JSON.stringify(cfg.eventType)} never matches: sftp polling only produces CREATE and REMOVE`,
    );
  checkWatchPath(cfg.watchPathConfig, [...at, 'watchPathConfig'], sink);
  // Upstream reads these secrets unconditionally at start and fails without them.
  if (!cfg.address)
    sink.error([...at, 'address'], 'address is required: expected a secret holding "host:port"');
  if (!cfg.username)
    sink.error([...at, 'username'], 'username is required: expected a secret holding the SFTP user');
  if (!cfg.password && !cfg.sshKeySecret)
    sink.error(at, 'either password or sshKeySecret is required to log in, found neither');
  // Upstream quirk: a valid value is ignored (10s used) and an invalid one busy-polls; jetflow parses it.
  checkDuration(cfg.pollIntervalDuration, [...at, 'pollIntervalDuration'], sink, { minNs: 1e6 });
  checkFilter(cfg.filter, at, sink);
}

export const hdfsEventSource = obj({
  /** Absolute directory to watch. Required. */
  directory: z.string(),
  /** File path relative to `directory`; exactly one of `path` / `pathRegexp`. */
  path: z.string().optional(),
  pathRegexp: z.string().optional(),
  /** Operations joined by `|`, e.g. `CREATE|WRITE`; matched as bitmask overlap. Required. */
  type: z.string(),
  /** How often the directory state is checked. @default "1m" */
  checkInterval: z.string().optional(),
  /** Namenode addresses `host:port`. Required. */
  addresses: z.array(z.string()),
  /** HDFS user (ignored with Kerberos). */
  hdfsUser: z.string().optional(),
  krbCCacheSecret: secretKeySelector.optional(),
  krbKeytabSecret: secretKeySelector.optional(),
  krbUsername: z.string().optional(),
  krbRealm: z.string().optional(),
  /** krb5.conf text; required with either Kerberos secret. */
  krbConfigConfigMap: configMapKeySelector.optional(),
  krbServicePrincipalName: z.string().optional(),
  metadata: userMetadata.optional(),
  filter: eventSourceFilter.optional(),
});
export type HDFSEventSource = z.infer<typeof hdfsEventSource>;

/** Semantic rules of `spec.hdfs.<event>`: upstream's validation plus what it accepts but cannot work. */
export function checkHdfs(cfg: HDFSEventSource, at: PathSeg[], sink: IssueSink): void {
  const tokens = cfg.type.split('|');
  if (cfg.type === '')
    sink.error([...at, 'type'], `type is required: expected operations such as "CREATE|WRITE"`);
  else if (!tokens.some((t) => (FILE_OPS as readonly string[]).includes(t)))
    sink.error(
      [...at, 'type'],
      `type is invalid: expected ${FILE_OPS.join(', ')} joined by "|", found ${JSON.stringify(cfg.type)}`,
    );
  else if (tokens.some((t) => !(FILE_OPS as readonly string[]).includes(t)))
    sink.warn(
      [...at, 'type'],
      `unknown operations in ${JSON.stringify(cfg.type)} are ignored; expected ${FILE_OPS.join(', ')}`,
    );
  checkDuration(cfg.checkInterval, [...at, 'checkInterval'], sink, { minNs: 1e6 });
  checkWatchPath(cfg, at, sink);
  if (cfg.addresses.length === 0)
    sink.error([...at, 'addresses'], 'addresses is required: expected at least one "host:port"');
  const ccache = cfg.krbCCacheSecret !== undefined;
  const keytab = cfg.krbKeytabSecret !== undefined;
  if (!cfg.hdfsUser && !ccache && !keytab)
    sink.error(at, 'either hdfsUser, krbCCacheSecret or krbKeytabSecret is required, found none');
  if (
    keytab &&
    (!cfg.krbServicePrincipalName || !cfg.krbConfigConfigMap || !cfg.krbUsername || !cfg.krbRealm)
  )
    sink.error(
      at,
      'krbServicePrincipalName, krbConfigConfigMap, krbUsername and krbRealm are required with krbKeytabSecret',
    );
  if (ccache && (!cfg.krbServicePrincipalName || !cfg.krbConfigConfigMap))
    sink.error(at, 'krbServicePrincipalName and krbConfigConfigMap are required with krbCCacheSecret');
  checkFilter(cfg.filter, at, sink);
}
