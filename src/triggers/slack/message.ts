/**
 * The `chat.postMessage` body of a slack trigger, as notifications-engine builds it from upstream's
 * SlackTrigger (text, sender username and icon, attachments, blocks).
 * @module
 */
import type { SlackTrigger } from '../../api/index.js';

/** A body that cannot be built; not retryable. */
export class SlackMessageError extends Error {
  override name = 'SlackMessageError';
}

const ICON_EMOJI = /^:.+:$/;

/**
 * The message body without `channel`/`thread_ts` (the driver adds those). An icon that is neither
 * `:emoji:` nor an http(s) URL is dropped with `warn` called, as upstream logs and ignores it.
 * @throws {SlackMessageError}
 */
export function messageBody(t: SlackTrigger, warn: (msg: string) => void): Record<string, unknown> {
  const body: Record<string, unknown> = { text: t.message ?? '' };
  const sender = t.sender;
  if (sender?.username) body.username = sender.username;
  const icon = sender?.icon;
  if (icon) {
    if (ICON_EMOJI.test(icon)) body.icon_emoji = icon;
    else if (isHttpUrl(icon)) body.icon_url = icon;
    else warn(`Icon reference '${icon}' is not a valid emoji or url`);
  }
  for (const k of ['attachments', 'blocks'] as const) {
    const text = t[k];
    if (!text) continue;
    let v: unknown;
    try {
      v = JSON.parse(text);
    } catch (err) {
      throw new SlackMessageError(`failed to unmarshal ${k}: ${(err as Error).message}`);
    }
    if (!Array.isArray(v)) throw new SlackMessageError(`failed to unmarshal ${k}: expected a JSON array`);
    if (v.length > 0) body[k] = v;
  }
  return body;
}

function isHttpUrl(s: string): boolean {
  try {
    const u = new URL(s);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.host !== '';
  } catch {
    return false;
  }
}
