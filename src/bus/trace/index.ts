/**
 * The tracing facade every area uses (sources, bus, sensors, triggers, admin). Off by default and then
 * free: `tracer.on` is a plain boolean that call sites test before doing anything, no OpenTelemetry
 * package is loaded (only types are imported here), and no AsyncLocalStorage exists. {@link startTracing}
 * loads the SDK with a dynamic import (sdk.ts) and flips `tracer.on`.
 *
 * Context is passed explicitly (span objects, W3C strings in envelopes and headers); the only implicit
 * context is the webhook family's request → dispatch hop, held in `tracer.request` (an
 * AsyncLocalStorage created when tracing starts), so the many webhook-style drivers need no change.
 * @module
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Attributes, Span, SpanContext } from '@opentelemetry/api';
import type { Registry } from 'prom-client';
import { LOG_FIELDS } from '../../api/index.js';
import type { BusLogger } from '../logger.js';
import type { TracingConfig } from './config.js';
import type { RecordedSpan, SpanRing } from './ring.js';

export { tracingConfig, TracingConfigError, type TracingConfig, type SamplerName } from './config.js';
export { SpanRing, type RecordedSpan } from './ring.js';
export type { Span, SpanContext, Attributes } from '@opentelemetry/api';

export type SpanKindName = 'internal' | 'server' | 'client' | 'producer' | 'consumer';

/** A parent: a local span, a remote span context (from a `traceparent`), or none (a new trace). */
export type Parent = Span | SpanContext | undefined;

/** W3C headers of a span, ready to send. */
export type TraceHeaders = { traceparent: string; tracestate?: string };

/** What the SDK side (sdk.ts) provides once tracing is on. */
export interface TraceBackend {
  start(
    name: string,
    kind: SpanKindName,
    parent: Parent,
    attributes?: Attributes,
    links?: SpanContext[],
  ): Span;
  /** The remote context of incoming headers; `undefined` (and a debug log) when malformed or absent. */
  remote(traceparent: unknown, tracestate?: unknown): SpanContext | undefined;
  headers(span: Span | SpanContext): TraceHeaders;
  /** Mark `span` failed with `err`'s message (and record it as an exception event). */
  fail(span: Span, err: unknown): void;
  readonly ring: SpanRing;
  /** Spans dropped so far (export failed, or the bounded queue was full). */
  dropped(): number;
  flush(): Promise<void>;
  shutdown(): Promise<void>;
}

export interface Tracer {
  /** True once {@link startTracing} succeeded. Test it before touching `b` or `request`. */
  on: boolean;
  b: TraceBackend | undefined;
  /** The span of the incoming request being handled (webhook family), for the dispatch it leads to. */
  request: AsyncLocalStorage<Span> | undefined;
}

/** The process-wide tracer (one exporter per process, as the OpenTelemetry SDK is meant to be used). */
export const tracer: Tracer = { on: false, b: undefined, request: undefined };

export interface StartTracingOptions {
  logger?: BusLogger;
  /** Registers `jetflow_trace_spans_dropped_total` here. */
  registry?: Registry;
  /** Max ended spans waiting for export (default 2048); beyond it they are dropped and counted. */
  maxQueueSize?: number;
  /** `service.version` of the resource (the CLI knows it). */
  serviceVersion?: string;
  /** Spans kept in memory for the dashboard (default 4096). */
  ringSize?: number;
}

/** Load the SDK and start exporting. A second call while on is a no-op. */
export async function startTracing(cfg: TracingConfig, o: StartTracingOptions = {}): Promise<void> {
  if (tracer.on) return;
  const { createBackend } = await import('./sdk.js');
  tracer.b = createBackend(cfg, o);
  tracer.request = new AsyncLocalStorage<Span>();
  tracer.on = true;
}

/** Flush what is queued (bounded by the exporter's timeout) and turn tracing off. */
export async function stopTracing(): Promise<void> {
  const b = tracer.b;
  if (!b) return;
  tracer.on = false;
  tracer.b = undefined;
  tracer.request = undefined;
  await b.shutdown();
}

/** `{trace_id, span_id}` log fields of `span` (event lines carry them when tracing is on). */
export function traceLogFields(span: Span | undefined): Record<string, string> {
  if (!span) return {};
  const c = span.spanContext();
  return { [LOG_FIELDS.traceId]: c.traceId, [LOG_FIELDS.spanId]: c.spanId };
}

/** The recorded spans of these traces (empty when tracing is off). */
export function recordedSpans(traceIds: Iterable<string>): RecordedSpan[] {
  return tracer.b ? tracer.b.ring.byTraces(traceIds) : [];
}

/** True when `p` is a local span (rather than a remote span context). */
export function isSpan(p: Parent): p is Span {
  return p !== undefined && typeof (p as Span).spanContext === 'function';
}

/** The span context of a parent. */
export function contextOf(p: Span | SpanContext): SpanContext {
  return isSpan(p) ? p.spanContext() : p;
}
