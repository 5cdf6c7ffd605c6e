/**
 * `retryStrategy` / `Backoff` (spec/sensor.md §9.2): steps, duration (nanoseconds or a Go duration),
 * factor and jitter with upstream's defaults and parsing quirks.
 * @module
 */
import { parseGoDuration } from '../api/index.js';
import type { Backoff } from './spec.js';

/** A usable schedule: `attempts` in total, and the sleep before attempt k+1 (k from 0). */
export interface RetrySchedule {
  attempts: number;
  /** Milliseconds to sleep after failed attempt `k` (0-based), jitter included. */
  delayMs(k: number): number;
}

/** The backoff cannot be used; the action fails before any attempt (like exhausted retries). */
export class InvalidBackoffError extends Error {
  override name = 'InvalidBackoffError';
}

const DEFAULT_STEPS = 5;
const DEFAULT_DURATION_NS = 1e9;

/**
 * Turn a `retryStrategy` into a schedule. Absent → 1 attempt; present with `steps` 0/unset → 5.
 * `duration`: integer nanoseconds or a duration with a unit (`"5"` is refused, as upstream);
 * `factor`/`jitter`: JSON numbers only (upstream keeps them as raw JSON, so `"2.0"` is refused).
 * @throws {InvalidBackoffError}
 */
export function retrySchedule(b: Backoff | undefined, random: () => number = Math.random): RetrySchedule {
  if (!b) return { attempts: 1, delayMs: () => 0 };
  const attempts = b.steps && b.steps > 0 ? b.steps : DEFAULT_STEPS;
  const baseMs = durationNs(b.duration) / 1e6;
  const factor = number('factor', b.factor, 1);
  const jitter = number('jitter', b.jitter, 1);
  return {
    attempts,
    delayMs(k: number): number {
      const d = factor === 0 ? baseMs : baseMs * factor ** k;
      return jitter > 0 ? d * (1 + random() * jitter) : d;
    },
  };
}

function durationNs(v: Backoff['duration']): number {
  if (v === undefined) return DEFAULT_DURATION_NS;
  if (typeof v === 'number') return v;
  const ns = /^\s*-?\d+\s*$/.test(v) ? undefined : parseGoDuration(v);
  if (ns === undefined)
    throw new InvalidBackoffError(
      `retryStrategy.duration ${JSON.stringify(v)} is not a duration with a unit such as "2s"`,
    );
  return ns;
}

function number(field: string, v: number | string | undefined, dflt: number): number {
  if (v === undefined) return dflt;
  if (typeof v === 'number') return v;
  throw new InvalidBackoffError(
    `retryStrategy.${field} must be a JSON number, found the string ${JSON.stringify(v)}`,
  );
}
