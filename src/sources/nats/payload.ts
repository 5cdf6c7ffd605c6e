/**
 * The data payload of a `nats` event: `{"subject", "body", "header" (omitted when there is none),
 * "metadata"}` (upstream `NATSEventData`).
 * @module
 */
import type { MsgHdrs } from '@nats-io/transport-node';
import { bodyJson, jsonObject, metadataJson } from '../broker/index.js';

/** The message parts the payload needs (a core `Msg` and a `JsMsg` both have them). */
export interface NatsMessage {
  subject: string;
  data: Uint8Array;
  headers?: MsgHdrs;
}

/** Payload bytes, or `undefined` when `jsonBody` is set and the body is not JSON (the message is dropped). */
export function natsPayload(
  m: NatsMessage,
  cfg: { jsonBody?: boolean; metadata?: Record<string, string> },
): Uint8Array | undefined {
  const body = bodyJson(m.data, cfg.jsonBody);
  if (body === undefined) return undefined;
  return jsonObject([
    ['subject', JSON.stringify(m.subject)],
    ['body', body],
    ['header', headerJson(m.headers)],
    ['metadata', metadataJson(cfg.metadata)],
  ]);
}

/** Headers as Go's `map[string][]string` marshals them: keys sorted, `undefined` when empty. */
function headerJson(h: MsgHdrs | undefined): string | undefined {
  if (!h) return undefined;
  const keys = h.keys().sort();
  if (keys.length === 0) return undefined;
  const out: Record<string, string[]> = {};
  for (const k of keys) out[k] = h.values(k);
  return JSON.stringify(out);
}
