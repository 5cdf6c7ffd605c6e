/**
 * Events as the sensor sees them: a CloudEvents 1.0 JSON envelope from the bus (spec/README.md §5),
 * with the data kept as the exact JSON text that was published (GJSON paths, the string filter and
 * parameters work on that text, so `1.0` stays `1.0`), parsed only when something needs the value.
 * @module
 */
import type { TriggerEvent } from './trigger-contract.js';

/** The context attributes a sensor uses (and filters/parameters can see). */
export interface EventContext {
  id: string;
  source: string;
  specversion: string;
  type: string;
  datacontenttype: string;
  subject: string;
  /** As written in the envelope (RFC 3339, usually with fractional seconds). */
  time: string;
}

/** The envelope was not a CloudEvent the sensor can use. */
export class EventParseError extends Error {
  override name = 'EventParseError';
}

const CONTEXT_KEYS = ['id', 'source', 'specversion', 'type', 'datacontenttype', 'subject', 'time'] as const;

/** One event. Immutable: a transform produces a new one ({@link SensorEvent.withData}). */
export class SensorEvent {
  private parsed: { value: unknown } | { error: Error } | undefined;

  constructor(
    readonly context: EventContext,
    /** The data as text (JSON for JSON content types); `undefined` when the event has no data. */
    readonly dataText: string | undefined,
    /** Other envelope attributes (extensions such as `traceparent`), kept when the event is stored. */
    readonly extensions: Readonly<Record<string, unknown>> = {},
  ) {}

  /** The data parsed as JSON. @throws {SyntaxError} when the data is not valid JSON */
  get data(): unknown {
    if (this.dataText === undefined) return undefined;
    if (!this.parsed) {
      try {
        this.parsed = { value: JSON.parse(this.dataText) };
      } catch (err) {
        this.parsed = { error: err as Error };
      }
    }
    if ('error' in this.parsed) throw this.parsed.error;
    return this.parsed.value;
  }

  /** Set the parsed data when the caller already has it (the same value `JSON.parse(dataText)` gives). */
  seedParsed(value: unknown): void {
    this.parsed = { value };
  }

  /** Whether the data is present and valid JSON (gjson `Valid`), parsed once. */
  dataIsJson(): boolean {
    if (this.dataText === undefined) return false;
    try {
      void this.data;
      return true;
    } catch {
      return false;
    }
  }

  /** The event time in ms since the epoch (NaN when unparseable). */
  get timeMs(): number {
    return Date.parse(this.context.time);
  }

  /** A copy with new JSON data, as a transform leaves it (`datacontenttype` becomes `application/json`). */
  withData(value: unknown): SensorEvent {
    const next = new SensorEvent(
      { ...this.context, datacontenttype: 'application/json' },
      JSON.stringify(value),
      this.extensions,
    );
    next.parsed = { value };
    return next;
  }

  /** The envelope as JSON text (what is stored in KV and what {@link parseCloudEvent} reads back). */
  toJSON(): string {
    const parts: string[] = [];
    const put = (k: string, v: unknown) => parts.push(`${JSON.stringify(k)}:${JSON.stringify(v)}`);
    for (const k of CONTEXT_KEYS) if (this.context[k] !== '') put(k, this.context[k]);
    for (const [k, v] of Object.entries(this.extensions)) put(k, v);
    if (this.dataText !== undefined) {
      if (isJsonType(this.context.datacontenttype) && isJson(this.dataText))
        parts.push(`"data":${this.dataText}`);
      else put('data_base64', Buffer.from(this.dataText, 'utf8').toString('base64'));
    }
    return `{${parts.join(',')}}`;
  }

  /**
   * The form triggers get (spec/README.md §5): context with `time` in whole-second UTC, data parsed
   * when it is JSON, else the text.
   */
  toTriggerEvent(): TriggerEvent {
    let data: unknown = this.dataText;
    if (this.dataText !== undefined && isJsonType(this.context.datacontenttype)) {
      try {
        data = this.data;
      } catch {
        /* not JSON after all: hand over the text */
      }
    }
    return {
      context: { ...this.context, time: wholeSecondUtc(this.context.time) },
      data,
      dataText: this.dataText,
    };
  }
}

/** `application/json`, `text/json`, `…+json`, or absent (CloudEvents' default for JSON format). */
export function isJsonType(contentType: string): boolean {
  if (contentType === '' || contentType === 'application/json') return true; // per event: the usual cases first
  const base = contentType.split(';')[0]!.trim().toLowerCase();
  return base === 'application/json' || base === 'text/json' || base.endsWith('+json');
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** `…THH:MM:SS[.fraction]Z`: already UTC, so truncating is cutting the text. */
const UTC_WITH_FRACTION = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z$/;

/** RFC 3339 in UTC truncated to whole seconds, e.g. `2024-05-01T10:00:00Z` (the input when unparseable). */
export function wholeSecondUtc(time: string): string {
  // the common case (every jetflow envelope) without Date parsing and formatting, which is per event
  if (UTC_WITH_FRACTION.test(time) && !time.startsWith('0000')) return `${time.slice(0, 19)}Z`;
  const ms = Date.parse(time);
  if (Number.isNaN(ms)) return time;
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/**
 * Parse a structured-mode CloudEvent. `data` keeps its exact text; `data_base64` is decoded; a string
 * `data` with a non-JSON content type is the data itself (CloudEvents JSON format rules).
 * @throws {EventParseError}
 */
export function parseCloudEvent(body: Uint8Array | string): SensorEvent {
  const text =
    typeof body === 'string'
      ? body
      : Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8');
  let env: unknown;
  try {
    env = JSON.parse(text);
  } catch (err) {
    throw new EventParseError(`event is not valid JSON: ${(err as Error).message}`);
  }
  if (env === null || typeof env !== 'object' || Array.isArray(env))
    throw new EventParseError('event is not a JSON object');
  const o = env as Record<string, unknown>;
  // one literal, so every context object has the same shape (the loop form cost ~1 µs per event)
  const context: EventContext = {
    id: attribute(o, 'id'),
    source: attribute(o, 'source'),
    specversion: attribute(o, 'specversion'),
    type: attribute(o, 'type'),
    datacontenttype: attribute(o, 'datacontenttype'),
    subject: attribute(o, 'subject'),
    time: attribute(o, 'time'),
  };
  if (context.id === '' || context.source === '')
    throw new EventParseError('event has no "id" or no "source"');
  let extensions: Record<string, unknown> = NO_EXTENSIONS;
  for (const k in o) {
    if (k === 'data' || k === 'data_base64' || CONTEXT_KEY_SET.has(k)) continue;
    if (extensions === NO_EXTENSIONS) extensions = {};
    // defineProperty: a member named "__proto__" is data here, not the object's prototype
    Object.defineProperty(extensions, k, {
      value: o[k],
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  const event = new SensorEvent(context, dataOf(text, o, context.datacontenttype), extensions);
  // the envelope parse already holds the JSON data: parsing the data text again would give the same
  if (
    event.dataText !== undefined &&
    typeof o.data_base64 !== 'string' &&
    isJsonType(context.datacontenttype)
  )
    event.seedParsed(o.data);
  return event;
}

const CONTEXT_KEY_SET: ReadonlySet<string> = new Set(CONTEXT_KEYS);
const NO_EXTENSIONS: Record<string, unknown> = Object.freeze({});

function attribute(o: Record<string, unknown>, k: (typeof CONTEXT_KEYS)[number]): string {
  const v = o[k];
  if (typeof v === 'string') return v;
  if (v === undefined || v === null) return '';
  throw new EventParseError(`event attribute "${k}" is not a string`);
}

function dataOf(text: string, o: Record<string, unknown>, contentType: string): string | undefined {
  if (typeof o.data_base64 === 'string') return Buffer.from(o.data_base64, 'base64').toString('utf8');
  if (!('data' in o) || o.data === null) return undefined;
  if (typeof o.data === 'string' && !isJsonType(contentType)) return o.data;
  return rawMember(text, 'data') ?? JSON.stringify(o.data);
}

/** The raw text of top-level member `key` of a valid JSON object text (last occurrence wins, as JSON.parse). */
export function rawMember(text: string, key: string): string | undefined {
  let i = text.indexOf('{') + 1;
  let found: string | undefined;
  for (;;) {
    i = skipWs(text, i);
    if (text[i] !== '"') return found;
    const keyEnd = skipString(text, i);
    const bs = text.indexOf('\\', i);
    // keys without escapes (all of them, in practice) are their text
    const k =
      bs < 0 || bs > keyEnd ? text.slice(i + 1, keyEnd - 1) : (JSON.parse(text.slice(i, keyEnd)) as string);
    i = skipWs(text, keyEnd) + 1; // ':'
    const start = skipWs(text, i);
    const end = skipValue(text, start);
    if (k === key) found = text.slice(start, end);
    i = skipWs(text, end);
    if (text[i] === ',') i++;
  }
}

function skipWs(s: string, i: number): number {
  for (;;) {
    const c = s.charCodeAt(i);
    if (c !== 32 && c !== 10 && c !== 13 && c !== 9) return i;
    i++;
  }
}

/** Index just past the string starting at `i` (a `"`). */
function skipString(s: string, i: number): number {
  for (;;) {
    const q = s.indexOf('"', i + 1);
    if (q < 0) return s.length;
    let backslashes = 0;
    while (s.charCodeAt(q - 1 - backslashes) === 92) backslashes++;
    if (backslashes % 2 === 0) return q + 1;
    i = q;
  }
}

const QUOTE = 34;
const OPEN_BRACE = 123;
const OPEN_BRACKET = 91;
const CLOSE_BRACE = 125;
const CLOSE_BRACKET = 93;

function skipValue(s: string, i: number): number {
  const first = s.charCodeAt(i);
  if (first === QUOTE) return skipString(s, i);
  if (first === OPEN_BRACE || first === OPEN_BRACKET) {
    let depth = 0;
    while (i < s.length) {
      const c = s.charCodeAt(i);
      if (c === QUOTE) {
        i = skipString(s, i);
        continue;
      }
      if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
      else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
        depth--;
        if (depth === 0) return i + 1;
      }
      i++;
    }
    return i;
  }
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 44 || c === CLOSE_BRACE || c === 32 || c === 10 || c === 13 || c === 9) return i;
  }
  return i;
}
