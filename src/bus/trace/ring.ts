/**
 * A bounded in-memory ring of recently ended spans (fed by a SpanProcessor in sdk.ts), so the dashboard
 * can show where an execution spent its time without a tracing backend. Oldest spans are overwritten.
 * @module
 */

/** One ended span, as the admin API returns it. Times are ms since the epoch (fractional). */
export interface RecordedSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: string;
  startMs: number;
  durationMs: number;
  /** `ok`, `error` or `unset`. */
  status: string;
  attributes: Record<string, unknown>;
  /** Span contexts this span links to (e.g. every event of an `a && b` firing). */
  links: { traceId: string; spanId: string }[];
}

export class SpanRing {
  private readonly buf: (RecordedSpan | undefined)[];
  private next = 0;

  constructor(readonly capacity = 4096) {
    this.buf = new Array<RecordedSpan | undefined>(Math.max(1, capacity));
  }

  push(s: RecordedSpan): void {
    this.buf[this.next] = s;
    this.next = (this.next + 1) % this.buf.length;
  }

  /** The spans of one trace still in the ring, by start time. */
  byTrace(traceId: string): RecordedSpan[] {
    const out: RecordedSpan[] = [];
    for (const s of this.buf) if (s && s.traceId === traceId) out.push(s);
    return out.sort((a, b) => a.startMs - b.startMs);
  }

  /** Spans of the traces `ids`, deduplicated, by start time (a multi-event firing spans several traces). */
  byTraces(ids: Iterable<string>): RecordedSpan[] {
    const want = new Set(ids);
    const out: RecordedSpan[] = [];
    for (const s of this.buf) if (s && want.has(s.traceId)) out.push(s);
    return out.sort((a, b) => a.startMs - b.startMs);
  }
}
