/**
 * The event data of an SQS message, as upstream writes it: `{"messageId", "messageAttributes", "body",
 * "metadata"}`. `body` is the message text embedded as raw JSON with `jsonBody` (the message must then
 * be JSON), else the text's bytes as a base64 string (Go marshals `[]byte`). `messageAttributes` is Go's
 * marshal of the SDK's attribute structs: exported field names, `null` for what is unset, `null` for no
 * attributes at all.
 * @module
 */
import type { Message, MessageAttributeValue } from '@aws-sdk/client-sqs';
import { bodyJson, jsonObject, metadataJson } from '../broker/index.js';

/** The payload bytes, or `undefined` when `jsonBody` is set and the body is not JSON. */
export function sqsPayload(
  m: Message,
  jsonBody: boolean | undefined,
  metadata: Record<string, string> | undefined,
): Uint8Array | undefined {
  const body = bodyJson(Buffer.from(m.Body ?? '', 'utf8'), jsonBody);
  if (body === undefined) return undefined;
  return jsonObject([
    ['messageId', JSON.stringify(m.MessageId ?? '')],
    ['messageAttributes', attributesJson(m.MessageAttributes)],
    ['body', body],
    ['metadata', metadataJson(metadata)],
  ]);
}

function attributesJson(attrs: Record<string, MessageAttributeValue> | undefined): string {
  if (!attrs || Object.keys(attrs).length === 0) return 'null';
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(attrs).sort()) {
    const a = attrs[k]!;
    out[k] = {
      BinaryListValues: a.BinaryListValues?.length ? a.BinaryListValues.map(b64) : null,
      BinaryValue: a.BinaryValue ? b64(a.BinaryValue) : null,
      DataType: a.DataType ?? null,
      StringListValues: a.StringListValues?.length ? a.StringListValues : null,
      StringValue: a.StringValue ?? null,
    };
  }
  return JSON.stringify(out);
}

function b64(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('base64');
}
