/**
 * An ephemeral pull consumer for reading part of the stream once, in order (replays): no acks, in
 * memory, and removed by the server after `inactiveMs` should the reader die before deleting it.
 * Unlike the durables of consumer.ts it leaves no state behind.
 * @module
 */
import { AckPolicy, DeliverPolicy, type ConsumerConfig, type JsMsg } from '@nats-io/jetstream';
import type { JetStreamClient, JetStreamManager } from '@nats-io/jetstream';
import { STREAM_NAME } from '../api/index.js';

export interface EphemeralSpec {
  name: string;
  filterSubject: string;
  /** First stream sequence, or the first message stored at or after this time. */
  start: { seq: number } | { time: Date };
  /** Removed by the server after this long without a pull (default 30 000 ms). */
  inactiveMs?: number;
}

export interface EphemeralReader {
  /** Messages the consumer had to deliver when it was created. */
  readonly pending: number;
  /** The messages in stream order; pulls until the caller stops iterating. */
  messages(batch?: number): AsyncIterable<JsMsg>;
  /** Delete the consumer (idempotent, never throws). */
  close(): Promise<void>;
}

export async function openEphemeral(
  js: JetStreamClient,
  jsm: JetStreamManager,
  spec: EphemeralSpec,
): Promise<EphemeralReader> {
  const config: Partial<ConsumerConfig> = {
    name: spec.name,
    filter_subject: spec.filterSubject,
    ack_policy: AckPolicy.None,
    inactive_threshold: (spec.inactiveMs ?? 30_000) * 1e6,
    mem_storage: true,
    ...('seq' in spec.start
      ? { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: spec.start.seq }
      : { deliver_policy: DeliverPolicy.StartTime, opt_start_time: spec.start.time.toISOString() }),
  };
  const info = await jsm.consumers.add(STREAM_NAME, config);
  let closed: Promise<void> | undefined;
  const close = () =>
    (closed ??= jsm.consumers.delete(STREAM_NAME, spec.name).then(
      () => undefined,
      () => undefined,
    ));
  return {
    pending: info.num_pending,
    async *messages(batch = 256) {
      const consumer = await js.consumers.get(STREAM_NAME, spec.name);
      const iter = await consumer.consume({ max_messages: batch });
      try {
        yield* iter;
      } finally {
        await iter.close().catch(() => undefined);
      }
    },
    close,
  };
}
