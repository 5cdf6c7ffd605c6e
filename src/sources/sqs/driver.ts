/**
 * The `sqs` type (spec/eventsource.md §4): long-poll the queue (`waitTimeSeconds`, default 3) for
 * batches of 10 and dispatch each message. A message is deleted (one DeleteMessageBatch per batch) only
 * after JetStream stored its event; one the bus refused is left alone, so it comes back when its
 * visibility timeout ends (at-least-once, as upstream). A message that cannot be an event (`jsonBody`
 * and not JSON) is deleted, unless `dlq` is set: then the queue's redrive policy takes it after
 * maxReceiveCount. Receive errors (network, throttling, expired credentials) are retried forever with
 * backoff while health shows the failure; the first GetQueueUrl follows `connectionBackoff`-like
 * defaults, so a wrong queue name or bad credentials fail the start with a clear error.
 * @module
 */
import {
  DeleteMessageBatchCommand,
  GetQueueUrlCommand,
  ReceiveMessageCommand,
  SQSClient,
  type Message,
} from '@aws-sdk/client-sqs';
import { LOG_FIELDS } from '../../api/index.js';
import type { SQSEventSource } from '../../api/index.js';
import { sleep } from '../runtime/retry.js';
import type { ListenerContext, SourceDriver } from '../types.js';
import { awsClientConfig, awsErrorText } from '../aws/index.js';
import {
  brokerClientName,
  connectBackoff,
  InFlight,
  linkReporter,
  reconnectDelayMs,
  withConnectRetry,
} from '../broker/index.js';
import { sourceError } from '../webhook/context.js';
import { sqsPayload } from './payload.js';

/** Upstream's long-poll default (seconds) and batch size. */
export const DEFAULT_WAIT_TIME_SECONDS = 3;
export const BATCH_SIZE = 10;
/** Batches whose delete is still under way while the next ones are received. */
const DELETES_IN_FLIGHT = 4;

export interface SqsDriverOptions {
  /** Test hook: every client the listener makes. */
  onClient?(c: SQSClient): void;
}

export function createSqsDriver(o: SqsDriverOptions = {}): SourceDriver<SQSEventSource> {
  return {
    type: 'sqs',
    async start(ctx) {
      const cfg = ctx.config;
      const client = new SQSClient({
        ...awsClientConfig(cfg, ctx.secrets, brokerClientName(ctx)),
        // the runtime retries; a hung long poll must not outlive its wait by much
        maxAttempts: 1,
        requestHandler: { requestTimeout: (waitSeconds(cfg) + 30) * 1000, connectionTimeout: 10_000 },
      });
      o.onClient?.(client);
      const where = `sqs ${cfg.queue}${cfg.endpoint ? ` at ${cfg.endpoint}` : ` in ${cfg.region}`}`;
      let queueUrl: string | undefined;
      try {
        queueUrl = await withConnectRetry(
          connectBackoff(undefined),
          ctx.signal,
          async () => {
            const r = await client.send(
              new GetQueueUrlCommand({
                QueueName: cfg.queue,
                QueueOwnerAWSAccountId: cfg.queueAccountId || undefined,
              }),
              { abortSignal: ctx.signal },
            );
            if (!r.QueueUrl) throw new Error('GetQueueUrl returned no QueueUrl');
            return r.QueueUrl;
          },
          (err, k) =>
            ctx.logger.warn(
              { attempt: k + 1, reason: awsErrorText(err) },
              `failed to get the url of ${where}`,
            ),
        );
      } catch (err) {
        client.destroy();
        throw sourceError(ctx, `failed to get the url of ${where}: ${awsErrorText(err)}`);
      }
      if (!queueUrl) {
        client.destroy();
        return { stop: () => Promise.resolve() };
      }
      ctx.logger.info({ queueUrl }, 'listening for messages on the queue...');
      const stopping = new AbortController();
      const running = poll(ctx, client, queueUrl, where, stopping.signal);
      return {
        done: running,
        async stop() {
          stopping.abort();
          await running.catch(() => undefined);
          client.destroy();
          ctx.logger.info('event source is stopped');
        },
      };
    },
  };
}

export const sqsDriver = createSqsDriver();

function waitSeconds(cfg: SQSEventSource): number {
  return cfg.waitTimeSeconds ?? DEFAULT_WAIT_TIME_SECONDS;
}

/** Receive, dispatch, delete until `signal` aborts; deletes of earlier batches overlap later receives. */
async function poll(
  ctx: ListenerContext<SQSEventSource>,
  client: SQSClient,
  queueUrl: string,
  where: string,
  signal: AbortSignal,
): Promise<void> {
  const link = linkReporter(ctx, where);
  const backoff = connectBackoff(undefined);
  const deletes = new InFlight(DELETES_IN_FLIGHT);
  let failures = 0;
  while (!signal.aborted) {
    let messages: Message[];
    try {
      const r = await client.send(
        new ReceiveMessageCommand({
          QueueUrl: queueUrl,
          MaxNumberOfMessages: BATCH_SIZE,
          WaitTimeSeconds: waitSeconds(ctx.config),
          MessageAttributeNames: ['All'],
        }),
        { abortSignal: signal },
      );
      messages = r.Messages ?? [];
      if (failures > 0) link.up();
      failures = 0;
    } catch (err) {
      if (signal.aborted) break;
      link.down(new Error(awsErrorText(err)));
      if (!(await sleep(reconnectDelayMs(backoff, ++failures), signal))) break;
      continue;
    }
    if (messages.length === 0) continue;
    // Not abortable: a batch received is dispatched and settled even while stopping.
    const done = await handleBatch(ctx, messages);
    if (done.length === 0) continue;
    await deletes.room();
    deletes.track(deleteBatch(ctx, client, queueUrl, done));
  }
  await deletes.idle();
}

/** Dispatch every message of a batch at once; the ones to delete (stored, or unparseable without dlq). */
async function handleBatch(ctx: ListenerContext<SQSEventSource>, messages: Message[]): Promise<Message[]> {
  const cfg = ctx.config;
  const settled = await Promise.all(
    messages.map(async (m): Promise<boolean> => {
      const started = performance.now();
      try {
        const payload = sqsPayload(m, cfg.jsonBody, cfg.metadata);
        if (payload === undefined) {
          ctx.metrics.processingFailed();
          ctx.logger.error(
            { messageId: m.MessageId, dlq: cfg.dlq === true },
            `failed to process an SQS message: the body is not JSON (jsonBody)${cfg.dlq ? ', left on the queue for its dead-letter queue' : ', deleted'}`,
          );
          return !cfg.dlq;
        }
        await ctx.dispatch(payload);
        return true;
      } catch (err) {
        ctx.logger.error(
          { messageId: m.MessageId, [LOG_FIELDS.error]: err },
          'failed to dispatch an SQS message: it comes back after its visibility timeout',
        );
        return false;
      } finally {
        ctx.metrics.observeSince(started);
      }
    }),
  );
  return messages.filter((_, i) => settled[i]);
}

async function deleteBatch(
  ctx: ListenerContext<SQSEventSource>,
  client: SQSClient,
  queueUrl: string,
  messages: Message[],
): Promise<void> {
  try {
    const r = await client.send(
      new DeleteMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle })),
      }),
    );
    for (const f of r.Failed ?? [])
      ctx.logger.warn(
        { messageId: messages[Number(f.Id)]?.MessageId, code: f.Code, reason: f.Message },
        'failed to delete an SQS message: it will be delivered again',
      );
  } catch (err) {
    ctx.logger.warn(
      { messages: messages.length, reason: awsErrorText(err) },
      'failed to delete SQS messages: they will be delivered again',
    );
  }
}
