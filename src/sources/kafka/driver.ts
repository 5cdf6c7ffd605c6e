/**
 * The `kafka` type (spec/eventsource.md §3.12) on kafkajs. Group mode (`consumerGroup`): a member of
 * the group, offsets committed only after the bus stored the events (see batch.ts). Partition mode: a
 * group of its own (kafkajs reads only through groups) holding just `partition`, from the newest
 * offset, committing nothing, as upstream's plain partition consumer. The first connection follows
 * `connectionBackoff` and its error names the brokers; later losses are retried by kafkajs, forever,
 * while the listener's health follows the link. A crash kafkajs does not restart ends the listener
 * (`done` rejects) and the runtime starts it again with its backoff.
 * @module
 */
import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { kafkaClientId, kafkaPartitionGroup, LOG_FIELDS } from '../../api/index.js';
import type { KafkaEventSource } from '../../api/index.js';
import { sleep } from '../runtime/retry.js';
import type { Listener, ListenerContext, SourceDriver } from '../types.js';
import { connectBackoff, linkReporter, withConnectRetry, type LinkReporter } from '../broker/index.js';
import { assignersFor, singlePartitionAssigner } from './assigners.js';
import { batchHandler } from './batch.js';
import { kafkaClientConfig, kafkaWhere } from './client.js';

export const kafkaDriver: SourceDriver<KafkaEventSource> = {
  type: 'kafka',
  async start(ctx) {
    const cfg = ctx.config;
    const where = kafkaWhere(cfg.url);
    const kafka = new Kafka({
      ...kafkaClientConfig(cfg, ctx.secrets, kafkaClientId(ctx.eventSourceName, ctx.eventName)),
      logLevel: logLevel.NOTHING, // its lines are the link's state: reported through `link` below
      retry: { retries: 5, initialRetryTime: 300, maxRetryTime: 30_000 },
    });
    const group = cfg.consumerGroup;
    const partition = group ? undefined : Number(cfg.partition);
    const { assigners, fallback } = assignersFor(group?.rebalanceStrategy);
    if (fallback)
      ctx.logger.warn('rebalanceStrategy "sticky" is not available in kafkajs: using "range" instead');
    const consumer = kafka.consumer({
      groupId: group
        ? group.groupName
        : kafkaPartitionGroup(ctx.eventSourceName, ctx.eventName, randomUUID().slice(0, 8)),
      partitionAssigners: partition === undefined ? assigners : [singlePartitionAssigner(partition)],
    });
    ctx.logger.info({ broker: where }, 'connecting to the kafka cluster...');
    const backoff = connectBackoff(cfg.connectionBackoff);
    const connected = await withConnectRetry(
      backoff,
      ctx.signal,
      async () => {
        try {
          await consumer.connect();
          if (partition !== undefined) await checkPartition(kafka, cfg.topic, partition);
          return true;
        } catch (err) {
          await consumer.disconnect().catch(() => undefined);
          throw new Error(`cannot reach ${where}: ${(err as Error).message}`, { cause: err });
        }
      },
      (err, k) =>
        ctx.logger.warn(
          { [LOG_FIELDS.error]: err, attempt: k + 1 },
          'failed to connect to the kafka cluster',
        ),
    );
    if (!connected) return { stop: () => Promise.resolve() };
    try {
      return await listen(ctx, consumer, linkReporter(ctx, where), group ? !!group.oldest : false);
    } catch (err) {
      await consumer.disconnect().catch(() => undefined);
      throw err;
    }
  },
};

/** Upstream's partition consumer fails when the partition does not exist. */
async function checkPartition(kafka: Kafka, topic: string, partition: number): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const meta = await admin.fetchTopicMetadata({ topics: [topic] });
    const ids = meta.topics[0]?.partitions.map((p) => p.partitionId) ?? [];
    if (!ids.includes(partition))
      throw new Error(`partition ${partition} of topic "${topic}" does not exist (it has ${ids.length})`);
  } finally {
    await admin.disconnect();
  }
}

async function listen(
  ctx: ListenerContext<KafkaEventSource>,
  consumer: Consumer,
  link: LinkReporter,
  fromBeginning: boolean,
): Promise<Listener> {
  const cfg = ctx.config;
  const stopping = new AbortController();
  let fatal!: (err: Error) => void;
  const done = new Promise<void>((_, reject) => (fatal = reject));
  done.catch(() => undefined);
  consumer.on(consumer.events.GROUP_JOIN, (e) => {
    link.up();
    const partitions = e.payload.memberAssignment[cfg.topic] ?? [];
    ctx.logger.info({ topic: cfg.topic, partitions }, 'joined the kafka consumer group');
  });
  consumer.on(consumer.events.CRASH, (e) => {
    if (stopping.signal.aborted) return;
    link.down(e.payload.error);
    if (!e.payload.restart) fatal(new Error(`the kafka consumer stopped: ${e.payload.error.message}`));
  });
  const perSecond = group(cfg) ? (cfg.limitEventsPerSecond ?? 0) : 0;
  const pace = perSecond > 0 ? () => sleep(1000 / perSecond, stopping.signal) : undefined;
  await consumer.subscribe({ topics: [cfg.topic], fromBeginning });
  const eachBatch = batchHandler(ctx, {
    commit: group(cfg),
    pace,
    signal: stopping.signal,
    seek: (topic, partition, offset) => consumer.seek({ topic, partition, offset }),
  });
  await consumer.run({ autoCommit: false, eachBatchAutoResolve: false, eachBatch });
  link.up();
  if (cfg.jsonBody) ctx.logger.info('assuming all events have a json body...');
  return {
    async stop() {
      stopping.abort();
      // waits for the batch under way (its events stored, its offsets committed), then leaves the group
      await consumer.disconnect();
      ctx.logger.info('event source is stopped');
    },
    done,
  };
}

const group = (cfg: KafkaEventSource) => cfg.consumerGroup !== undefined;
