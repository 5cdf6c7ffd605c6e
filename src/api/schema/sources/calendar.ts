/** `calendar` (spec/eventsource.md §3.2). */
import { z } from 'zod';
import type { IssueSink, PathSeg } from '../../issues.js';
import { obj } from '../common.js';
import { checkDuration, checkFilter } from './checks.js';
import { parseCronSchedule, timeZoneError } from './cron.js';
import { eventSourceFilter, userMetadata } from './shared.js';

export const calendarEventSource = obj({
  /**
   * Cron: 5 fields (minute hour day-of-month month day-of-week) as upstream, or 6 with a leading seconds
   * field, or a descriptor (`@hourly`, `@daily`, `@every 90s`, ...), with an optional `TZ=<zone> ` /
   * `CRON_TZ=<zone> ` prefix; wins over `interval`. Fields beyond upstream's 5 are a jetflow extension.
   */
  schedule: z.string().optional(),
  /** Go duration between fires (e.g. `10s`, `1h`), used when there is no schedule; at least 1s. */
  interval: z.string().optional(),
  /** `EXDATE:<d>[,<d>…]` entries, `<d>` = `YYYYMMDDTHHMMSSZ`; a fire on an excluded calendar date is skipped. */
  exclusionDates: z.array(z.string()).optional(),
  /** IANA zone the schedule runs in. @default the process zone (normally UTC) */
  timezone: z.string().optional(),
  metadata: userMetadata.optional(),
  /** Older upstream field (removed there): any JSON value, embedded as `userPayload` in the event data. */
  userPayload: z.unknown().optional(),
  /** Remember the last fire time so missed fires can be caught up after a restart. */
  persistence: obj({
    catchup: obj({
      /** Emit every fire missed since the last stored one at start. */
      enabled: z.boolean().optional(),
      /** Go duration limiting the look-back (`now - maxDuration`). */
      maxDuration: z.string().optional(),
    }).optional(),
    /** Upstream stores the last event in this ConfigMap; jetflow keeps it in a KV bucket instead. */
    configMap: obj({
      name: z.string().optional(),
      /** Create the ConfigMap when missing (else a missing one fails the listener). */
      createIfNotExist: z.boolean().optional(),
    }).optional(),
  }).optional(),
  filter: eventSourceFilter.optional(),
});
export type CalendarEventSource = z.infer<typeof calendarEventSource>;

const EXDATE = 'EXDATE:';

/** Parse one `YYYYMMDDTHHMMSSZ` date as Go `time.Parse("20060102T150405Z", …)` does (UTC). */
export function parseExclusionDate(text: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text);
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  // Date.UTC rolls 31 Feb over to March; Go refuses it.
  if (date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d || h > 23 || mi > 59 || s > 59)
    return undefined;
  return date;
}

/** Semantic rules of `spec.calendar.<event>`: upstream's validation plus what it accepts but cannot work. */
export function checkCalendar(cfg: CalendarEventSource, at: PathSeg[], sink: IssueSink): void {
  if (!cfg.schedule && !cfg.interval) sink.error(at, 'must have either schedule or interval, found neither');
  if (cfg.schedule) checkSchedule(cfg, at, sink);
  else if (cfg.interval)
    checkDuration(cfg.interval, [...at, 'interval'], sink, {
      minNs: 1e9,
      why: ' (shorter intervals make upstream fire in a tight loop)',
    });
  if (cfg.schedule && cfg.interval)
    sink.warn([...at, 'interval'], 'interval is ignored because schedule is set (schedule takes precedence)');
  if (cfg.timezone) {
    const err = timeZoneError(cfg.timezone);
    if (err) sink.error([...at, 'timezone'], err);
  }
  cfg.exclusionDates?.forEach((entry, i) => {
    const p = [...at, 'exclusionDates', i];
    if (!entry.startsWith(EXDATE)) {
      sink.warn(
        p,
        `entry without the "EXDATE:" prefix is ignored upstream; expected e.g. "EXDATE:20240102T000000Z"`,
      );
      return;
    }
    for (const d of entry.slice(EXDATE.length).split(','))
      if (!parseExclusionDate(d))
        sink.error(
          p,
          `failed to parse exclusion date ${JSON.stringify(d)}: expected YYYYMMDDTHHMMSSZ such as 20240102T000000Z`,
        );
  });
  const persist = cfg.persistence;
  if (persist?.catchup) {
    checkDuration(persist.catchup.maxDuration, [...at, 'persistence', 'catchup', 'maxDuration'], sink);
    if (persist.catchup.enabled && !persist.configMap)
      sink.warn(
        [...at, 'persistence', 'catchup'],
        'catch-up needs persistence.configMap: without it the last fire time is never stored (upstream ignores catchup)',
      );
  }
  checkFilter(cfg.filter, at, sink);
}

function checkSchedule(cfg: CalendarEventSource, at: PathSeg[], sink: IssueSink): void {
  const schedule = cfg.schedule!;
  const r = parseCronSchedule(schedule);
  if ('error' in r) {
    sink.error([...at, 'schedule'], `failed to parse schedule ${JSON.stringify(schedule)}: ${r.error}`);
  } else if (r.schedule.timezone && cfg.timezone && r.schedule.timezone !== cfg.timezone) {
    sink.warn(
      [...at, 'timezone'],
      `timezone ${JSON.stringify(cfg.timezone)} is overridden by the schedule's prefix ${JSON.stringify(r.schedule.timezone)}`,
    );
  }
}
