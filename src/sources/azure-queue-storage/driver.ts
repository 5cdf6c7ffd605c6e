/**
 * The `azureQueueStorage` type (spec/eventsource.md §4) with @azure/storage-queue: receive up to 32
 * messages at a time, pausing `waitTimeInSeconds` (default 3) after an empty receive (Azure queues have
 * no long polling). A message is deleted only after JetStream stored its event; one the bus refused is
 * left alone and comes back once its visibility timeout ends. A message that cannot be an event (not
 * base64 with `decodeMessage`, not JSON with `jsonBody`) is deleted, unless `dlq` is set: then it stays
 * (its dequeue count grows, for a poison-queue handler). The connection string comes from a secret and
 * never shows in logs or errors. `storageAccountName` (Azure AD credentials) is not supported yet.
 * @module
 */
import { QueueClient, QueueServiceClient, type DequeuedMessageItem } from '@azure/storage-queue';
import { ConfigError, LOG_FIELDS } from '../../api/index.js';
import type { AzureQueueStorageEventSource } from '../../api/index.js';
import { eventSourceDefaults } from '../../api/index.js';
import { sleep } from '../runtime/retry.js';
import type { ListenerContext, SourceDriver } from '../types.js';
import {
  connectBackoff,
  InFlight,
  linkReporter,
  reconnectDelayMs,
  withConnectRetry,
} from '../broker/index.js';
import { sourceError } from '../webhook/context.js';
import { azureQueuePayload } from './payload.js';

/** Azure's maximum per receive. */
export const BATCH_SIZE = 32;

export interface AzureQueueDriverOptions {
  /** Visibility timeout of received messages, seconds (test hook; Azure's default 30 s otherwise). */
  visibilityTimeoutSeconds?: number;
}

export function createAzureQueueStorageDriver(
  o: AzureQueueDriverOptions = {},
): SourceDriver<AzureQueueStorageEventSource> {
  return {
    type: 'azureQueueStorage',
    async start(ctx) {
      const cfg = ctx.config;
      const queue = queueClient(cfg, ctx);
      const where = `azure queue ${cfg.queueName} at ${queue.accountName}`;
      try {
        const ok = await withConnectRetry(
          connectBackoff(undefined),
          ctx.signal,
          async () => {
            await queue.getProperties({ abortSignal: ctx.signal });
            return true;
          },
          (err, k) =>
            ctx.logger.warn({ attempt: k + 1, reason: azureErrorText(err) }, `failed to reach ${where}`),
        );
        if (!ok) return { stop: () => Promise.resolve() };
      } catch (err) {
        throw sourceError(ctx, `failed to reach ${where}: ${azureErrorText(err)}`);
      }
      ctx.logger.info('listening for messages on the queue...');
      const stopping = new AbortController();
      const running = poll(ctx, queue, where, stopping.signal, o.visibilityTimeoutSeconds);
      return {
        done: running,
        async stop() {
          stopping.abort();
          await running.catch(() => undefined);
          ctx.logger.info('event source is stopped');
        },
      };
    },
  };
}

export const azureQueueStorageDriver = createAzureQueueStorageDriver();

function queueClient(cfg: AzureQueueStorageEventSource, ctx: ListenerContext<unknown>): QueueClient {
  if (!cfg.connectionString)
    throw new ConfigError(
      `${ctx.eventSourceName}/${ctx.eventName}: storageAccountName (Azure AD credentials) is not supported yet; set connectionString`,
    );
  const cs = ctx.secrets.secret(cfg.connectionString);
  try {
    return QueueServiceClient.fromConnectionString(cs).getQueueClient(cfg.queueName);
  } catch {
    // the SDK's message may quote the string: name the field only
    throw new ConfigError(
      `${ctx.eventSourceName}/${ctx.eventName}: connectionString (secret ${cfg.connectionString.name}/${cfg.connectionString.key}) is not a valid Azure Storage connection string`,
    );
  }
}

async function poll(
  ctx: ListenerContext<AzureQueueStorageEventSource>,
  queue: QueueClient,
  where: string,
  signal: AbortSignal,
  visibilityTimeout: number | undefined,
): Promise<void> {
  const link = linkReporter(ctx, where);
  const backoff = connectBackoff(undefined);
  const deletes = new InFlight(BATCH_SIZE * 4);
  const pauseMs =
    (ctx.config.waitTimeInSeconds ?? eventSourceDefaults.azureQueueStorage.waitTimeInSeconds) * 1000;
  let failures = 0;
  while (!signal.aborted) {
    let messages: DequeuedMessageItem[];
    try {
      const r = await queue.receiveMessages({
        numberOfMessages: BATCH_SIZE,
        visibilityTimeout,
        abortSignal: signal,
      });
      messages = r.receivedMessageItems;
      if (failures > 0) link.up();
      failures = 0;
    } catch (err) {
      if (signal.aborted) break;
      link.down(new Error(azureErrorText(err)));
      if (!(await sleep(reconnectDelayMs(backoff, ++failures), signal))) break;
      continue;
    }
    if (messages.length === 0) {
      if (!(await sleep(pauseMs, signal))) break;
      continue;
    }
    const settled = await Promise.all(messages.map((m) => handle(ctx, m)));
    for (let i = 0; i < messages.length; i++) {
      if (!settled[i]) continue;
      await deletes.room();
      deletes.track(remove(ctx, queue, messages[i]!));
    }
  }
  await deletes.idle();
}

/** Dispatch one message; whether to delete it (stored, or unusable without dlq). */
async function handle(
  ctx: ListenerContext<AzureQueueStorageEventSource>,
  m: DequeuedMessageItem,
): Promise<boolean> {
  const cfg = ctx.config;
  const started = performance.now();
  try {
    const payload = azureQueuePayload(m, cfg);
    if ('problem' in payload) {
      ctx.metrics.processingFailed();
      ctx.logger.error(
        { messageID: m.messageId, dequeueCount: m.dequeueCount },
        `failed to process an Azure Queue Storage message: ${payload.problem}${cfg.dlq ? ', left on the queue (dlq)' : ', deleted'}`,
      );
      return !cfg.dlq;
    }
    await ctx.dispatch(payload);
    return true;
  } catch (err) {
    ctx.logger.error(
      { messageID: m.messageId, [LOG_FIELDS.error]: err },
      'failed to dispatch an Azure Queue Storage message: it comes back after its visibility timeout',
    );
    return false;
  } finally {
    ctx.metrics.observeSince(started);
  }
}

async function remove(
  ctx: ListenerContext<unknown>,
  queue: QueueClient,
  m: DequeuedMessageItem,
): Promise<void> {
  try {
    await queue.deleteMessage(m.messageId, m.popReceipt);
  } catch (err) {
    ctx.logger.warn(
      { messageID: m.messageId, reason: azureErrorText(err) },
      'failed to delete an Azure Queue Storage message: it will be delivered again',
    );
  }
}

/** A RestError's status and code (its message can quote request details; never the key). */
function azureErrorText(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const e = err as { statusCode?: number; code?: string };
  const first = err.message.split('\n')[0];
  return [e.code, e.statusCode && `HTTP ${e.statusCode}`, first].filter(Boolean).join(': ');
}
