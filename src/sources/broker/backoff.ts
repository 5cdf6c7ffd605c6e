/**
 * `connectionBackoff` of the broker sources (spec/eventsource.md §1 `Backoff`): the first connection is
 * tried as upstream's `DoWithRetry` does (absent → 5 attempts, 1 s, factor 1, jitter 1); after a
 * listener ran once, a lost connection is retried forever with the same base delay, growing by the
 * factor (at least 1) up to a cap, so a long broker outage costs a few attempts a minute.
 * @module
 */
import { parseGoDuration } from '../../api/index.js';
import { ConfigError } from '../../api/index.js';
import type { Backoff } from '../../api/index.js';
import { sleep } from '../runtime/retry.js';

/** Upstream's `DefaultBackoff`. */
const DEFAULTS = { steps: 5, durationMs: 1000, factor: 1, jitter: 1 };
/** Longest wait between reconnect attempts after a loss. */
export const MAX_RECONNECT_MS = 30_000;

/** A parsed `connectionBackoff`. */
export interface ConnectBackoff {
  /** Attempts of the first connection. */
  steps: number;
  durationMs: number;
  factor: number;
  jitter: number;
}

/**
 * Parse a `connectionBackoff` (duration: nanoseconds or a Go duration; factor/jitter: numbers or
 * numeric strings, as upstream's `Amount`).
 * @throws {ConfigError} for a duration without a unit or a non-numeric factor/jitter
 */
export function connectBackoff(b: Backoff | undefined): ConnectBackoff {
  if (!b) return { ...DEFAULTS };
  return {
    steps: b.steps && b.steps > 0 ? b.steps : DEFAULTS.steps,
    durationMs: durationMs(b.duration),
    factor: amount('factor', b.factor, DEFAULTS.factor),
    jitter: amount('jitter', b.jitter, DEFAULTS.jitter),
  };
}

/** Wait after failed first-connection attempt `k` (0-based): `d·factor^k` plus up to `jitter·d`. */
export function connectDelayMs(b: ConnectBackoff, k: number, random = Math.random): number {
  const d = b.durationMs * (b.factor > 0 ? b.factor ** k : 1);
  return b.jitter > 0 ? d * (1 + random() * b.jitter) : d;
}

/** Wait before reconnect attempt `n` (1-based) after a loss: grows by the factor (≥ 1), capped. */
export function reconnectDelayMs(b: ConnectBackoff, n: number, random = Math.random): number {
  const d = Math.min(MAX_RECONNECT_MS, b.durationMs * Math.max(1, b.factor) ** Math.max(0, n - 1));
  // Jitter at most doubles the wait, so a large upstream jitter (30) does not mean minutes of silence.
  return Math.min(MAX_RECONNECT_MS, d * (1 + random() * Math.min(1, Math.max(0, b.jitter))));
}

/**
 * Run `attempt` until it succeeds, at most `b.steps` times with the backoff between attempts. Resolves
 * `undefined` when `signal` aborts first; rejects with the last error once the attempts are used up.
 */
export async function withConnectRetry<T>(
  b: ConnectBackoff,
  signal: AbortSignal,
  attempt: () => Promise<T>,
  onFailure?: (err: unknown, k: number) => void,
): Promise<T | undefined> {
  for (let k = 0; ; k++) {
    try {
      return await attempt();
    } catch (err) {
      if (signal.aborted) return undefined;
      onFailure?.(err, k);
      if (k + 1 >= b.steps) throw err;
      if (!(await sleep(connectDelayMs(b, k), signal))) return undefined;
    }
  }
}

function durationMs(v: Backoff['duration']): number {
  if (v === undefined) return DEFAULTS.durationMs;
  if (typeof v === 'number') return v / 1e6;
  // Go's time.ParseDuration refuses a bare number other than "0" (no unit).
  const ns = /^\s*\d+\s*$/.test(v) && v.trim() !== '0' ? undefined : parseGoDuration(v);
  if (ns === undefined || ns < 0)
    throw new ConfigError(
      `invalid connectionBackoff.duration ${JSON.stringify(v)}: expected nanoseconds or a duration such as "10s"`,
    );
  return ns / 1e6;
}

function amount(field: string, v: number | string | undefined, dflt: number): number {
  if (v === undefined) return dflt;
  const n = typeof v === 'number' ? v : Number(v);
  if (!Number.isFinite(n))
    throw new ConfigError(`invalid connectionBackoff.${field} ${JSON.stringify(v)}: expected a number`);
  return n;
}
