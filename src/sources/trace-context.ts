/**
 * Reading a producer's W3C trace context from the protocols that carry headers (NATS headers, AMQP
 * message headers, MQTT v5 user properties, Redis stream fields), for `dispatch`'s options. Tracing off:
 * one boolean test and `undefined`, so drivers pass the result on without any other cost.
 * @module
 */
import { TRACEPARENT_HEADER, TRACESTATE_HEADER } from '../api/index.js';
import { tracer } from '../bus/index.js';
import type { DispatchOptions } from './types.js';

/** The trace options of a message whose headers `get` reads (case as the protocol stores them). */
export function traceOptions(get: (name: string) => unknown): DispatchOptions | undefined {
  if (!tracer.on) return undefined;
  const traceparent = text(get(TRACEPARENT_HEADER));
  if (traceparent === undefined) return undefined;
  const tracestate = text(get(TRACESTATE_HEADER));
  return tracestate === undefined ? { traceparent } : { traceparent, tracestate };
}

/** Header values arrive as strings, Buffers (AMQP) or lists (MQTT user properties): the first value. */
function text(v: unknown): string | undefined {
  if (Array.isArray(v)) return text(v[0]);
  if (typeof v === 'string') return v;
  if (v instanceof Uint8Array) return Buffer.from(v).toString('utf8');
  return undefined;
}

/** A Redis stream entry's field list `[k1, v1, k2, v2, …]` as a getter. */
export function fieldGetter(fields: readonly string[]): (name: string) => string | undefined {
  return (name) => {
    for (let i = 0; i + 1 < fields.length; i += 2) if (fields[i] === name) return fields[i + 1];
    return undefined;
  };
}
