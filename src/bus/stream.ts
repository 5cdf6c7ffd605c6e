/**
 * Ensure the bus stream `default` exists with the configured properties. Every EventSource and Sensor
 * process calls this on start, so it must tolerate concurrent creators.
 * @module
 */
import {
  DiscardPolicy,
  JetStreamApiError,
  RetentionPolicy,
  StorageType,
  type JetStreamManager,
  type StreamConfig,
  type StreamInfo,
} from '@nats-io/jetstream';
import { BusError } from '../api/index.js';
import { STREAM_NAME, STREAM_SUBJECTS } from '../api/index.js';
import { silentLogger, type BusLogger } from './logger.js';
import type { StreamSettings } from './stream-config.js';

const RETENTION = [RetentionPolicy.Limits, RetentionPolicy.Interest, RetentionPolicy.Workqueue] as const;
const DISCARD = [DiscardPolicy.Old, DiscardPolicy.New] as const;
const STREAM_NAME_IN_USE = 10058;
const STREAM_NOT_FOUND = 10059;

export interface EnsureStreamOptions {
  /** Number of JetStream servers; replicas above it are capped (with a warning). Unknown: not capped. */
  jetStreamServers?: number;
  logger?: BusLogger;
  /** Create attempts before giving up (default 5, as upstream). */
  attempts?: number;
  /** First retry delay, doubled per attempt with jitter (default 1000 ms). */
  retryBaseMs?: number;
}

export interface EnsureStreamResult {
  info: StreamInfo;
  created: boolean;
  /** Properties changed on an existing stream (JetStream config field names). */
  updated: string[];
  /** Everything that was warned about (also logged). */
  warnings: string[];
}

/** The JetStream config of the bus stream for `s`, with `replicas` already decided. */
export function streamConfigFor(
  s: StreamSettings,
  replicas: number,
): Partial<StreamConfig> & { name: string } {
  const cfg: Partial<StreamConfig> & { name: string } = {
    name: STREAM_NAME,
    subjects: [...STREAM_SUBJECTS],
    storage: StorageType.File,
    retention: RETENTION[s.retention],
    discard: DISCARD[s.discard],
    max_msgs: s.maxMsgs === 0 ? -1 : s.maxMsgs,
    max_bytes: s.maxBytes === 0 ? -1 : s.maxBytes,
    max_age: s.maxAge,
    num_replicas: replicas,
  };
  if (s.duplicates > 0) cfg.duplicate_window = s.duplicates;
  return cfg;
}

/**
 * Create stream `default` from `settings`, or bring an existing one in line: properties JetStream can
 * change (limits, dedup window, discard, replicas) are updated; retention and storage cannot change and
 * are only warned about. Fails with a {@link BusError} after `attempts` failed tries.
 */
export async function ensureStream(
  jsm: JetStreamManager,
  settings: StreamSettings,
  opts: EnsureStreamOptions = {},
): Promise<EnsureStreamResult> {
  const logger = opts.logger ?? silentLogger;
  const warnings: string[] = [];
  const warn = (msg: string, obj: object = {}) => {
    warnings.push(msg);
    logger.warn({ stream: STREAM_NAME, ...obj }, msg);
  };
  let replicas = Math.max(1, settings.replicas);
  const servers = opts.jetStreamServers;
  if (servers !== undefined && replicas > servers) {
    warn(`stream replicas ${replicas} capped to ${servers}: only ${servers} JetStream server(s)`);
    replicas = Math.max(1, servers);
  }
  const attempts = opts.attempts ?? 5;
  let lastErr: unknown;
  let spins = 0; // re-reads after a concurrent create, bounded in case the server keeps contradicting itself
  for (let i = 0; i < attempts;) {
    const desired = streamConfigFor(settings, replicas);
    try {
      const info = await jsm.streams.info(STREAM_NAME);
      return await reconcile(jsm, info, desired, warnings, warn, logger);
    } catch (err) {
      lastErr = err;
      if (apiCode(err) !== STREAM_NOT_FOUND) {
        i++;
        if (i < attempts) await pause(opts.retryBaseMs ?? 1000, i);
        continue;
      }
    }
    try {
      const info = await jsm.streams.add(desired);
      logger.info({ stream: STREAM_NAME, config: summary(info.config) }, 'created the bus stream');
      return { info, created: true, updated: [], warnings };
    } catch (err) {
      lastErr = err;
      const msg = (err as Error).message ?? '';
      // someone else created it first: read and reconcile it
      if (apiCode(err) === STREAM_NAME_IN_USE && ++spins <= 10) continue;
      if (/replicas > 1 not supported/i.test(msg) && replicas > 1) {
        warn(`stream replicas ${replicas} reduced to 1: the server is not clustered`);
        replicas = 1;
        continue;
      }
      i++;
      if (i < attempts) await pause(opts.retryBaseMs ?? 1000, i);
    }
  }
  throw new BusError(
    `cannot create or read the bus stream '${STREAM_NAME}': ${(lastErr as Error)?.message}`,
    5000,
    {
      cause: lastErr,
    },
  );
}

async function reconcile(
  jsm: JetStreamManager,
  info: StreamInfo,
  desired: Partial<StreamConfig>,
  warnings: string[],
  warn: (msg: string, obj?: object) => void,
  logger: BusLogger,
): Promise<EnsureStreamResult> {
  const have = info.config;
  if (have.retention !== desired.retention) {
    warn(
      `stream retention is '${have.retention}', configured '${desired.retention}': retention cannot change`,
    );
  }
  if (have.storage !== desired.storage) {
    warn(`stream storage is '${have.storage}', configured '${desired.storage}': storage cannot change`);
  }
  if (!STREAM_SUBJECTS.every((s) => have.subjects?.includes(s))) {
    warn(
      `stream subjects are ${JSON.stringify(have.subjects)}; events on ${STREAM_SUBJECTS.join(', ')} will not be stored`,
    );
  }
  const changes: Partial<StreamConfig> = {};
  const fields = ['max_msgs', 'max_bytes', 'max_age', 'duplicate_window', 'discard', 'num_replicas'] as const;
  for (const f of fields) {
    const want = desired[f];
    if (want !== undefined && have[f] !== want) (changes as Record<string, unknown>)[f] = want;
  }
  const updated = Object.keys(changes);
  if (updated.length === 0) return { info, created: false, updated, warnings };
  const from = Object.fromEntries(updated.map((f) => [f, have[f as keyof StreamConfig]]));
  try {
    const next = await jsm.streams.update(STREAM_NAME, { ...have, ...changes });
    logger.warn(
      { stream: STREAM_NAME, from, to: changes },
      'updated the existing bus stream to the configured properties',
    );
    warnings.push(`updated ${updated.join(', ')}`);
    return { info: next, created: false, updated, warnings };
  } catch (err) {
    warn(
      `cannot update stream properties ${updated.join(', ')}: ${(err as Error).message}; keeping the existing ones`,
      {
        from,
        to: changes,
      },
    );
    return { info, created: false, updated: [], warnings };
  }
}

function apiCode(err: unknown): number | undefined {
  return err instanceof JetStreamApiError ? err.code : undefined;
}

function summary(c: StreamConfig): object {
  const { max_msgs, max_bytes, max_age, duplicate_window, retention, discard, num_replicas, storage } = c;
  return { max_msgs, max_bytes, max_age, duplicate_window, retention, discard, num_replicas, storage };
}

function pause(baseMs: number, attempt: number): Promise<void> {
  const d = baseMs * 2 ** (attempt - 1);
  return new Promise((r) => setTimeout(r, d + Math.random() * d));
}
