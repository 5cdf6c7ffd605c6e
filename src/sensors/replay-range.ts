/**
 * The stored events a replay reads: `--from`/`--to` parsing (stream sequence, RFC 3339 time or a Go
 * duration before now), the stream's bounds, and an ephemeral pull consumer (no ack, deleted at the end,
 * gone by itself after 5 min of inactivity) that reads one range in stream order. The sensor's durables
 * are never touched.
 * @module
 */
import { randomUUID } from 'node:crypto';
import {
  parseGoDuration,
  REPLAY_CONSUMER_PREFIX,
  STREAM_NAME,
  STREAM_SUBJECTS,
  ValidationError,
} from '../api/index.js';
import { openEphemeral, type JetStreamClient, type JetStreamManager, type JsMsg } from '../bus/index.js';

/** Where a replay range starts or ends: a stream sequence or a point in time. */
export type ReplayPoint = { seq: number } | { time: Date };

/** Bad replay input (unknown trigger, a range outside the stream, --from after --to, …). */
export class ReplayInputError extends ValidationError {}

/**
 * Parse `text`: digits are a stream sequence; an RFC 3339 time; a Go duration (`1h`, `-30m`,
 * `90s ago`) is that long before `now`.
 */
export function parseReplayPoint(text: string, now = Date.now()): ReplayPoint {
  const t = text.trim();
  if (/^\d+$/.test(t)) {
    const seq = Number(t);
    if (!Number.isSafeInteger(seq) || seq < 1)
      throw new ReplayInputError(`"${text}" is not a stream sequence (1 or more)`);
    return { seq };
  }
  const ago = t.replace(/\s+ago$/i, '');
  const ns = parseGoDuration(ago);
  if (ns !== undefined) return { time: new Date(now - Math.abs(ns) / 1e6) };
  if (/^\d{4}-\d{2}-\d{2}T/.test(t)) {
    const ms = Date.parse(t);
    if (!Number.isNaN(ms)) return { time: new Date(ms) };
  }
  throw new ReplayInputError(
    `"${text}" is neither a stream sequence, an RFC 3339 time (2026-01-02T15:04:05Z) nor a duration before now (-1h, 30m ago)`,
  );
}

/** How long the server keeps a replay consumer nobody pulls from. */
const REPLAY_INACTIVE_MS = 5 * 60_000;

/** What the stream holds now. */
export interface StreamBounds {
  messages: number;
  firstSeq: number;
  lastSeq: number;
  firstTime?: string;
  lastTime?: string;
}

export async function streamBounds(jsm: JetStreamManager): Promise<StreamBounds> {
  const s = (await jsm.streams.info(STREAM_NAME)).state;
  const zero = (ts: string) => (ts.startsWith('0001-') ? undefined : ts);
  return {
    messages: s.messages,
    firstSeq: s.first_seq,
    lastSeq: s.last_seq,
    firstTime: zero(s.first_ts),
    lastTime: zero(s.last_ts),
  };
}

export function describeBounds(b: StreamBounds): string {
  if (b.messages === 0) return `the stream ${STREAM_NAME} holds no events (last sequence ${b.lastSeq})`;
  return `the stream ${STREAM_NAME} holds sequences ${b.firstSeq} (${b.firstTime}) to ${b.lastSeq} (${b.lastTime})`;
}

const label = (p: ReplayPoint) => ('seq' in p ? `sequence ${p.seq}` : p.time.toISOString());

/**
 * Refuse a range the stream cannot serve: `from` after `to`, or a range wholly before the first or
 * after the last stored event. A range that only overlaps the stream is served from what is there.
 * @throws {ReplayInputError} naming what the stream holds
 */
export function checkRange(b: StreamBounds, from: ReplayPoint, to: ReplayPoint | undefined): void {
  if (to && 'seq' in from && 'seq' in to && from.seq > to.seq)
    throw new ReplayInputError(`--from ${label(from)} is after --to ${label(to)}`);
  if (to && 'time' in from && 'time' in to && from.time > to.time)
    throw new ReplayInputError(`--from ${label(from)} is after --to ${label(to)}`);
  const outside = () =>
    new ReplayInputError(
      `the range ${label(from)} … ${to ? label(to) : 'now'} is outside the stream: ${describeBounds(b)}`,
    );
  if (b.messages === 0) throw outside();
  const first = b.firstTime ? Date.parse(b.firstTime) : -Infinity;
  const last = b.lastTime ? Date.parse(b.lastTime) : Infinity;
  if ('seq' in from ? from.seq > b.lastSeq : from.time.getTime() > last) throw outside();
  if (to && ('seq' in to ? to.seq < b.firstSeq : to.time.getTime() < first)) throw outside();
}

export interface RangeRead {
  /** Messages on the subjects from the start, as the consumer counted them at creation (an upper bound). */
  total: number;
  messages: AsyncIterable<JsMsg>;
}

/**
 * Read `subjects` from `from` up to `to` (inclusive) and never past `stopSeq` (the stream's last
 * sequence when the replay started, so events arriving meanwhile are not replayed). One subject is the
 * consumer's filter; several (nats-server 2.9 has no filter_subjects) read the stream's subjects and
 * the caller skips the others.
 */
export async function readRange(
  js: JetStreamClient,
  jsm: JetStreamManager,
  o: { subjects: string[]; from: ReplayPoint; to?: ReplayPoint; stopSeq: number; signal?: AbortSignal },
): Promise<RangeRead> {
  const reader = await openEphemeral(js, jsm, {
    name: `${REPLAY_CONSUMER_PREFIX}-${randomUUID().replace(/-/g, '').slice(0, 16)}`,
    filterSubject: o.subjects.length === 1 ? o.subjects[0]! : STREAM_SUBJECTS[0]!,
    start: o.from,
    // long enough for a trigger's retries between two pulls; a crashed replay's consumer goes after it
    inactiveMs: REPLAY_INACTIVE_MS,
  });
  const to = o.to;
  const stop = Math.min(o.stopSeq, to && 'seq' in to ? to.seq : Infinity);
  const toNanos = to && 'time' in to ? BigInt(to.time.getTime()) * 1_000_000n : undefined;
  const startSeq = 'seq' in o.from ? o.from.seq : 1;
  const total = Math.max(0, Math.min(reader.pending, stop - startSeq + 1));
  if (total === 0) {
    await reader.close();
    return { total, messages: (async function* () {})() };
  }
  async function* messages(): AsyncGenerator<JsMsg> {
    try {
      for await (const m of reader.messages()) {
        if (o.signal?.aborted || m.seq > stop) return;
        if (toNanos !== undefined && m.timestampNanos > toNanos) return;
        yield m;
        if (m.seq >= stop || m.info.pending === 0) return;
      }
    } finally {
      await reader.close();
    }
  }
  return { total, messages: messages() };
}
