/**
 * A minimal server-sent events reader for the admin stream, collecting what arrives (tests, and tools
 * that follow a running `jetflow run`). `paused` stops reading after the headers, to act as a client
 * that cannot keep up.
 * @module
 */
import { get, type IncomingMessage } from 'node:http';

export interface StreamMessage {
  event: string;
  data: string;
  id?: string;
}

export interface StreamReader {
  readonly status: number;
  readonly messages: StreamMessage[];
  /** Comment lines (`: text`), e.g. heartbeats. */
  readonly comments: string[];
  /** Everything received, as text. */
  readonly raw: () => string;
  readonly closed: boolean;
  close(): void;
}

/** Open `url` and collect its messages until closed. */
export function openStream(
  url: string,
  o: { paused?: boolean; headers?: Record<string, string> } = {},
): Promise<StreamReader> {
  return new Promise((resolve, reject) => {
    const req = get(
      url,
      { headers: { accept: 'text/event-stream', ...o.headers } },
      (res: IncomingMessage) => {
        const chunks: string[] = [];
        let buf = '';
        const reader = {
          status: res.statusCode ?? 0,
          messages: [] as StreamMessage[],
          comments: [] as string[],
          raw: () => chunks.join(''),
          closed: false,
          close: () => req.destroy(),
        };
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          chunks.push(chunk);
          buf += chunk;
          let end: number;
          while ((end = buf.indexOf('\n\n')) >= 0) {
            parseBlock(buf.slice(0, end), reader);
            buf = buf.slice(end + 2);
          }
        });
        const closed = () => void (reader.closed = true);
        res.on('close', closed);
        res.on('error', closed);
        if (o.paused) {
          res.pause();
          res.socket.pause();
        }
        resolve(reader);
      },
    );
    req.on('error', reject);
  });
}

function parseBlock(block: string, r: { messages: StreamMessage[]; comments: string[] }): void {
  const m: StreamMessage = { event: 'message', data: '' };
  const data: string[] = [];
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) r.comments.push(line.slice(1).trim());
    else if (line.startsWith('event: ')) m.event = line.slice(7);
    else if (line.startsWith('data: ')) data.push(line.slice(6));
    else if (line.startsWith('id: ')) m.id = line.slice(4);
  }
  if (data.length) r.messages.push({ ...m, data: data.join('\n') });
}
