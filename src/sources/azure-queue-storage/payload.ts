/**
 * The event data of an Azure Queue Storage message, as upstream writes it: `{"body", "messageID",
 * "insertionTime", "metadata"}`. The message text is base64-decoded first with `decodeMessage`; `body`
 * is then the bytes embedded as raw JSON with `jsonBody` (they must be JSON), else a base64 string (Go
 * marshals `[]byte`). `insertionTime` is Go's `time.Time` JSON (RFC 3339 with trailing zero fractions
 * dropped).
 * @module
 */
import { bodyJson, jsonObject, metadataJson } from '../broker/index.js';

export interface QueueMessage {
  messageId: string;
  messageText: string;
  insertedOn: Date;
}

/** The payload bytes, or why the message cannot be an event. */
export function azureQueuePayload(
  m: QueueMessage,
  cfg: { jsonBody?: boolean; decodeMessage?: boolean; metadata?: Record<string, string> },
): Uint8Array | { problem: string } {
  let bytes: Buffer;
  if (cfg.decodeMessage) {
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(m.messageText) || m.messageText.length % 4 !== 0)
      return { problem: 'the message is not base64 (decodeMessage)' };
    bytes = Buffer.from(m.messageText, 'base64');
  } else bytes = Buffer.from(m.messageText, 'utf8');
  const body = bodyJson(bytes, cfg.jsonBody);
  if (body === undefined) return { problem: 'the body is not JSON (jsonBody)' };
  return jsonObject([
    ['body', body],
    ['messageID', JSON.stringify(m.messageId)],
    ['insertionTime', JSON.stringify(goTimeJson(m.insertedOn))],
    ['metadata', metadataJson(cfg.metadata)],
  ]);
}

/** Go's `time.Time` JSON in UTC: RFC 3339 with the fraction's trailing zeros (and a zero fraction) dropped. */
export function goTimeJson(d: Date): string {
  return d.toISOString().replace(/\.(\d*?)0*Z$/, (_, f: string) => (f ? `.${f}Z` : 'Z'));
}
