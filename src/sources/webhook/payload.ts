/**
 * Event data of webhook-style types, written as JSON text around the raw request body so a body is
 * validated once and never re-serialized (spec/README.md §5.1).
 * @module
 */
import { HttpError } from './http.js';

/** `,"metadata":{...}` for a non-empty map, else '' (Go's `omitempty`). Compute once per listener. */
export function metadataSuffix(metadata: Record<string, string> | undefined): string {
  return metadata && Object.keys(metadata).length > 0 ? `,"metadata":${JSON.stringify(metadata)}` : '';
}

/** `{"<headerKey>": headers, "body": <raw JSON>, "metadata"?: ...}` as bytes ready to dispatch. */
export function headersBodyData(
  headerKey: 'header' | 'headers',
  headers: Record<string, string[]>,
  bodyJson: string,
  metaSuffix: string,
): Buffer {
  return Buffer.from(`{"${headerKey}":${JSON.stringify(headers)},"body":${bodyJson}${metaSuffix}}`, 'utf8');
}

/**
 * The body as JSON text, or a 400 with Go's marshal error wording when it is not valid JSON (empty
 * included), counted as a processing failure.
 */
export function requireJson(body: Buffer, message?: string): string {
  const text = body.toString('utf8');
  try {
    JSON.parse(text);
  } catch (err) {
    const why = text.trim() === '' ? 'unexpected end of JSON input' : (err as Error).message;
    throw new HttpError(
      400,
      message ?? `json: error calling MarshalJSON for type *json.RawMessage: ${why}`,
      true,
    );
  }
  return text;
}
