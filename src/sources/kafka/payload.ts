/**
 * The data payload of a `kafka` event (upstream `KafkaEventData`): `{"topic", "key", "partition",
 * "body", "timestamp", "headers", "metadata"}`. `key` is the key bytes as text ("" without one),
 * `timestamp` Go's `Time.String()` of the record timestamp, `headers` every record header as text
 * (keys sorted, as Go marshals a map; `{}` when there is none), `body` embedded JSON with `jsonBody`,
 * else base64.
 * @module
 */
import type { KafkaMessage } from 'kafkajs';
import { formatGoTime } from '../calendar/index.js';
import { bodyJson, jsonObject, metadataJson } from '../broker/index.js';

/** Payload bytes, or `undefined` when `jsonBody` is set and the value is not JSON. */
export function kafkaPayload(
  topic: string,
  partition: number,
  m: Pick<KafkaMessage, 'key' | 'value' | 'timestamp' | 'headers'>,
  cfg: { jsonBody?: boolean; metadata?: Record<string, string> },
): Uint8Array | undefined {
  const body = bodyJson(m.value ?? new Uint8Array(0), cfg.jsonBody);
  if (body === undefined) return undefined;
  return jsonObject([
    ['topic', JSON.stringify(topic)],
    ['key', JSON.stringify(m.key ? m.key.toString('utf8') : '')],
    ['partition', String(partition)],
    ['body', body],
    ['timestamp', JSON.stringify(formatGoTime(new Date(Number(m.timestamp)), 'UTC'))],
    ['headers', headersJson(m.headers)],
    ['metadata', metadataJson(cfg.metadata)],
  ]);
}

/** Headers as `map[string]string`: a repeated key keeps its last value, as upstream's loop does. */
function headersJson(h: KafkaMessage['headers']): string {
  const out: Record<string, string> = {};
  for (const k of Object.keys(h ?? {}).sort()) {
    const v = h![k];
    const last = Array.isArray(v) ? v.at(-1) : v;
    out[k] = last === undefined ? '' : Buffer.isBuffer(last) ? last.toString('utf8') : String(last);
  }
  return JSON.stringify(out);
}
