/**
 * The JSON endpoints under `/api/v1/` and the probes. Handlers return plain values; the server
 * serializes, scrubs and writes them.
 * @module
 */
import type { Registry } from 'prom-client';
import { BadRequestError, NotFoundError, NotReadyError } from './errors.js';
import { notReady, resourcesAnswer } from './resources.js';
import { triggersAnswer } from './triggers.js';
import type { RuntimeView } from './types.js';

/** The most any `limit` may ask for. */
export const MAX_LIMIT = 10_000;

/** Parse `?limit=` (1..MAX_LIMIT, default `dflt`). @throws BadRequestError */
export function parseLimit(q: URLSearchParams, dflt: number): number {
  const raw = q.get('limit');
  if (raw === null || raw === '') return dflt;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > MAX_LIMIT)
    throw new BadRequestError(`limit must be an integer from 1 to ${MAX_LIMIT}, got "${raw}"`);
  return n;
}

function opt(q: URLSearchParams, name: string): string | undefined {
  const v = q.get(name);
  return v === null || v === '' ? undefined : v;
}

/** Answers of the JSON endpoints for one view. */
export function apiHandlers(view: RuntimeView, registry: Registry) {
  const rec = view.recorder;
  return {
    ready() {
      const why = notReady(view);
      if (why.length) throw new NotReadyError(why);
      return { ready: true };
    },
    metrics: () => registry.metrics(),
    resources: () => resourcesAnswer(view),
    events(q: URLSearchParams) {
      const source = opt(q, 'source');
      const events = rec.events({ source, limit: parseLimit(q, 100) });
      // `traces=1`: each event with its traces where already computed (the dashboard's first load)
      if (q.get('traces') !== '1') return { events };
      return { events: events.map((e) => ({ ...e, traces: rec.computedTraces(e.id) })) };
    },
    event(id: string) {
      const e = rec.event(id);
      if (!e) throw new NotFoundError(`no recent event with id ${id}`);
      return e;
    },
    async trace(id: string) {
      const event = rec.event(id);
      const traces = await rec.traces(id);
      if (!event || !traces) throw new NotFoundError(`no recent event with id ${id}`);
      return { event, sensors: traces };
    },
    executions(q: URLSearchParams) {
      const sensor = opt(q, 'sensor');
      const trigger = opt(q, 'trigger');
      return { executions: rec.executions({ sensor, trigger, limit: parseLimit(q, 100) }) };
    },
    triggers(name: string) {
      const s = view.sensors().find((x) => x.resource.metadata.name === name);
      if (!s) throw new NotFoundError(`no sensor named ${name}`);
      return triggersAnswer(s, rec.state);
    },
  };
}
