/**
 * The `kafka` trigger (spec/sensor.md §10 `kafka`; argo-events `pkg/sensors/triggers/kafka`): the
 * payload built from `payload` (after `parameters`), keyed by `partitioningKey` (placed with upstream's
 * hash partitioner), with the static `headers`, `secureHeaders` and jetflow's idempotency headers.
 * Executions within `flushFrequency` ms share one produce call (batcher.ts). Unlike upstream (queued
 * = success) an execution succeeds once the brokers acknowledged its batch per `requiredAcks` (0 →
 * all in-sync replicas, upstream's default). `compress` uses gzip: kafkajs has no snappy codec built
 * in. `partition` is deprecated and ignored, as upstream.
 * @module
 */
import { CompressionTypes, Kafka, logLevel, type KafkaConfig, type Producer } from 'kafkajs';
import { kafkaClientId, LOG_FIELDS } from '../../api/index.js';
import type { KafkaTrigger, SecretStore } from '../../api/index.js';
import { kafkaClientConfig, kafkaWhere } from '../../sources/kafka/index.js';
import { applyParameters, constructPayload } from '../../sensors/index.js';
import { describeError, idempotencyHeaders, triggerError } from '../http/index.js';
import type { PreparedTrigger, TriggerContext, TriggerDriver, TriggerEvent } from '../types.js';
import { Batcher } from './batcher.js';
import { saramaHashPartitioner } from './partitioner.js';

const TYPE = 'kafka';
/** Upstream's flushFrequency default (ms). */
export const DEFAULT_FLUSH_MS = 500;

export interface KafkaDriverOptions {
  /** Connection and request timeout. @default 10000 */
  timeoutMs?: number;
}

export function createKafkaDriver(opts: KafkaDriverOptions = {}): TriggerDriver<KafkaTrigger> {
  const timeoutMs = opts.timeoutMs ?? 10_000;
  return {
    type: TYPE,
    prepare(template, ctx) {
      try {
        // client settings (TLS, SASL) are read once; the url may still come from parameters
        const base = (url: string) =>
          kafkaClientConfig(
            { ...template, url },
            ctx.secrets,
            kafkaClientId(ctx.namespace, ctx.sensorName, ctx.triggerName),
          );
        base(template.url ?? '');
        return Promise.resolve(new PreparedKafka(base, template, ctx.secrets, timeoutMs));
      } catch (err) {
        return Promise.reject(
          triggerError(TYPE, ctx, `failed to prepare the producer: ${describeError(err)}`, false),
        );
      }
    },
  };
}

export const kafkaDriver = createKafkaDriver();

interface Conn {
  url: string;
  producer: Producer;
  ready: Promise<void>;
  batcher: Batcher;
}

class PreparedKafka implements PreparedTrigger<KafkaTrigger> {
  private conn?: Conn;

  constructor(
    private readonly config: (url: string) => KafkaConfig,
    private readonly template: KafkaTrigger,
    private readonly secrets: SecretStore,
    private readonly timeoutMs: number,
  ) {}

  async execute(resolved: KafkaTrigger, events: Record<string, TriggerEvent>, ctx: TriggerContext) {
    let value: string;
    let t: KafkaTrigger;
    try {
      t = applyParameters(resolved, resolved.parameters, events);
      if (!t.payload) throw new Error('payload parameters are not specified');
      value = constructPayload(t.payload, events);
    } catch (err) {
      throw triggerError(TYPE, ctx, describeError(err), false, err);
    }
    if (!t.url) throw triggerError(TYPE, ctx, 'broker url must not be empty', false);
    if (!t.topic) throw triggerError(TYPE, ctx, 'topic must not be empty', false);
    const headers: Record<string, string> = { ...idempotencyHeaders(ctx, events), ...t.headers };
    for (const h of this.template.secureHeaders ?? []) {
      const from = h.valueFrom;
      const v = from?.secretKeyRef
        ? this.secrets.secret(from.secretKeyRef)
        : from?.configMapKeyRef
          ? this.secrets.configMap(from.configMapKeyRef)
          : undefined;
      if (h.name && v !== undefined) headers[h.name] = v;
    }
    const conn = this.connection(t.url);
    const where = kafkaWhere(t.url);
    const sent = conn.ready.then(() =>
      conn.batcher.add(t.topic!, { key: t.partitioningKey ?? null, value, headers }),
    );
    await this.bounded(sent, ctx, `produce to topic "${t.topic}" on ${where} failed`);
    ctx.logger.debug({ [LOG_FIELDS.triggerType]: TYPE, topic: t.topic }, 'produced');
    return { summary: `produced to ${t.topic}` };
  }

  private connection(url: string): Conn {
    if (this.conn && this.conn.url !== url) void this.close();
    if (this.conn) return this.conn;
    const kafka = new Kafka({
      ...this.config(url),
      logLevel: logLevel.NOTHING,
      connectionTimeout: this.timeoutMs,
      requestTimeout: this.timeoutMs,
      retry: { retries: 2, initialRetryTime: 200 },
    });
    const producer = kafka.producer({
      createPartitioner: saramaHashPartitioner,
      allowAutoTopicCreation: true,
    });
    const acks = this.template.requiredAcks ? this.template.requiredAcks : -1;
    const compression = this.template.compress ? CompressionTypes.GZIP : CompressionTypes.None;
    const flushMs = this.template.flushFrequency ?? DEFAULT_FLUSH_MS;
    const batcher = new Batcher(
      (topicMessages) => producer.sendBatch({ topicMessages, acks, compression }),
      flushMs,
    );
    const conn: Conn = { url, producer, batcher, ready: producer.connect() };
    // a failed connect is not cached: the next execution connects again
    conn.ready.catch(() => {
      if (this.conn === conn) this.conn = undefined;
      void producer.disconnect().catch(() => undefined);
    });
    this.conn = conn;
    return conn;
  }

  /** Await `p` within the timeout and the stop signal. */
  private async bounded<T>(p: Promise<T>, ctx: TriggerContext, what: string): Promise<T> {
    const signal = AbortSignal.any([ctx.signal, AbortSignal.timeout(this.timeoutMs * 3)]);
    let onAbort!: () => void;
    const aborted = new Promise<never>((_, reject) => {
      onAbort = () => reject(new Error(ctx.signal.aborted ? 'stopping' : 'timed out'));
      if (signal.aborted) onAbort();
      else signal.addEventListener('abort', onAbort, { once: true });
    });
    try {
      return await Promise.race([p, aborted]);
    } catch (err) {
      throw triggerError(TYPE, ctx, `${what}: ${describeError(err)}`, isRetryable(err), err);
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
  }

  async close() {
    const c = this.conn;
    this.conn = undefined;
    if (!c) return;
    c.batcher.flush();
    await c.producer.disconnect().catch(() => undefined);
  }
}

/** A refused login stays refused; connection, timeout and leader errors may pass next time. */
function isRetryable(err: unknown): boolean {
  for (let e = err, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++)
    if (/SASL|authenticat|authoriz/i.test(e.message)) return false;
  return true;
}
