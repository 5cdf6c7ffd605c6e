/**
 * Small HTTP helpers of the webhook server: plain-text replies as Go's `http.ResponseWriter` writes them,
 * bounded body reading, and request headers in Go's canonical form (the `header` map of event data).
 * @module
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

/** A request refused with `status` and a plain-text `message` (the reply body). */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** Count it in `events_processing_failed_total` (upstream does for unreadable/invalid bodies). */
    readonly countFailure = false,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/** Upstream's text for a body over `maxPayloadSize` (Go's `http.MaxBytesReader` error). */
export const BODY_TOO_LARGE = 'http: request body too large';

const TEXT_PLAIN = 'text/plain; charset=utf-8';
const NO_HEADERS: Record<string, string> = {};

/**
 * Write a complete plain-text reply. A string body goes to `res.end` as a string so Node writes the head
 * and the body in one `write` (a Buffer body makes it cork and `writev` two chunks); the head is given
 * as a flat array, which Node takes without copying an object.
 */
export function send(
  res: ServerResponse,
  status: number,
  body: string | Buffer,
  headers: Record<string, string> = NO_HEADERS,
  contentType = TEXT_PLAIN,
): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  const length = typeof body === 'string' ? Buffer.byteLength(body, 'utf8') : body.length;
  const head: string[] = ['Content-Type', contentType, 'Content-Length', String(length)];
  for (const k in headers) head.push(k, headers[k]!);
  res.writeHead(status, head);
  res.end(body);
}

/**
 * Read the whole body, refusing more than `limit` bytes with 413 (as early as `Content-Length` tells).
 * The reply then closes the connection; the caller drains what is left (see `route.ts`).
 */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (declared > limit)
    return Promise.reject(new HttpError(413, BODY_TOO_LARGE, true, { Connection: 'close' }));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const cleanup = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
    };
    const onData = (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        cleanup();
        reject(new HttpError(413, BODY_TOO_LARGE, true, { Connection: 'close' }));
        return;
      }
      chunks.push(c);
    };
    const onEnd = () => {
      cleanup();
      resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size));
    };
    const onError = (err: Error) => {
      cleanup();
      reject(new HttpError(400, `failed to read the request body: ${err.message}`, true));
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
  });
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const canonicalCache = new Map<string, string>();

/** Go's `textproto.CanonicalMIMEHeaderKey`: `content-type` → `Content-Type`; invalid keys unchanged. */
export function canonicalHeaderKey(key: string): string {
  const hit = canonicalCache.get(key);
  if (hit !== undefined) return hit;
  let out = key;
  if (TOKEN.test(key)) {
    let upper = true;
    out = '';
    for (const ch of key) {
      out += upper ? ch.toUpperCase() : ch.toLowerCase();
      upper = ch === '-';
    }
  }
  if (canonicalCache.size < 4096) canonicalCache.set(key, out);
  return out;
}

/**
 * Request headers as Go's `http.Header`: canonical names, one array entry per header line, without
 * `Host` (Go moves it to `Request.Host`).
 */
export function canonicalHeaders(req: IncomingMessage): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  const raw = req.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) {
    const k = canonicalHeaderKey(raw[i]!);
    if (k === 'Host') continue;
    const v = raw[i + 1]!;
    const have = out[k];
    if (have) have.push(v);
    else out[k] = [v];
  }
  return out;
}

/** First value of a header (case-insensitive), as Go's `Header.Get`. */
export function headerValue(req: IncomingMessage, name: string): string | undefined {
  return req.headersDistinct[name.toLowerCase()]?.[0];
}

/** A query or form string as Go's `url.Values`: key → every value, in order. */
export function valuesOf(text: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [k, v] of new URLSearchParams(text)) (out[k] ??= []).push(v);
  return out;
}
