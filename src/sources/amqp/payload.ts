/**
 * The data payload of an `amqp` event (upstream `AMQPEventData`): the message properties, exchange and
 * routing key, `body` (embedded JSON with `jsonBody`, else base64) and `metadata`. Absent properties
 * are Go's zero values ("" or 0); `timestamp` is Go's `Time.String()` of the AMQP timestamp.
 * @module
 */
import type { ConsumeMessage } from 'amqplib';
import { formatGoTime } from '../calendar/index.js';
import { bodyJson, jsonObject, metadataJson } from '../broker/index.js';

/** Go's zero `time.Time`, printed when the message has no timestamp. */
export const GO_ZERO_TIME = '0001-01-01 00:00:00 +0000 UTC';

/** Payload bytes, or `undefined` when `jsonBody` is set and the body is not JSON. */
export function amqpPayload(
  msg: ConsumeMessage,
  cfg: { jsonBody?: boolean; metadata?: Record<string, string> },
): Uint8Array | undefined {
  const body = bodyJson(msg.content, cfg.jsonBody);
  if (body === undefined) return undefined;
  const p = msg.properties;
  const str = (v: unknown) => JSON.stringify(v === undefined || v === null ? '' : String(v));
  const int = (v: unknown) => String(typeof v === 'number' ? v : 0);
  const ts =
    typeof p.timestamp === 'number' ? formatGoTime(new Date(p.timestamp * 1000), 'UTC') : GO_ZERO_TIME;
  return jsonObject([
    ['contentType', str(p.contentType)],
    ['contentEncoding', str(p.contentEncoding)],
    ['deliveryMode', int(p.deliveryMode)],
    ['priority', int(p.priority)],
    ['correlationId', str(p.correlationId)],
    ['replyTo', str(p.replyTo)],
    ['expiration', str(p.expiration)],
    ['messageId', str(p.messageId)],
    ['timestamp', JSON.stringify(ts)],
    ['type', str(p.type)],
    ['appId', str(p.appId)],
    ['exchange', str(msg.fields.exchange)],
    ['routingKey', str(msg.fields.routingKey)],
    ['body', body],
    ['metadata', metadataJson(cfg.metadata)],
  ]);
}
