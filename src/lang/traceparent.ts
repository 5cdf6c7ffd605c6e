/**
 * W3C Trace Context (https://www.w3.org/TR/trace-context/) header parsing and formatting, shared by the
 * sources (incoming `traceparent`), the bus envelope and the triggers. Pure string work: no tracing SDK.
 * @module
 */

/** A parsed `traceparent`: the remote span an incoming request or event continues. */
export interface TraceParent {
  /** 32 lowercase hex characters, not all zero. */
  traceId: string;
  /** 16 lowercase hex characters, not all zero (the caller's span). */
  spanId: string;
  /** The trace-flags byte (bit 0: sampled). */
  flags: number;
}

const HEX = /^[0-9a-f]+$/;
const ZERO_TRACE = '00000000000000000000000000000000';
const ZERO_SPAN = '0000000000000000';

/**
 * Parse a `traceparent` header value; `undefined` when absent or malformed (the spec says a receiver then
 * starts a new trace, so this never throws). Versions above 00 are read by their 00 prefix, as the spec
 * asks; version `ff` is invalid.
 */
export function parseTraceparent(value: string | undefined | null): TraceParent | undefined {
  if (typeof value !== 'string') return undefined;
  const v = value.trim();
  if (v.length < 55 || v[2] !== '-' || v[35] !== '-' || v[52] !== '-') return undefined;
  const version = v.slice(0, 2);
  if (!HEX.test(version) || version === 'ff') return undefined;
  if (version === '00' ? v.length !== 55 : v.length > 55 && v[55] !== '-') return undefined;
  const traceId = v.slice(3, 35);
  const spanId = v.slice(36, 52);
  const flags = v.slice(53, 55);
  if (!HEX.test(traceId) || !HEX.test(spanId) || !HEX.test(flags)) return undefined;
  if (traceId === ZERO_TRACE || spanId === ZERO_SPAN) return undefined;
  return { traceId, spanId, flags: parseInt(flags, 16) };
}

/** `00-<trace-id>-<span-id>-<flags>`. */
export function formatTraceparent(tp: TraceParent): string {
  return `00-${tp.traceId}-${tp.spanId}-${(tp.flags & 0xff).toString(16).padStart(2, '0')}`;
}

/** Max list members of a `tracestate` (W3C: 32); a longer one is not propagated. */
const MAX_TRACESTATE_MEMBERS = 32;
const TRACESTATE_MEMBER =
  /^[a-z0-9][_0-9a-z\-*/@]{0,255}=[\x20-\x2b\x2d-\x3c\x3e-\x7e]{0,255}[\x21-\x2b\x2d-\x3c\x3e-\x7e]$/;

/**
 * A `tracestate` value worth propagating, trimmed, or `undefined` when absent or malformed (then only the
 * `traceparent` is continued, as the spec allows). Validated so it can be embedded in a JSON envelope and
 * a NATS header block without escaping surprises.
 */
export function parseTracestate(value: string | undefined | null): string | undefined {
  if (typeof value !== 'string') return undefined;
  const members = value
    .split(',')
    .map((m) => m.trim())
    .filter((m) => m !== '');
  if (members.length === 0 || members.length > MAX_TRACESTATE_MEMBERS) return undefined;
  for (const m of members) if (!TRACESTATE_MEMBER.test(m)) return undefined;
  return members.join(',');
}
