/**
 * `/api/v1/stream`: server-sent events to every connected client. Each client's unsent bytes are
 * bounded: a client that cannot keep up (its socket buffer stays above `maxBufferedBytes`) is dropped
 * rather than letting the process buffer without limit; a browser's EventSource reconnects by itself
 * and reloads state through the API. Comment lines keep idle connections (and proxies) alive.
 * @module
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface StreamOptions {
  heartbeatMs: number;
  maxBufferedBytes: number;
  /** Called with the number of connected clients after each change. */
  onClients?: (n: number) => void;
  /** Called when a slow client is dropped. */
  onDropped?: () => void;
}

export class StreamHub {
  private readonly clients = new Set<ServerResponse>();
  private readonly timer: NodeJS.Timeout;
  private seq = 0;

  constructor(private readonly o: StreamOptions) {
    this.timer = setInterval(() => this.writeAll(': heartbeat\n\n'), o.heartbeatMs);
    this.timer.unref();
  }

  get size(): number {
    return this.clients.size;
  }

  /** Take over a request: answer with the event stream and keep it until the client leaves. */
  attach(req: IncomingMessage, res: ServerResponse, headers: Record<string, string>): void {
    res.writeHead(200, {
      ...headers,
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    req.socket.setNoDelay(true);
    res.write(`retry: 2000\n: connected\n\n`);
    this.clients.add(res);
    this.o.onClients?.(this.clients.size);
    const gone = () => {
      if (this.clients.delete(res)) this.o.onClients?.(this.clients.size);
    };
    res.on('close', gone);
    req.on('close', gone);
  }

  /** Send one message (`event:` name, JSON data) to every client. */
  send(type: string, data: unknown): void {
    if (!this.clients.size) return;
    const json = JSON.stringify(data);
    this.writeAll(`id: ${++this.seq}\nevent: ${type}\ndata: ${json}\n\n`);
  }

  /** Transform every outgoing frame (e.g. to scrub secrets) — set by the server. */
  filter: (frame: string) => string = (f) => f;

  private writeAll(frame: string): void {
    const out = this.filter(frame);
    for (const res of this.clients) {
      if (res.writableLength > this.o.maxBufferedBytes) {
        this.drop(res);
        continue;
      }
      res.write(out);
    }
  }

  private drop(res: ServerResponse): void {
    this.clients.delete(res);
    this.o.onClients?.(this.clients.size);
    this.o.onDropped?.();
    res.destroy();
  }

  /** End every stream (server shutdown). */
  close(): void {
    clearInterval(this.timer);
    for (const res of this.clients) res.end();
    this.clients.clear();
    this.o.onClients?.(0);
  }
}
