/**
 * Data payloads of the broker sources, written as JSON text so a message body that is JSON is embedded
 * byte for byte (upstream marshals it as `json.RawMessage`), never re-serialized.
 * @module
 */

/**
 * The `body` of a message as JSON text: with `jsonBody` the bytes themselves, which must be valid JSON
 * (`undefined` otherwise: upstream's marshal fails and the message is dropped); else a base64 string,
 * as Go marshals a `[]byte`.
 */
export function bodyJson(bytes: Uint8Array, jsonBody: boolean | undefined): string | undefined {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (!jsonBody) return JSON.stringify(buf.toString('base64'));
  const text = buf.toString('utf8');
  try {
    JSON.parse(text);
  } catch {
    return undefined;
  }
  return text;
}

/**
 * A JSON object from `[key, jsonText]` pairs in order; pairs whose text is `undefined` are left out
 * (Go's `omitempty`). Returned as bytes, ready for `dispatch`.
 */
export function jsonObject(fields: [string, string | undefined][]): Uint8Array {
  const parts = fields.filter(([, v]) => v !== undefined).map(([k, v]) => `${JSON.stringify(k)}:${v}`);
  return Buffer.from(`{${parts.join(',')}}`, 'utf8');
}

/** `metadata` as JSON text, `undefined` when empty (upstream's `omitempty`). */
export function metadataJson(metadata: Record<string, string> | undefined): string | undefined {
  return metadata && Object.keys(metadata).length > 0 ? JSON.stringify(metadata) : undefined;
}
