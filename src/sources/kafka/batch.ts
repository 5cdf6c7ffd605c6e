/**
 * One fetched batch of one partition → events. Messages are dispatched concurrently in chunks (the
 * bus pipelines the publishes), then the offsets of the stored prefix are resolved and, in group
 * mode, committed: an offset is committed only after JetStream stored its event and every event
 * before it. A bus failure stops the batch there; the partition is sought back to the first failed
 * offset and read again after a pause (upstream: the claim loop stops, the message is consumed again).
 * @module
 */
import type { EachBatchPayload, KafkaMessage } from 'kafkajs';
import { kafkaEventId, LOG_FIELDS } from '../../api/index.js';
import type { KafkaEventSource } from '../../api/index.js';
import { sleep } from '../runtime/retry.js';
import type { ListenerContext } from '../types.js';
import { kafkaPayload } from './payload.js';

/** Messages dispatched at once before their offsets are resolved (bounds the window). */
export const CHUNK = 256;
/** Pause before a partition whose event the bus refused is read again (no hot loop on an outage). */
export const RETRY_PAUSE_MS = 1000;

type Outcome = 'ok' | 'skip' | 'retry';

export interface BatchOptions {
  /** Commit resolved offsets (group mode); partition mode keeps no offsets. */
  commit: boolean;
  /** Wait before each message (limitEventsPerSecond), or none. */
  pace?: () => Promise<unknown>;
  /** Go back to `offset` of the batch's partition (the consumer's seek). */
  seek(topic: string, partition: number, offset: string): void;
  signal: AbortSignal;
}

/** The `eachBatch` handler of a listener. */
export function batchHandler(ctx: ListenerContext<KafkaEventSource>, o: BatchOptions) {
  const handle = messageHandler(ctx);
  return async (p: EachBatchPayload): Promise<void> => {
    const { topic, partition, messages } = p.batch;
    for (let at = 0; at < messages.length; at += CHUNK) {
      if (!p.isRunning() || p.isStale()) return;
      const chunk = messages.slice(at, at + CHUNK);
      const pending: Promise<Outcome>[] = [];
      for (const m of chunk) {
        if (o.pace) await o.pace();
        pending.push(handle(topic, partition, m));
      }
      const outcomes = await Promise.all(pending);
      const failed = outcomes.indexOf('retry');
      const stored = failed < 0 ? chunk : chunk.slice(0, failed);
      const last = stored.at(-1);
      if (last) {
        p.resolveOffset(last.offset);
        if (o.commit)
          await p.commitOffsetsIfNecessary({
            topics: [{ topic, partitions: [{ partition, offset: (BigInt(last.offset) + 1n).toString() }] }],
          });
      }
      if (failed >= 0) {
        o.seek(topic, partition, chunk[failed]!.offset);
        await sleep(RETRY_PAUSE_MS, o.signal);
        return;
      }
      await p.heartbeat();
    }
  };
}

function messageHandler(ctx: ListenerContext<KafkaEventSource>) {
  const cfg = ctx.config;
  return async (topic: string, partition: number, m: KafkaMessage): Promise<Outcome> => {
    const started = performance.now();
    const at = { topic, partition, offset: m.offset };
    try {
      const payload = kafkaPayload(topic, partition, m, cfg);
      if (!payload) {
        ctx.metrics.processingFailed();
        ctx.logger.error(
          at,
          'failed to marshal the event data, rejecting the event: the value is not JSON (jsonBody)',
        );
        return 'skip';
      }
      const id = kafkaEventId(ctx.eventSourceName, ctx.eventName, cfg.url, topic, partition, m.offset);
      await ctx.dispatch(payload, { id });
      return 'ok';
    } catch (err) {
      ctx.logger.error(
        { ...at, [LOG_FIELDS.error]: err },
        'failed to dispatch a kafka event, reading it again',
      );
      return 'retry';
    } finally {
      ctx.metrics.observeSince(started);
    }
  };
}
