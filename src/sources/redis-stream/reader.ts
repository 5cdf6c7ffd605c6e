/**
 * The read loop of a `redisStream` listener (upstream's, made at-least-once): XREADGROUP on every
 * stream, first the consumer's pending entries (id `0-0`, what a crashed run read but never acked),
 * switching a stream to new entries (`>`) once its pending list is empty. An entry is XACKed only after
 * the bus stored its event; when a dispatch fails the stream goes back to its pending entries after a
 * pause, so the entry is tried again without a restart (upstream leaves it until the next start).
 * @module
 */
import type { Redis } from 'ioredis';
import { LOG_FIELDS } from '../../api/index.js';
import type { RedisStreamEventSource } from '../../api/index.js';
import { throttledLog } from '../../bus/index.js';
import { sleep } from '../runtime/retry.js';
import type { ListenerContext } from '../types.js';
import { jsonObject, metadataJson } from '../broker/index.js';
import { fieldGetter, traceOptions } from '../trace-context.js';

/** Upstream's consumer name (one per group; every replica reads as the same consumer). */
export const CONSUMER_NAME = 'argo-events-worker';
export const DEFAULT_CONSUMER_GROUP = 'argo-events-cg';
export const DEFAULT_MAX_MSG_COUNT_PER_READ = 10;
const BLOCK_MS = 2000;
/** Pause after a failed dispatch or read before trying again. */
export const RETRY_PAUSE_MS = 1000;

type Entry = [id: string, fields: string[] | null];
type ReadReply = [stream: string, entries: Entry[]][] | null;

/** Create `group` on every stream at `$` (a missing stream is created empty); an existing group is fine. */
export async function ensureGroups(client: Redis, streams: string[], group: string): Promise<void> {
  for (const stream of streams) {
    try {
      await client.xgroup('CREATE', stream, group, '$', 'MKSTREAM');
    } catch (err) {
      if (!String((err as Error).message).startsWith('BUSYGROUP')) throw err;
    }
  }
}

export class StreamReader {
  private stopped = false;
  private reading = false;
  private readonly stopSignal = new AbortController();
  private readonly cursor: Map<string, string>;
  private readonly group: string;
  private readonly count: number;
  private readonly throttle;
  private readonly metadata: string | undefined;

  constructor(
    private readonly ctx: ListenerContext<RedisStreamEventSource>,
    private readonly client: Redis,
  ) {
    const cfg = ctx.config;
    this.group = cfg.consumerGroup || DEFAULT_CONSUMER_GROUP;
    this.count = cfg.maxMsgCountPerRead || DEFAULT_MAX_MSG_COUNT_PER_READ;
    this.cursor = new Map(cfg.streams.map((s) => [s, '0-0']));
    this.throttle = throttledLog(ctx.logger);
    this.metadata = metadataJson(cfg.metadata);
  }

  /** Read until {@link stop}. */
  async run(): Promise<void> {
    const streams = this.ctx.config.streams;
    while (!this.stopped) {
      let reply: ReadReply;
      try {
        this.reading = true;
        const ids = streams.map((s) => this.cursor.get(s)!);
        reply = (await this.client.call(
          'XREADGROUP',
          'GROUP',
          this.group,
          CONSUMER_NAME,
          'COUNT',
          this.count,
          'BLOCK',
          BLOCK_MS,
          'STREAMS',
          ...streams,
          ...ids,
        )) as ReadReply;
      } catch (err) {
        if (this.stopped) return;
        await this.readFailed(err as Error);
        continue;
      } finally {
        this.reading = false;
      }
      let failed = false;
      for (const [stream, entries] of reply ?? [])
        failed = !(await this.handleBatch(stream, entries)) || failed;
      if (failed) await sleep(RETRY_PAUSE_MS, this.stopSignal.signal);
    }
  }

  /** Stop reading: an idle blocking read is cut off, a batch being handled is finished (and acked). */
  stop(): void {
    this.stopped = true;
    this.stopSignal.abort();
    if (this.reading) this.client.disconnect(false);
  }

  /** Dispatch a batch of one stream together; ack what was stored. False when something failed. */
  private async handleBatch(stream: string, entries: Entry[]): Promise<boolean> {
    if (entries.length === 0) {
      if (this.cursor.get(stream) !== '>')
        this.ctx.logger.info({ stream }, 'no pending entries left, reading new ones');
      this.cursor.set(stream, '>');
      return true;
    }
    const ok = await Promise.all(entries.map((e) => this.handleOne(stream, e)));
    const acked = entries.filter((_, i) => ok[i]).map(([id]) => id);
    if (acked.length > 0) {
      try {
        await this.client.xack(stream, this.group, ...acked);
      } catch (err) {
        // stored but not acked: it comes again from the pending list (at least once)
        this.ctx.logger.error(
          { stream, [LOG_FIELDS.error]: err },
          'failed to acknowledge messages from the Redis stream',
        );
      }
    }
    if (ok.includes(false)) {
      this.cursor.set(stream, '0-0'); // re-read this consumer's pending entries, the failed ones with them
      return false;
    }
    if (this.cursor.get(stream) !== '>') this.cursor.set(stream, entries.at(-1)![0]);
    return true;
  }

  private async handleOne(stream: string, [id, fields]: Entry): Promise<boolean> {
    if (fields === null) {
      // a pending entry deleted from the stream (XDEL/trim): nothing to send, just ack it
      this.ctx.logger.warn({ stream, message_id: id }, 'pending entry no longer exists, acknowledging it');
      return true;
    }
    const started = performance.now();
    try {
      await this.ctx.dispatch(
        jsonObject([
          ['stream', JSON.stringify(stream)],
          ['message_id', JSON.stringify(id)],
          ['values', JSON.stringify(sortedValues(fields))],
          ['metadata', this.metadata],
        ]),
        traceOptions(fieldGetter(fields)),
      );
      return true;
    } catch (err) {
      this.ctx.logger.error(
        { stream, message_id: id, [LOG_FIELDS.error]: err },
        'failed to process Redis stream message',
      );
      return false;
    } finally {
      this.ctx.metrics.observeSince(started);
    }
  }

  private async readFailed(err: Error): Promise<void> {
    this.throttle.log(
      'error',
      err.message,
      { streams: this.ctx.config.streams, [LOG_FIELDS.error]: err },
      'reading streams using XREADGROUP',
    );
    if (err.message.startsWith('NOGROUP')) {
      // the stream or the group was deleted while running: create them again
      await ensureGroups(this.client, this.ctx.config.streams, this.group).catch(() => undefined);
    }
    await sleep(RETRY_PAUSE_MS, this.stopSignal.signal);
  }
}

/** Field/value pairs as Go marshals `map[string]interface{}`: keys sorted, a repeated field's last value. */
function sortedValues(fields: string[]): Record<string, string> {
  const m = new Map<string, string>();
  for (let i = 0; i + 1 < fields.length; i += 2) m.set(fields[i]!, fields[i + 1]!);
  return Object.fromEntries([...m.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
