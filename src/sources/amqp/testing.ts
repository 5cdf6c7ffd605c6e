/**
 * Test support for the amqp source: an admin connection to this machine's RabbitMQ that publishes and
 * deletes (at the end) every exchange and queue the test named. Never imported by the runtime.
 * @module
 */
import { randomUUID } from 'node:crypto';
import amqp, { type Channel, type ChannelModel, type Options } from 'amqplib';
import { services } from '../../../test/harness/index.js';

export interface AmqpAdmin {
  ch: Channel;
  /** A fresh name, deleted as exchange and as queue by `close()`. */
  name(prefix?: string): string;
  publish(exchange: string, routingKey: string, body: string | Buffer, opts?: Options.Publish): void;
  /** Ready (not unacked) messages of a queue. */
  ready(queue: string): Promise<number>;
  close(): Promise<void>;
}

export async function amqpAdmin(url = services.amqp): Promise<AmqpAdmin> {
  const conn: ChannelModel = await amqp.connect(url);
  const ch = await conn.createChannel();
  const names: string[] = [];
  return {
    ch,
    name(prefix = 'jetflow-test') {
      const n = `${prefix}-${randomUUID()}`;
      names.push(n);
      return n;
    },
    publish(exchange, routingKey, body, opts) {
      ch.publish(exchange, routingKey, Buffer.isBuffer(body) ? body : Buffer.from(body), opts);
    },
    async ready(queue) {
      return (await ch.checkQueue(queue)).messageCount;
    },
    async close() {
      for (const n of names) {
        await ch.deleteQueue(n).catch(() => undefined);
        await ch.deleteExchange(n).catch(() => undefined);
      }
      await conn.close();
    },
  };
}
