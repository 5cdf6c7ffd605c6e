/**
 * `GET /api/v1/traces/:id`: the spans this process recorded for a trace (the in-memory ring of
 * src/bus/trace), plus those of the traces its spans link to (the other events of an `a && b` firing),
 * so the dashboard draws where an execution spent its time without a tracing backend.
 * @module
 */
import { recordedSpans, tracer, type RecordedSpan } from '../bus/index.js';
import { HttpError } from './errors.js';

export interface TraceAnswer {
  /** False when tracing is off in this process (then `spans` is empty). */
  tracing: boolean;
  traceId: string;
  spans: RecordedSpan[];
}

const TRACE_ID = /^[0-9a-f]{32}$/;

export function traceAnswer(id: string): TraceAnswer {
  if (!TRACE_ID.test(id)) throw new HttpError(400, 'a trace id is 32 lowercase hex characters');
  const own = recordedSpans([id]);
  const linked = new Set<string>();
  for (const s of own) for (const l of s.links) if (l.traceId !== id) linked.add(l.traceId);
  const spans = linked.size ? recordedSpans([id, ...linked]) : own;
  return { tracing: tracer.on, traceId: id, spans };
}
