/**
 * Types, options, errors and ack decoding of the publisher (the engine is in publisher.ts).
 * @module
 */
import type { Msg, MsgHdrs } from '@nats-io/nats-core';
import { BusError, MSG_ID_HEADER } from '../api/index.js';
import { silentLogger, type BusLogger } from './logger.js';

/** JetStream's acknowledgement of a stored (or deduplicated) message. */
export interface PubAck {
  stream: string;
  /** Stream sequence; for a duplicate, the sequence of the copy stored first. */
  seq: number;
  /** True when the stream already had a message with this `Nats-Msg-Id` (dedup window). */
  duplicate: boolean;
}

/** Callback form of a publish result: exactly one of `err`/`ack` is set. */
export type PublishCallback = (err: PublishError | undefined, ack: PubAck | undefined) => void;

/** Why a publish failed. `stream` and `closed` are final; `deadline` means retries ran out of time. */
export type PublishFailure = 'stream' | 'deadline' | 'closed' | 'invalid';

/** A publish that was not stored; carries the subject, event id and the JetStream error code if any. */
export class PublishError extends BusError {
  override readonly code = 'BUS_PUBLISH';
  constructor(
    message: string,
    readonly reason: PublishFailure,
    readonly context: { subject: string; msgId: string; errCode?: number },
    retryAfterMs = 1000,
    options?: ErrorOptions,
  ) {
    super(message, retryAfterMs, options);
  }
}

/** Counters of a publisher (cumulative except `inflight` and `queued`). */
export interface PublisherStats {
  /** Sent and awaiting an ack (including those waiting to be retried). Never above the window. */
  inflight: number;
  /** Accepted but not yet sent (window full or bus disconnected). */
  queued: number;
  /** Publishes accepted. */
  published: number;
  /** Publishes acknowledged (stored or deduplicated). */
  acked: number;
  /** Of `acked`, those the stream reported as duplicates. */
  duplicates: number;
  /** Publishes rejected (stream error, deadline, closed). */
  failed: number;
  /** Re-sends (after a timeout, "no responders" or a reconnect). */
  retries: number;
  /** Attempts that got no ack within the per-attempt timeout. */
  timeouts: number;
  /** Acks that arrived for an already settled publish (e.g. the first copy's ack after a re-send). */
  lateAcks: number;
  /** Highest `inflight` seen. */
  maxInflight: number;
}

/** Tuning of a {@link Publisher}; every field has a default. */
export interface PublisherOptions {
  /**
   * Max publishes awaiting an ack (default 4096). Acks of a replicated stream take long under load, and
   * the window must cover that delay at the target rate (measured: R3 pipeline +15% from 1024 to 4096).
   */
  window?: number;
  /** Max payload bytes awaiting an ack (default 64 MiB); one publish is always let through. */
  maxInflightBytes?: number;
  /** Per-attempt ack timeout before a re-send (default 5000 ms). */
  ackTimeoutMs?: number;
  /** Total time a publish may take, retries included, before it is rejected (default 30000 ms). */
  deadlineMs?: number;
  /** First retry delay, doubled per attempt up to `retryMaxMs` (defaults 100 / 2000 ms). */
  retryBaseMs?: number;
  retryMaxMs?: number;
  /** Sweep period: granularity of timeouts and retries (default 50 ms). */
  sweepIntervalMs?: number;
  /** Inbox prefix for the ack subscription (default `_INBOX`). */
  inboxPrefix?: string;
  logger?: BusLogger;
}

/** {@link PublisherOptions} with the defaults filled in. */
export function publisherDefaults(o: PublisherOptions): Required<Omit<PublisherOptions, 'inboxPrefix'>> {
  return {
    window: Math.max(1, o.window ?? 4096),
    maxInflightBytes: Math.max(1, o.maxInflightBytes ?? 64 * 1024 * 1024),
    ackTimeoutMs: o.ackTimeoutMs ?? 5000,
    deadlineMs: o.deadlineMs ?? 30_000,
    retryBaseMs: o.retryBaseMs ?? 100,
    retryMaxMs: o.retryMaxMs ?? 2000,
    sweepIntervalMs: o.sweepIntervalMs ?? 50,
    logger: o.logger ?? silentLogger,
  };
}

/** What one reply on the ack subscription means. */
export type AckResult =
  | { kind: 'ack'; ack: PubAck }
  | { kind: 'retry'; why: string }
  | { kind: 'error'; why: string; errCode?: number };

interface AckBody {
  stream?: string;
  seq?: number;
  duplicate?: boolean;
  error?: { err_code?: number; description?: string };
}

/**
 * Read a JetStream publish reply: `{"stream","seq","duplicate"?}`, `{"error":{...}}`, or a 503 status
 * (no responders: no stream, or JetStream not ready yet) which is worth retrying.
 */
export function readAck(msg: Msg): AckResult {
  const h = msg.headers;
  if (h && h.code === 503) return { kind: 'retry', why: 'no responders (stream not available)' };
  if (h?.hasError) return { kind: 'error', why: `status ${h.code} ${h.description}` };
  let body: AckBody;
  try {
    const d = msg.data;
    body = JSON.parse(Buffer.from(d.buffer, d.byteOffset, d.byteLength).toString('utf8')) as AckBody;
  } catch (x) {
    return { kind: 'error', why: `unreadable ack: ${(x as Error).message}` };
  }
  if (body.error) {
    const { description, err_code } = body.error;
    return {
      kind: 'error',
      why: `JetStream refused it: ${description} (err_code ${err_code})`,
      errCode: err_code,
    };
  }
  return {
    kind: 'ack',
    ack: { stream: body.stream ?? '', seq: body.seq ?? 0, duplicate: body.duplicate === true },
  };
}

const LINE_BREAK = /[\r\n]/;
const HEADER_HEAD = Buffer.from(`NATS/1.0\r\n${MSG_ID_HEADER}: `, 'latin1');
const HEADER_TAIL = Buffer.from('\r\n\r\n', 'latin1');

/** A header block already encoded: the client library only calls `encode()` on a publish's headers. */
class EncodedHeaders {
  constructor(private readonly bytes: Uint8Array) {}
  encode(): Uint8Array {
    return this.bytes;
  }
}

/**
 * The `Nats-Msg-Id` header block (plus `extra` headers such as `traceparent`), encoded once per publish
 * (re-sends reuse it). The library's own header object validates and rebuilds the block from a Map on
 * every send, which showed in the publish profile.
 * @throws {Error} on a line break
 */
export function msgIdHeader(msgId: string, extra?: Readonly<Record<string, string | undefined>>): MsgHdrs {
  if (LINE_BREAK.test(msgId)) throw new Error('a message id cannot contain \\r or \\n');
  if (extra) return withExtra(msgId, extra);
  const idLen = Buffer.byteLength(msgId, 'utf8');
  const out = Buffer.allocUnsafe(HEADER_HEAD.length + idLen + HEADER_TAIL.length);
  HEADER_HEAD.copy(out, 0);
  out.write(msgId, HEADER_HEAD.length, 'utf8');
  HEADER_TAIL.copy(out, HEADER_HEAD.length + idLen);
  return new EncodedHeaders(out) as unknown as MsgHdrs;
}

/** The slower path with extra header lines (only when tracing is on). */
function withExtra(msgId: string, extra: Readonly<Record<string, string | undefined>>): MsgHdrs {
  let text = `NATS/1.0\r\n${MSG_ID_HEADER}: ${msgId}\r\n`;
  for (const k in extra) {
    const v = extra[k];
    if (v === undefined) continue;
    if (LINE_BREAK.test(k) || LINE_BREAK.test(v) || k.includes(':')) throw new Error(`invalid header ${k}`);
    text += `${k}: ${v}\r\n`;
  }
  return new EncodedHeaders(Buffer.from(`${text}\r\n`, 'utf8')) as unknown as MsgHdrs;
}

/** Entry states (internal to the publisher). */
export const SENT = 0;
export const BACKOFF = 1;

/** One accepted publish (internal to the publisher). */
export interface Entry {
  token: string;
  subject: string;
  data: Uint8Array;
  hdrs: MsgHdrs;
  msgId: string;
  cb: PublishCallback;
  firstAt: number;
  sentAt: number;
  retryAt: number;
  attempts: number;
  state: typeof SENT | typeof BACKOFF;
  why: string;
}

/** Callers waiting for one condition; `fire()` releases all of them. */
export class Waiters {
  private list: (() => void)[] = [];
  wait(): Promise<void> {
    return new Promise((r) => this.list.push(r));
  }
  fire(): void {
    if (this.list.length === 0) return;
    const l = this.list;
    this.list = [];
    for (const r of l) r();
  }
}
