/**
 * The dispatch path of one listener (upstream `eventing.go` dispatch closure): source-side filter →
 * envelope → publish with the event id as `Nats-Msg-Id` → metrics. Resolves only once JetStream stored
 * the event; rejects with the publisher's BusError otherwise, so the caller can refuse its producer.
 * @module
 */
import type { Logger } from 'pino';
import { SourceError } from '../../api/index.js';
import { LOG_FIELDS } from '../../api/index.js';
import { eventSubject } from '../../api/index.js';
import { traceLogFields, tracer, type PubAck } from '../../bus/index.js';
import { SOURCE_EVENT_TYPES, type SourceType } from '../../api/index.js';
import type { Dispatch, DispatchOptions } from '../types.js';
import { EnvelopeWriter, eventTime, newEventId, safeId } from './envelope.js';
import type { EventMetrics } from './metrics.js';
import { endDispatchTrace, startDispatchTrace, type DispatchTrace } from './tracing.js';

/** What the dispatcher needs from the bus publisher (src/bus `Publisher` satisfies it). */
export interface EventPublisher {
  /** `headers`: extra NATS headers (the trace context, only when tracing is on). */
  publish(
    subject: string,
    data: Uint8Array,
    msgId: string,
    headers?: Readonly<Record<string, string | undefined>>,
  ): Promise<unknown>;
}

/** The compiled `filter.expression` of an event (src/sources/filter): takes the payload as JSON text or bytes. */
export interface SourceFilter {
  matches(data: unknown): boolean;
}

export interface DispatcherOptions {
  eventSourceName: string;
  eventName: string;
  type: SourceType;
  publisher: EventPublisher;
  metrics: EventMetrics;
  logger: Logger;
  filter?: SourceFilter;
}

/**
 * Build the `dispatch` callback of one listener. `data` is any JSON-able value, or a `Uint8Array` that
 * already holds valid JSON (embedded as is: the webhook path never re-serializes a request body).
 * Failures count in `events_processing_failed_total` here, so drivers only count what fails before
 * they call dispatch.
 */
export function createDispatch(o: DispatcherOptions): Dispatch {
  const subject = eventSubject(o.eventSourceName, o.eventName);
  const writer = new EnvelopeWriter(o.eventSourceName, o.eventName, SOURCE_EVENT_TYPES[o.type]);
  const ctx = { sourceType: o.type, eventSourceName: o.eventSourceName, eventName: o.eventName };
  const spanInfo = { subject, eventSourceName: o.eventSourceName, eventName: o.eventName, type: o.type };
  const { metrics, publisher, logger, filter } = o;

  return async (data: unknown, opts?: DispatchOptions): Promise<void> => {
    let payload: Uint8Array | string;
    try {
      payload = serialize(data);
    } catch (err) {
      metrics.processingFailed();
      throw new SourceError(`cannot serialize the event data: ${(err as Error).message}`, ctx, {
        cause: err,
      });
    }
    if (filter && !passes(filter, payload, logger)) return;
    const id = opts?.id ?? newEventId();
    // tracing off: one boolean test, no span, no extra header or attribute
    const trace: DispatchTrace | undefined = tracer.on ? startDispatchTrace(spanInfo, id, opts) : undefined;
    const body = writer.write(opts?.id === undefined ? id : safeId(id), eventTime(), payload, trace?.headers);
    let ack: PubAck;
    try {
      ack = (await publisher.publish(subject, body, id, trace?.headers)) as PubAck;
    } catch (err) {
      if (trace) endDispatchTrace(trace, err);
      metrics.eventSentFailed();
      metrics.processingFailed();
      logger.error(
        { [LOG_FIELDS.eventId]: id, [LOG_FIELDS.error]: err, ...(trace && traceLogFields(trace.publish)) },
        'Failed to publish an event',
      );
      throw err;
    }
    metrics.eventSent();
    if (trace) {
      endDispatchTrace(trace, undefined, ack);
      logger.info(
        { [LOG_FIELDS.eventId]: id, ...traceLogFields(trace.publish) },
        'Succeeded to publish an event',
      );
    } else logger.info({ [LOG_FIELDS.eventId]: id }, 'Succeeded to publish an event');
  };
}

function serialize(data: unknown): Uint8Array | string {
  if (data instanceof Uint8Array) return data;
  const s = JSON.stringify(data);
  if (s === undefined) throw new Error(`a ${typeof data} is not JSON`);
  return s;
}

/** Filter errors and non-object payloads are logged and the event skipped, as upstream (spec §2.3). */
function passes(filter: SourceFilter, payload: Uint8Array | string, logger: Logger): boolean {
  try {
    const ok = filter.matches(payload);
    if (!ok) logger.debug('Filter condition not met, skip dispatching');
    return ok;
  } catch (err) {
    logger.error({ [LOG_FIELDS.error]: err }, 'Failed to filter event');
    return false;
  }
}
