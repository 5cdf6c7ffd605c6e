/**
 * Errors and result types of the publisher, kept apart so callers can import them without the engine.
 * @module
 */
import { BusError } from '../api/errors.js';

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
