/**
 * The `calendar` type (spec/eventsource.md §3.2): events on a cron schedule or an interval, excluded
 * dates skipped, data `{"eventTime": <Go time text>, "metadata"}`. With `persistence.configMap` the last
 * event is kept in the JetStream KV bucket `calendarBucket()` (upstream: a ConfigMap) and, with
 * `catchup.enabled`, every fire missed while the source was down is emitted at start.
 * @module
 */
import { parseGoDuration } from '../../api/index.js';
import { SourceError } from '../../api/index.js';
import type { CalendarEventSource } from '../../api/index.js';
import type { ListenerContext, SourceDriver } from '../types.js';
import { parseGoTime } from './go-time.js';
import { startCalendarLoop, STORED_SCHEDULED_FIELD } from './loop.js';
import { resolveSchedule, type Schedule } from './schedule.js';
import { kvCalendarStore, type CalendarStore, type OpenKv } from './store.js';

export interface CalendarDriverOptions {
  /**
   * Opens the KV bucket for persistence. When absent the driver uses an `openKv` function on the
   * listener context, if the host provides one.
   */
  openKv?: OpenKv;
}

/** A calendar driver; `calendarDriver` is the one without options. */
export function createCalendarDriver(o: CalendarDriverOptions = {}): SourceDriver<CalendarEventSource> {
  return {
    type: 'calendar',
    async start(ctx) {
      let schedule: Schedule;
      try {
        schedule = resolveSchedule(ctx.config);
      } catch (err) {
        throw fail(ctx, (err as Error).message, err);
      }
      const store = await openStore(ctx, o);
      const startAt = await executionStart(ctx, store);
      ctx.logger.info({ time: startAt.toISOString() }, 'Calendar event start time');
      return startCalendarLoop(ctx, { schedule, store, startAt });
    },
  };
}

export const calendarDriver = createCalendarDriver();

/** The store when persistence is on (upstream: only with `persistence.configMap`). */
async function openStore(
  ctx: ListenerContext<CalendarEventSource>,
  o: CalendarDriverOptions,
): Promise<CalendarStore | undefined> {
  if (!ctx.config.persistence?.configMap) return undefined;
  const open = o.openKv ?? ctx.openKv;
  if (!open) throw fail(ctx, 'persistence needs the bus KV store, which this host does not provide');
  try {
    return await kvCalendarStore(open, ctx.eventSourceName, ctx.eventName);
  } catch (err) {
    throw fail(ctx, `failed to open the calendar persistence store: ${(err as Error).message}`, err);
  }
}

/** Upstream `getExecutionTime`: now, or the stored last fire (bounded by `maxDuration`) when catching up. */
async function executionStart(
  ctx: ListenerContext<CalendarEventSource>,
  store: CalendarStore | undefined,
): Promise<Date> {
  const now = new Date();
  const catchup = ctx.config.persistence?.catchup;
  if (!store || !catchup?.enabled) return now;
  let last = now;
  let stored: string | undefined;
  try {
    stored = await store.load();
  } catch (err) {
    throw fail(ctx, `failed to get last persisted event: ${(err as Error).message}`, err);
  }
  if (stored) {
    let eventTime: unknown;
    let scheduled: unknown;
    try {
      const rec = JSON.parse(stored) as Record<string, unknown> | null;
      eventTime = rec?.eventTime;
      scheduled = rec?.[STORED_SCHEDULED_FIELD];
    } catch (err) {
      throw fail(ctx, `failed to unmarshal last persisted event: ${(err as Error).message}`, err);
    }
    // The scheduled tick when jetflow stored it (a late timer's eventTime may lie past the next tick).
    const parsed =
      typeof scheduled === 'string' && !Number.isNaN(Date.parse(scheduled))
        ? new Date(scheduled)
        : typeof eventTime === 'string'
          ? parseGoTime(eventTime)
          : undefined;
    if (!parsed)
      throw fail(ctx, `failed to parse the persisted last event timestamp ${JSON.stringify(eventTime)}`);
    last = parsed;
  }
  if (catchup.maxDuration) {
    const ns = parseGoDuration(catchup.maxDuration);
    if (ns === undefined)
      throw fail(ctx, `failed to parse catchup.maxDuration ${JSON.stringify(catchup.maxDuration)}`);
    if (ns / 1e6 < now.getTime() - last.getTime()) last = new Date(now.getTime() - ns / 1e6);
  }
  return last;
}

function fail(ctx: ListenerContext<unknown>, message: string, cause?: unknown): SourceError {
  const where = {
    sourceType: ctx.eventSourceType,
    eventSourceName: ctx.eventSourceName,
    eventName: ctx.eventName,
  };
  return new SourceError(message, where, cause === undefined ? undefined : { cause });
}
