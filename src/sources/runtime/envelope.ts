/**
 * The CloudEvents 1.0 envelope an event source publishes (spec/README.md §5): attribute for attribute as
 * upstream writes it, with `data` embedded as raw JSON. The static part (source, type, subject) is
 * serialized once per listener; per event only the id and time are formatted, and the message is written
 * into one buffer.
 * @module
 */
import { randomUUID } from 'node:crypto';

/** A fresh event id: the 16 bytes of a random UUID as 32 lowercase hex characters (no dashes). */
export function newEventId(): string {
  const u = randomUUID();
  return u.slice(0, 8) + u.slice(9, 13) + u.slice(14, 18) + u.slice(19, 23) + u.slice(24);
}

/** The last formatted millisecond: under load many events share one, and `toISOString` is not free. */
let lastMs = NaN;
let lastText = '';

/** RFC 3339 UTC time with fractional seconds, e.g. `2024-05-01T10:00:00.123Z` (default: now). */
export function eventTime(now?: Date): string {
  if (now) return now.toISOString();
  const ms = Date.now();
  if (ms !== lastMs) {
    lastText = new Date(ms).toISOString();
    lastMs = ms;
  }
  return lastText;
}

/** The attributes of one envelope, as read back from the bus. */
export interface CloudEventEnvelope<Data = unknown> {
  specversion: '1.0';
  id: string;
  source: string;
  type: string;
  subject: string;
  time: string;
  datacontenttype: 'application/json';
  data: Data;
}

/** Builds envelopes for one (eventSourceName, eventName, type). */
export class EnvelopeWriter {
  private readonly middle: string;

  constructor(eventSourceName: string, eventName: string, cloudEventType: string) {
    this.middle =
      `","source":${JSON.stringify(eventSourceName)},"type":${JSON.stringify(cloudEventType)}` +
      `,"subject":${JSON.stringify(eventName)},"datacontenttype":"application/json","time":"`;
  }

  /**
   * The envelope bytes around `data`, which must already be valid JSON (it is copied, not re-parsed).
   * `id` and `time` must not need JSON escaping (ids are hex or caller-supplied; see {@link safeId}).
   * `trace` adds the CloudEvents distributed-tracing extension attributes (`traceparent`, `tracestate`).
   */
  write(id: string, time: string, data: Uint8Array | string, trace?: TraceAttributes): Buffer {
    const ext = trace ? traceExtension(trace) : '';
    const head = `{"specversion":"1.0","id":"${id}${this.middle}${time}"${ext},"data":`;
    const headLen = Buffer.byteLength(head, 'utf8');
    const dataLen = typeof data === 'string' ? Buffer.byteLength(data, 'utf8') : data.byteLength;
    const out = take(headLen + dataLen + 1);
    out.write(head, 0, headLen, 'utf8');
    if (typeof data === 'string') out.write(data, headLen, dataLen, 'utf8');
    else out.set(data, headLen);
    out[headLen + dataLen] = 0x7d; // '}'
    return out;
  }
}

/**
 * Envelopes are cut from 256 KiB slabs: one ArrayBuffer per ~250 events of 1 KiB instead of one per
 * Node pool of 8 KiB (its refills showed in the pipeline profile). An envelope lives until JetStream
 * acknowledged it, so a slab is held at most as long as its last envelope is in flight.
 */
const SLAB_SIZE = 256 * 1024;
let slab = Buffer.allocUnsafeSlow(0);
let slabUsed = 0;

function take(n: number): Buffer {
  if (n > SLAB_SIZE / 8) return Buffer.allocUnsafeSlow(n);
  if (slabUsed + n > slab.length) {
    slab = Buffer.allocUnsafeSlow(SLAB_SIZE);
    slabUsed = 0;
  }
  const out = slab.subarray(slabUsed, slabUsed + n);
  slabUsed = (slabUsed + n + 7) & ~7; // 8-byte aligned, as Node's own pool
  return out;
}

/** The CloudEvents distributed-tracing extension: W3C trace context as envelope attributes. */
export interface TraceAttributes {
  traceparent: string;
  tracestate?: string;
}

function traceExtension(t: TraceAttributes): string {
  const tp = `,"traceparent":${JSON.stringify(t.traceparent)}`;
  return t.tracestate ? `${tp},"tracestate":${JSON.stringify(t.tracestate)}` : tp;
}

/** A caller-supplied id as it can be embedded between quotes (JSON-escaped, without the quotes). */
export function safeId(id: string): string {
  return JSON.stringify(id).slice(1, -1);
}
