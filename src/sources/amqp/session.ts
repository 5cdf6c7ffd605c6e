/**
 * One AMQP session of a listener: a connection and a channel with the exchange, queue and binding
 * declared and the consumer started. `closed` settles with the reason when the broker link goes away
 * (connection or channel closed, consumer cancelled by the broker).
 * @module
 */
import type { Duplex } from 'node:stream';
import amqp, { type Channel, type ChannelModel, type ConsumeMessage } from 'amqplib';
import type { AmqpSettings } from './settings.js';

/** Unacked deliveries the broker hands out at once when acking manually (upstream sets no limit). */
export const PREFETCH = 256;
/** Longest wait for the broker to confirm a close. */
const CLOSE_WAIT_MS = 2000;

export interface AmqpSession {
  conn: ChannelModel;
  ch: Channel;
  consumerTag: string;
  /** The queue consumed (server-named when `queueDeclare.name` is empty). */
  queue: string;
  /** Resolves with why the link ended (never rejects). */
  closed: Promise<Error>;
  /** Stop consuming and close the connection. */
  close(): Promise<void>;
  /** Drop a lost connection at once (no close handshake). */
  abandon(): void;
}

/** Connect, declare and consume; `onMessage` gets each delivery with the channel to settle it on. */
export async function openSession(
  s: AmqpSettings,
  onMessage: (ch: Channel, msg: ConsumeMessage) => void,
): Promise<AmqpSession> {
  const conn = await amqp.connect(s.url, s.socketOptions);
  let end!: (e: Error) => void;
  const closed = new Promise<Error>((r) => (end = r));
  // 'error' comes before 'close'; listening to it also keeps it from being thrown
  conn.on('error', (e: Error) => end(e));
  conn.on('close', (e?: Error) => end(e ?? new Error('connection closed')));
  // amqplib notices a socket closed without an error or end of stream only by the missed heartbeats:
  // report it as the socket error it is, so amqplib closes the connection (and its timers) at once
  const socket = socketOf(conn);
  socket?.once('close', () => socket.emit('error', new Error('socket closed')));
  try {
    const ch = await conn.createChannel();
    ch.on('error', (e: Error) => end(e));
    ch.on('close', () => end(new Error('channel closed')));
    if (!s.consume.autoAck) await ch.prefetch(PREFETCH);
    const x = s.exchange;
    await ch.assertExchange(x.name, x.type, {
      durable: x.durable,
      autoDelete: x.autoDelete,
      internal: x.internal,
    });
    const q = s.queue;
    const { queue } = await ch.assertQueue(q.name, {
      durable: q.durable,
      autoDelete: q.autoDelete,
      exclusive: q.exclusive,
      arguments: q.arguments,
    });
    await ch.bindQueue(queue, x.name, s.routingKey);
    const c = s.consume;
    const { consumerTag } = await ch.consume(
      queue,
      (msg) => {
        if (msg) onMessage(ch, msg);
        else end(new Error(`the broker cancelled the consumer of queue ${queue}`));
      },
      {
        consumerTag: c.consumerTag || undefined,
        noAck: c.autoAck,
        exclusive: c.exclusive,
        noLocal: c.noLocal,
      },
    );
    return {
      conn,
      ch,
      consumerTag,
      queue,
      closed,
      async close() {
        // a broken link never answers close-ok: do not wait for it longer than a moment
        const timer = new Promise<void>((r) => setTimeout(r, CLOSE_WAIT_MS).unref());
        await Promise.race([conn.close().catch(() => undefined), timer]);
        socketOf(conn)?.destroy();
      },
      abandon() {
        socketOf(conn)?.destroy();
      },
    };
  } catch (err) {
    await conn.close().catch(() => undefined);
    throw err;
  }
}

/** The connection's socket (amqplib keeps it as `connection.stream`). */
export function socketOf(conn: ChannelModel): Duplex | undefined {
  return (conn.connection as unknown as { stream?: Duplex }).stream;
}
