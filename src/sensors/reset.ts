/**
 * `conditionsReset` (spec/sensor.md §5.1): cron schedules that discard a trigger's stored partial
 * events, and the most recent past tick, so a reset that happened while the sensor was down still
 * applies when it starts.
 * @module
 */
import { Cron } from 'croner';
import { parseResetCron, type ConditionsResetCriteria } from './spec.js';

/** Compiled reset schedules of one trigger. */
export class ResetSchedule {
  private readonly jobs: Cron[] = [];
  private running: Cron[] = [];

  /** @throws {Error} when an entry's cron or zone is invalid (validation normally catches it first) */
  constructor(criteria: readonly ConditionsResetCriteria[]) {
    for (const c of criteria) {
      const by = c.byTime;
      if (!by?.cron) continue;
      const parsed = parseResetCron(by.cron);
      if (!parsed.ok) throw new Error(`invalid cron expression "${by.cron}": ${parsed.problem}`);
      const tz = by.timezone || parsed.timezone;
      this.jobs.push(
        new Cron(parsed.pattern, { paused: true, ...(tz && tz !== 'Local' ? { timezone: tz } : {}) }),
      );
    }
  }

  get empty(): boolean {
    return this.jobs.length === 0;
  }

  /** The latest tick of any entry at or before `now`, or undefined (none within ~8 years). */
  lastTick(now = new Date()): Date | undefined {
    let latest: Date | undefined;
    for (const job of this.jobs) {
      const t = previousRun(job, now);
      if (t && (!latest || t > latest)) latest = t;
    }
    return latest;
  }

  /** Call `onTick` at every tick of every entry until {@link stop}. */
  start(onTick: () => void): void {
    this.stop();
    this.running = this.jobs.map(
      (j) =>
        new Cron(
          j.getPattern()!,
          { ...(j.options.timezone ? { timezone: j.options.timezone } : {}) },
          onTick,
        ),
    );
  }

  stop(): void {
    for (const j of this.running) j.stop();
    this.running = [];
  }
}

const MINUTE = 60_000;

function previousRun(job: Cron, now: Date): Date | undefined {
  for (let window = MINUTE; window <= 4 ** 12 * MINUTE; window *= 4) {
    let t = job.nextRun(new Date(now.getTime() - window));
    if (!t || t > now) continue;
    for (;;) {
      const n = job.nextRun(t);
      if (!n || n > now) return t;
      t = n;
    }
  }
  return undefined;
}
