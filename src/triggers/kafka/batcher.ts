/**
 * `flushFrequency`: messages of concurrent executions are collected for up to `flushMs` (or until
 * `maxSize` of them) and sent in one produce call; each execution resolves when its batch was
 * acknowledged by the brokers (per `requiredAcks`), or rejects with the batch's error.
 * @module
 */
import type { Message, TopicMessages } from 'kafkajs';

interface Queued {
  topic: string;
  message: Message;
  resolve(): void;
  reject(err: unknown): void;
}

export class Batcher {
  private queue: Queued[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly send: (batch: TopicMessages[]) => Promise<unknown>,
    private readonly flushMs: number,
    private readonly maxSize = 1000,
  ) {}

  /** Queue `message` for `topic`; resolves once its batch was sent. */
  add(topic: string, message: Message): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ topic, message, resolve, reject });
      if (this.queue.length >= this.maxSize || this.flushMs <= 0) this.flush();
      else this.timer ??= setTimeout(() => this.flush(), this.flushMs);
    });
  }

  /** Send what is queued now. */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.queue;
    this.queue = [];
    if (batch.length === 0) return;
    const byTopic = new Map<string, Message[]>();
    for (const q of batch) byTopic.set(q.topic, [...(byTopic.get(q.topic) ?? []), q.message]);
    const topicMessages = [...byTopic].map(([topic, messages]) => ({ topic, messages }));
    this.send(topicMessages).then(
      () => batch.forEach((q) => q.resolve()),
      (err: unknown) => batch.forEach((q) => q.reject(err)),
    );
  }

  /** Fail what is queued (the trigger is closing). */
  abort(err: Error): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.queue;
    this.queue = [];
    for (const q of batch) q.reject(err);
  }
}
