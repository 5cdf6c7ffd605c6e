/**
 * The OpenTelemetry SDK side of the tracer, loaded only by `startTracing` (dynamic import): a
 * BasicTracerProvider with the configured sampler, a bounded BatchSpanProcessor exporting OTLP/HTTP
 * (JSON), a processor feeding the in-memory ring, and counting of dropped spans. Context is explicit
 * (no global context manager): parents are passed in.
 * @module
 */
import {
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Span,
  type SpanContext,
} from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  BasicTracerProvider,
  BatchSpanProcessor,
  ParentBasedSampler,
  TraceIdRatioBasedSampler,
  type ReadableSpan,
  type Sampler,
  type SpanExporter,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';
import { Counter } from 'prom-client';
import { TRACE_SPANS_DROPPED_METRIC } from '../../api/index.js';
import { formatTraceparent, parseTraceparent, parseTracestate } from '../../lang/index.js';
import { silentLogger } from '../logger.js';
import type { TracingConfig } from './config.js';
import {
  contextOf,
  isSpan,
  type Parent,
  type SpanKindName,
  type StartTracingOptions,
  type TraceBackend,
} from './index.js';
import { SpanRing } from './ring.js';

const KINDS: Record<SpanKindName, SpanKind> = {
  internal: SpanKind.INTERNAL,
  server: SpanKind.SERVER,
  client: SpanKind.CLIENT,
  producer: SpanKind.PRODUCER,
  consumer: SpanKind.CONSUMER,
};
const KIND_NAMES = Object.fromEntries(Object.entries(KINDS).map(([k, v]) => [v, k])) as Record<
  SpanKind,
  string
>;

const SCOPE = 'jetflow';

export function createBackend(cfg: TracingConfig, o: StartTracingOptions): TraceBackend {
  const logger = o.logger ?? silentLogger;
  const ring = new SpanRing(o.ringSize ?? 4096);
  const maxQueueSize = o.maxQueueSize ?? 2048;
  const drops = { n: 0 };
  if (o.registry) droppedCounter(o.registry, drops);
  const exporter = new CountingExporter(
    new OTLPTraceExporter({ url: cfg.tracesUrl, timeoutMillis: 10_000 }),
    drops,
  );
  const batch = new BoundedProcessor(
    new BatchSpanProcessor(exporter, { maxQueueSize, maxExportBatchSize: 512, scheduledDelayMillis: 1000 }),
    exporter,
    maxQueueSize,
    drops,
  );
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({
      [ATTR_SERVICE_NAME]: cfg.serviceName,
      [ATTR_SERVICE_VERSION]: o.serviceVersion ?? '0.0.0',
    }),
    sampler: sampler(cfg),
    spanProcessors: [new RingProcessor(ring), batch],
  });
  const t = provider.getTracer(SCOPE);

  return {
    ring,
    start(
      name: string,
      kind: SpanKindName,
      parent: Parent,
      attributes?: Attributes,
      links?: SpanContext[],
    ): Span {
      const ctx =
        parent === undefined
          ? ROOT_CONTEXT
          : isSpan(parent)
            ? trace.setSpan(ROOT_CONTEXT, parent)
            : trace.setSpanContext(ROOT_CONTEXT, parent);
      return t.startSpan(
        name,
        { kind: KINDS[kind], attributes, links: links?.map((context) => ({ context })) },
        ctx,
      );
    },
    remote(traceparent: unknown, tracestate?: unknown): SpanContext | undefined {
      if (traceparent === undefined || traceparent === null) return undefined;
      const tp = typeof traceparent === 'string' ? parseTraceparent(traceparent) : undefined;
      if (!tp) {
        logger.debug(
          { traceparent: String(traceparent).slice(0, 80) },
          'malformed traceparent, starting a new trace',
        );
        return undefined;
      }
      const ts = typeof tracestate === 'string' ? parseTracestate(tracestate) : undefined;
      const sc: SpanContext = {
        traceId: tp.traceId,
        spanId: tp.spanId,
        traceFlags: tp.flags & 1,
        isRemote: true,
      };
      if (ts) sc.traceState = traceStateOf(ts);
      return sc;
    },
    headers(span: Span | SpanContext) {
      const c = contextOf(span);
      const traceparent = formatTraceparent({ traceId: c.traceId, spanId: c.spanId, flags: c.traceFlags });
      const ts = c.traceState?.serialize();
      return ts ? { traceparent, tracestate: ts } : { traceparent };
    },
    fail(span: Span, err: unknown): void {
      const message = err instanceof Error ? err.message : String(err);
      span.setStatus({ code: SpanStatusCode.ERROR, message });
      if (err instanceof Error) span.recordException(err);
    },
    dropped: () => drops.n,
    flush: () => provider.forceFlush(),
    shutdown: () => provider.shutdown(),
  };
}

function sampler(cfg: TracingConfig): Sampler {
  const ratio = new TraceIdRatioBasedSampler(cfg.ratio);
  switch (cfg.sampler) {
    case 'always_on':
      return new AlwaysOnSampler();
    case 'always_off':
      return new AlwaysOffSampler();
    case 'traceidratio':
      return ratio;
    case 'parentbased_always_off':
      return new ParentBasedSampler({ root: new AlwaysOffSampler() });
    case 'parentbased_traceidratio':
      return new ParentBasedSampler({ root: ratio });
    default:
      return new ParentBasedSampler({ root: new AlwaysOnSampler() });
  }
}

/** A minimal W3C TraceState (the API's interface) over an already validated header value. */
function traceStateOf(value: string): NonNullable<SpanContext['traceState']> {
  const entries = value.split(',').map((m) => {
    const i = m.indexOf('=');
    return [m.slice(0, i), m.slice(i + 1)] as [string, string];
  });
  const make = (list: [string, string][]): NonNullable<SpanContext['traceState']> => ({
    get: (k) => list.find(([key]) => key === k)?.[1],
    set: (k, v) => make([[k, v], ...list.filter(([key]) => key !== k)]),
    unset: (k) => make(list.filter(([key]) => key !== k)),
    serialize: () => list.map(([k, v]) => `${k}=${v}`).join(','),
  });
  return make(entries);
}

/** Keeps a summary of every ended, sampled span in the ring. */
class RingProcessor implements SpanProcessor {
  constructor(private readonly ring: SpanRing) {}
  onStart(): void {}
  onEnd(s: ReadableSpan): void {
    const c = s.spanContext();
    const startMs = s.startTime[0] * 1000 + s.startTime[1] / 1e6;
    const durationMs = s.duration[0] * 1000 + s.duration[1] / 1e6;
    const parent = s.parentSpanContext?.spanId;
    this.ring.push({
      traceId: c.traceId,
      spanId: c.spanId,
      ...(parent ? { parentSpanId: parent } : {}),
      name: s.name,
      kind: KIND_NAMES[s.kind] ?? 'internal',
      startMs,
      durationMs,
      status:
        s.status.code === SpanStatusCode.ERROR
          ? 'error'
          : s.status.code === SpanStatusCode.OK
            ? 'ok'
            : 'unset',
      attributes: { ...s.attributes },
      links: s.links.map((l) => ({ traceId: l.context.traceId, spanId: l.context.spanId })),
    });
  }
  forceFlush(): Promise<void> {
    return Promise.resolve();
  }
  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

/**
 * The batch processor with an explicit bound: spans beyond `max` waiting for export are dropped and
 * counted, so an unreachable collector costs bounded memory and never blocks (the batch processor would
 * drop them too, silently).
 */
class BoundedProcessor implements SpanProcessor {
  constructor(
    private readonly inner: BatchSpanProcessor,
    private readonly exporter: CountingExporter,
    private readonly max: number,
    private readonly drops: { n: number },
  ) {}
  onStart(): void {}
  onEnd(s: ReadableSpan): void {
    if (!s.spanContext().traceFlags) return; // not sampled: the batch processor ignores it too
    if (this.exporter.waiting >= this.max) {
      this.drops.n++;
      return;
    }
    this.exporter.waiting++;
    this.inner.onEnd(s);
  }
  forceFlush(): Promise<void> {
    return this.inner.forceFlush();
  }
  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }
}

/** Counts spans whose export failed, and how many are still waiting for an export result. */
class CountingExporter implements SpanExporter {
  waiting = 0;
  constructor(
    private readonly inner: SpanExporter,
    private readonly drops: { n: number },
  ) {}
  export(spans: ReadableSpan[], done: Parameters<SpanExporter['export']>[1]): void {
    this.inner.export(spans, (r) => {
      this.waiting = Math.max(0, this.waiting - spans.length);
      if ((r.code as number) !== 0) this.drops.n += spans.length; // ExportResultCode.SUCCESS is 0
      done(r);
    });
  }
  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }
  forceFlush(): Promise<void> {
    return this.inner.forceFlush?.() ?? Promise.resolve();
  }
}

/** `jetflow_trace_spans_dropped_total`, read from the drop count at scrape time. */
function droppedCounter(
  registry: NonNullable<StartTracingOptions['registry']>,
  drops: { n: number },
): Counter {
  const existing = registry.getSingleMetric(TRACE_SPANS_DROPPED_METRIC);
  if (existing) return existing as Counter;
  let reported = 0;
  return new Counter({
    name: TRACE_SPANS_DROPPED_METRIC,
    help: 'Spans not exported: the export failed (collector unreachable) or the bounded queue was full.',
    registers: [registry],
    collect() {
      this.inc(drops.n - reported);
      reported = drops.n;
    },
  });
}
