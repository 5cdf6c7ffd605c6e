/**
 * When a calendar event fires (upstream `resolveSchedule` + the exclusion-date `next`): a cron expression
 * (croner) or a constant delay (`interval`, `@every`), with excluded calendar dates skipped.
 * @module
 */
import { Cron } from 'croner';
import { parseGoDuration } from '../../api/index.js';
import type { CalendarEventSource } from '../../api/index.js';
import { parseExclusionDate } from '../../api/index.js';
import { parseCronSchedule } from '../../api/index.js';
import { resolveZone, zonedParts } from './go-time.js';

/** A fire-time generator. */
export interface Schedule {
  /** The first fire time strictly after `after`, or `undefined` when there is none (an impossible cron). */
  next(after: Date): Date | undefined;
  /** Zone the fire times are shown in and excluded dates compared in (`timezone`, else the process zone). */
  readonly zone: string;
}

/**
 * robfig's `ConstantDelaySchedule.Next`: the previous fire without its sub-second part, plus the delay.
 * Computed from the previous *scheduled* time, so fires never drift.
 */
export function constantDelay(delayMs: number): (after: Date) => Date {
  return (after) => new Date(Math.floor(after.getTime() / 1000) * 1000 + delayMs);
}

/** Build the schedule of one calendar event; throws with upstream's message on a bad config. */
export function resolveSchedule(cfg: CalendarEventSource): Schedule {
  const zone = resolveZone(cfg.timezone);
  const base = baseSchedule(cfg, zone);
  const excluded = exclusionDays(cfg.exclusionDates ?? []);
  if (excluded.size === 0) return { zone, next: base };
  return {
    zone,
    next(after) {
      let t = base(after);
      // Upstream recurses past every excluded day; the loop ends because fire times only grow.
      while (t && excluded.has(dayKey(t, zone))) t = base(t);
      return t;
    },
  };
}

function baseSchedule(cfg: CalendarEventSource, zone: string): (after: Date) => Date | undefined {
  if (cfg.schedule) {
    const r = parseCronSchedule(cfg.schedule);
    if ('error' in r)
      throw new Error(`failed to parse schedule ${cfg.schedule} from calendar event. Cause: ${r.error}`);
    if ('everyMs' in r.schedule) return constantDelay(r.schedule.everyMs);
    // Without a TZ= prefix the cron runs in the event's zone (robfig evaluates in the last fire's location).
    const cron = new Cron(r.schedule.expression, {
      timezone: resolveZone(r.schedule.timezone ?? zone),
      paused: true,
    });
    return (after) => cron.nextRun(after) ?? undefined;
  }
  if (cfg.interval) {
    const ns = parseGoDuration(cfg.interval);
    if (ns === undefined)
      throw new Error(
        `failed to parse interval ${cfg.interval} from calendar event. Cause: invalid duration`,
      );
    // Below 1 ms upstream spins; validation asks for >= 1 s, the runtime at least never busy-loops.
    return constantDelay(Math.max(1, ns / 1e6));
  }
  throw new Error('calendar event must contain either a schedule or interval');
}

/** Excluded `YYYY-MM-DD` days; entries without the `EXDATE:` prefix are ignored, as upstream. */
function exclusionDays(entries: string[]): Set<string> {
  const days = new Set<string>();
  for (const entry of entries) {
    if (!entry.startsWith('EXDATE:')) continue;
    for (const text of entry.slice('EXDATE:'.length).split(',')) {
      const d = parseExclusionDate(text);
      if (!d) throw new Error(`failed to parse exclusion date ${text}`);
      days.add(`${d.getUTCFullYear()}-${d.getUTCMonth() + 1}-${d.getUTCDate()}`);
    }
  }
  return days;
}

function dayKey(t: Date, zone: string): string {
  const p = zonedParts(t, zone);
  return `${p.year}-${p.month}-${p.day}`;
}
