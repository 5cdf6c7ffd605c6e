/**
 * The filter trace of an event: the sensor engine's dry run (the same evaluation `jetflow test` prints)
 * for every sensor with a dependency on the event's source and event name, reduced to verdicts and
 * reasons (transformed data and resolved trigger templates are left out: they are not needed to explain
 * a verdict and could carry values from the trigger spec).
 * @module
 */
import type { Sensor } from '../api/index.js';
import { dryRun, type ScriptSandbox, type SensorEvent } from '../sensors/index.js';
import type { DependencyTrace, EventTrace, TriggerVerdict } from './types.js';

/** Whether `sensor` has a dependency on events from `source`/`subject`. */
export function sensorWants(sensor: Sensor, source: string, subject: string): boolean {
  return sensor.spec.dependencies.some((d) => d.eventSourceName === source && d.eventName === subject);
}

/** Traces of `event` for each interested sensor (none when no sensor depends on it). */
export async function explainEvent(
  sensors: readonly Sensor[],
  event: SensorEvent,
  sandbox: ScriptSandbox,
  now: () => Date = () => new Date(),
): Promise<EventTrace[]> {
  const out: EventTrace[] = [];
  for (const sensor of sensors) {
    if (!sensorWants(sensor, event.context.source, event.context.subject)) continue;
    const base = { eventId: event.context.id, sensor: sensor.metadata.name };
    try {
      const r = await dryRun(sensor, event, sandbox);
      out.push({
        ...base,
        computedAt: now().toISOString(),
        dependencies: r.dependencies.filter((d) => d.matched).map(dependencyTrace),
        triggers: r.triggers.map(verdict),
      });
    } catch (err) {
      const error = err instanceof Error ? err.message : String(err);
      out.push({ ...base, computedAt: now().toISOString(), dependencies: [], triggers: [], error });
    }
  }
  return out;
}

function dependencyTrace(d: Awaited<ReturnType<typeof dryRun>>['dependencies'][number]): DependencyTrace {
  return {
    dependency: d.dependency,
    eventSourceName: d.eventSourceName,
    eventName: d.eventName,
    passed: d.passed,
    reason: d.reason,
    ...(d.transform && {
      transform: { applied: d.transform.applied, ...(d.transform.error && { error: d.transform.error }) },
    }),
    ...(d.filters && { filters: d.filters }),
  };
}

function verdict(t: Awaited<ReturnType<typeof dryRun>>['triggers'][number]): TriggerVerdict {
  return {
    trigger: t.trigger,
    conditions: t.conditions,
    dependencies: t.dependencies,
    passedBy: t.passedBy,
    stateful: t.stateful,
    wouldFire: t.wouldFire,
    reason: t.reason,
  };
}

/**
 * Computes traces one at a time in arrival order (the dependency state derived from them needs the
 * order), with at most `maxPending` waiting and at most `perSecond` taken per second: beyond either,
 * events are not traced eagerly (their trace is computed when someone asks for it), so neither a burst
 * nor a sustained high rate lets the dashboard take the process's CPU from the event pipeline.
 */
export class TraceQueue {
  private pending = 0;
  private tail: Promise<void> = Promise.resolve();
  private windowStart = 0;
  private inWindow = 0;

  constructor(
    private readonly maxPending: number,
    private readonly perSecond = Infinity,
    private readonly now: () => number = Date.now,
  ) {}

  /** Queue `job`; its completion, or undefined when the job was not taken. */
  offer(job: () => Promise<void>): Promise<void> | undefined {
    if (this.pending >= this.maxPending) return undefined;
    const t = this.now();
    if (t - this.windowStart >= 1000) {
      this.windowStart = t;
      this.inWindow = 0;
    }
    if (this.inWindow >= this.perSecond) return undefined;
    this.inWindow++;
    this.pending++;
    this.tail = this.tail.then(job).then(
      () => void this.pending--,
      () => void this.pending--,
    );
    return this.tail;
  }

  /** Resolves when everything queued so far is done. */
  idle(): Promise<void> {
    return this.tail;
  }
}
