/**
 * The source side of a trace (only used when `tracer.on`): the receive span (the webhook family's
 * server span, or one started here for other sources, continuing the producer's `traceparent` when it
 * sent one) and the bus publish span, which lasts until JetStream's PubAck. The publish span's context
 * is what travels in the envelope and the NATS headers, so the sensor's spans are its children.
 * @module
 */
import type { PubAck, Span, TraceHeaders } from '../../bus/index.js';
import { tracer } from '../../bus/index.js';
import type { SourceType } from '../../api/index.js';
import type { DispatchOptions } from '../types.js';

/** The spans of one dispatch. */
export interface DispatchTrace {
  /** Started here (not by the webhook route), so ended here. */
  receive: Span | undefined;
  publish: Span;
  headers: TraceHeaders;
}

export interface SourceSpanInfo {
  subject: string;
  eventSourceName: string;
  eventName: string;
  type: SourceType;
}

/** Start the spans of one event about to be published. Only call when `tracer.on`. */
export function startDispatchTrace(o: SourceSpanInfo, id: string, opts?: DispatchOptions): DispatchTrace {
  const b = tracer.b!;
  const request = tracer.request?.getStore();
  let receive: Span | undefined;
  if (!request) {
    const remote = b.remote(opts?.traceparent, opts?.tracestate);
    receive = b.start(`receive ${o.eventSourceName}.${o.eventName}`, 'consumer', remote, {
      'messaging.operation.type': 'receive',
      'messaging.system': o.type,
      'jetflow.eventsource.name': o.eventSourceName,
      'jetflow.event.name': o.eventName,
    });
  }
  const publish = b.start(`send ${o.subject}`, 'producer', request ?? receive, {
    'messaging.system': 'nats',
    'messaging.operation.type': 'send',
    'messaging.operation.name': 'publish',
    'messaging.destination.name': o.subject,
    'messaging.message.id': id,
    'cloudevents.event_id': id,
    'cloudevents.event_source': o.eventSourceName,
    'cloudevents.event_subject': o.eventName,
  });
  return { receive, publish, headers: b.headers(publish) };
}

/** End the spans of a dispatch with the publish outcome (called from the ack's settlement). */
export function endDispatchTrace(t: DispatchTrace, err: unknown, ack?: PubAck): void {
  const b = tracer.b;
  if (err !== undefined) {
    b?.fail(t.publish, err);
    if (t.receive) b?.fail(t.receive, err);
  } else if (ack) {
    t.publish.setAttribute('messaging.nats.stream.sequence', ack.seq);
    if (ack.duplicate) t.publish.setAttribute('messaging.nats.duplicate', true);
  }
  t.publish.end();
  t.receive?.end();
}
