/**
 * The sensor side of a trace (every function here is only called when `tracer.on`): a receive span per
 * message, continuing the envelope's `traceparent` (the source's publish span); one span per
 * dependency's filtering with its verdict; the condition span of a firing, linked to the receive span
 * of every event that completed it; and the trigger's execute / attempt / dead-letter spans
 * (action-runner.ts). Spans of events are found through a WeakMap, so nothing is added to the event.
 * @module
 */
import type { Span, SpanContext } from '../bus/index.js';
import { tracer } from '../bus/index.js';
import type { SensorEvent } from './event.js';

/** The receive span of each event a message produced (the parsed event and its transformed copies). */
const receiveSpans = new WeakMap<SensorEvent, { span: Span; at: number }>();

/** What an action gets of a firing's trace: the condition span and links to every event. */
export interface FiringTrace {
  parent: Span;
  links: SpanContext[];
}

/** Start the receive span of a message's event. */
export function startReceive(
  event: SensorEvent,
  subject: string,
  durable: string,
  triggerName: string,
): Span {
  const b = tracer.b!;
  const parent = b.remote(event.extensions.traceparent, event.extensions.tracestate);
  const span = b.start(`process ${subject}`, 'consumer', parent, {
    'messaging.system': 'nats',
    'messaging.operation.type': 'process',
    'messaging.destination.name': subject,
    'messaging.consumer.group.name': durable,
    'messaging.message.id': event.context.id,
    'cloudevents.event_id': event.context.id,
    'cloudevents.event_source': event.context.source,
    'cloudevents.event_subject': event.context.subject,
    'jetflow.trigger.name': triggerName,
  });
  receiveSpans.set(event, { span, at: performance.now() });
  return span;
}

/** Remember that `event` (e.g. a transformed copy) came from the message of `receive`. */
export function linkEvent(event: SensorEvent, receive: Span): void {
  if (!receiveSpans.has(event)) receiveSpans.set(event, { span: receive, at: performance.now() });
}

/** The span of one dependency's transform and filters; end it with {@link endFilter}. */
export function startFilter(receive: Span, dependency: string): Span {
  return tracer.b!.start(`filter ${dependency}`, 'internal', receive, {
    'jetflow.dependency.name': dependency,
  });
}

export function endFilter(span: Span, verdict: 'pass' | 'fail' | 'error', reason?: string): void {
  span.setAttribute('jetflow.filter.verdict', verdict);
  if (reason) span.setAttribute('jetflow.filter.reason', reason.slice(0, 512));
  span.end();
}

/**
 * The condition span of a firing: a child of the receive span of the event that completed it (the last
 * one received), linked to the spans of all of them. Events restored from KV after a restart have no
 * local span: their envelope's `traceparent` is linked instead.
 */
export function conditionSpan(
  events: ReadonlyMap<string, SensorEvent>,
  triggerName: string,
  conditions?: string,
): FiringTrace {
  const b = tracer.b!;
  const links: SpanContext[] = [];
  let last: { span: Span; at: number } | undefined;
  let remote: SpanContext | undefined;
  for (const e of events.values()) {
    const r = receiveSpans.get(e);
    if (r) {
      links.push(r.span.spanContext());
      if (!last || r.at >= last.at) last = r;
    } else {
      const c = b.remote(e.extensions.traceparent, e.extensions.tracestate);
      if (c) {
        links.push(c);
        remote ??= c;
      }
    }
  }
  const span = b.start(
    `conditions ${triggerName}`,
    'internal',
    last?.span ?? remote,
    {
      'jetflow.trigger.name': triggerName,
      'jetflow.dependencies': [...events.keys()],
      'jetflow.condition.result': true,
      ...(conditions ? { 'jetflow.conditions': conditions } : {}),
    },
    links.length > 1 ? links : undefined,
  );
  span.end();
  return { parent: span, links: links.length > 1 ? links : [] };
}
