/**
 * The fire loop of one calendar event (upstream `StartListening`'s `for` loop): compute the next fire
 * from the previous *scheduled* one, fire immediately while catching up, else wait on one timer; store
 * each dispatched event when persistence is on, and then retry a failed dispatch every 100 ms.
 * @module
 */
import { createHash } from 'node:crypto';
import type { CalendarEventSource } from '../../api/index.js';
import { LOG_FIELDS } from '../../api/index.js';
import { sleep } from '../runtime/retry.js';
import type { Listener, ListenerContext } from '../types.js';
import { formatGoTime, localZone } from './go-time.js';
import type { Schedule } from './schedule.js';
import { CalendarStoreTakenError, type CalendarStore } from './store.js';

/** Node timers take at most 2^31-1 ms (~24.8 days); longer waits are chained. */
const MAX_TIMER_MS = 2 ** 31 - 1;
const RETRY_MS = 100;

export interface CalendarLoopOptions {
  schedule: Schedule;
  /** Set when persistence is on: every dispatched event is saved, failed dispatches are retried. */
  store?: CalendarStore;
  /** The last fire time: now, or the stored one when catching up. */
  startAt: Date;
}

/** Start the loop; the returned listener's `stop()` clears the pending timer and waits for a dispatch. */
export function startCalendarLoop(
  ctx: ListenerContext<CalendarEventSource>,
  o: CalendarLoopOptions,
): Listener {
  const stopped = new AbortController();
  const onAbort = () => stopped.abort();
  ctx.signal.addEventListener('abort', onAbort, { once: true });
  const payload = payloadWriter(ctx.config);
  const { logger } = ctx;
  /**
   * One event id per scheduled tick (not random, as upstream): a tick fired again after a failover
   * (the old leader published it but died before saving it) or a retried dispatch carries the same
   * `Nats-Msg-Id`, and JetStream drops the copy inside the stream's duplicate window.
   */
  const tickId = (t: Date) =>
    createHash('sha256')
      .update(`${ctx.eventSourceName}\0${ctx.eventName}\0${t.getTime()}`)
      .digest('hex')
      .slice(0, 32);

  async function fire(t: Date, fromTimer: boolean): Promise<boolean> {
    const started = performance.now();
    // Upstream's timer fires carry time.Now() (process zone, monotonic suffix); catch-up fires the
    // scheduled time in the schedule's zone. Never report a time before the scheduled one.
    const eventTime = fromTimer
      ? formatGoTime(new Date(Math.max(Date.now(), t.getTime())), localZone(), performance.now())
      : formatGoTime(t, o.schedule.zone);
    const json = payload(eventTime);
    try {
      await ctx.dispatch(Buffer.from(json, 'utf8'), { id: tickId(t) });
    } catch (err) {
      logger.error({ [LOG_FIELDS.error]: err }, 'failed to dispatch calendar event');
      return false;
    } finally {
      ctx.metrics.observeSince(started);
    }
    await o.store?.save(withScheduled(json, t)).catch((err: unknown) => {
      if (err instanceof CalendarStoreTakenError) throw err; // deposed: end the loop, never fire again
      logger.error({ [LOG_FIELDS.error]: err }, 'failed to persist calendar event');
    });
    return true;
  }

  async function loop(): Promise<void> {
    let last = o.startAt;
    let catchingUp = true;
    while (!stopped.signal.aborted) {
      const t = o.schedule.next(last);
      if (!t) {
        logger.warn('the schedule has no further fire time; the calendar event stays idle');
        return untilAborted(stopped.signal);
      }
      const fromTimer = t.getTime() > Date.now();
      if (fromTimer) {
        catchingUp = false;
        logger.info({ [LOG_FIELDS.time]: t.toISOString() }, 'expected next calendar event');
        if (!(await sleepUntil(t, stopped.signal))) return;
      } else if (!catchingUp) {
        // A timer that woke more than a period late (suspended host): skip the missed fires, as upstream.
        last = new Date();
        continue;
      } else {
        logger.info({ [LOG_FIELDS.time]: t.toISOString() }, 'triggering catchup events');
      }
      // A retry is upstream's catch-up path: the scheduled time, no monotonic suffix.
      for (let first = true; !(await fire(t, fromTimer && first)); first = false) {
        if (!o.store || !(await sleep(RETRY_MS, stopped.signal))) break;
      }
      last = t;
    }
  }

  const done = loop().finally(() => ctx.signal.removeEventListener('abort', onAbort));
  return {
    async stop() {
      stopped.abort();
      await done.catch(() => undefined);
    },
    done: done.then(() => {
      // Resolving would tell the runtime the listener ended by itself; it only ends when stopped.
      if (!stopped.signal.aborted) throw new Error('calendar loop ended unexpectedly');
    }),
  };
}

function untilAborted(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener('abort', () => resolve(), { once: true });
  });
}

/** Wait until the wall clock reaches `t` (chaining timers past the Node limit); false when stopped. */
async function sleepUntil(t: Date, signal: AbortSignal): Promise<boolean> {
  for (;;) {
    const wait = t.getTime() - Date.now();
    if (wait <= 0) return true;
    if (!(await sleep(Math.min(wait, MAX_TIMER_MS), signal))) return false;
  }
}

/** The event data JSON: `{eventTime, userPayload?, metadata?}` in upstream's field order. */
function payloadWriter(cfg: CalendarEventSource): (eventTime: string) => string {
  let rest = '';
  if (cfg.userPayload !== undefined) rest += `,"userPayload":${JSON.stringify(cfg.userPayload)}`;
  if (cfg.metadata && Object.keys(cfg.metadata).length > 0)
    rest += `,"metadata":${JSON.stringify(cfg.metadata)}`;
  return (eventTime) => `{"eventTime":${JSON.stringify(eventTime)}${rest}}`;
}

/**
 * The stored JSON: the event data plus the *scheduled* time of its tick (jetflow's field). A timer that
 * fired late carries a later `eventTime`, possibly past the next tick; resuming from it (a restart, or
 * a new leader after failover) would skip that tick, resuming from the scheduled time does not.
 */
function withScheduled(dataJson: string, t: Date): string {
  return `${dataJson.slice(0, -1)},${JSON.stringify(STORED_SCHEDULED_FIELD)}:${JSON.stringify(t.toISOString())}}`;
}

/** Field of the stored JSON with the tick's scheduled time (ISO 8601). */
export const STORED_SCHEDULED_FIELD = 'jetflowScheduledTime';
