/**
 * Turning Slack requests into event data as upstream does with slack-go: interaction callbacks (form
 * `payload`), slash commands (form `command`), and Events API envelopes.
 * @module
 */
import { timingSafeEqual } from 'node:crypto';

/** A failure answered with 500 and counted (upstream's handling of every Slack parse error). */
export class SlackPayloadError extends Error {
  override name = 'SlackPayloadError';
}

/** slack-go's `SlashCommand` JSON, field for field. */
export function slashCommand(form: URLSearchParams): Record<string, unknown> {
  const g = (k: string) => form.get(k) ?? '';
  const out: Record<string, unknown> = {
    token: g('token'),
    team_id: g('team_id'),
    team_domain: g('team_domain'),
  };
  if (g('enterprise_id')) out.enterprise_id = g('enterprise_id');
  if (g('enterprise_name')) out.enterprise_name = g('enterprise_name');
  out.is_enterprise_install = g('is_enterprise_install') === 'true';
  for (const k of [
    'channel_id',
    'channel_name',
    'user_id',
    'user_name',
    'command',
    'text',
    'response_url',
    'trigger_id',
    'api_app_id',
  ])
    out[k] = g(k);
  return out;
}

/** The interaction callback JSON of a form `payload` field. */
export function interaction(payload: string): string {
  try {
    JSON.parse(payload);
  } catch (err) {
    throw new SlackPayloadError(`failed to parse interaction event, ${(err as Error).message}`);
  }
  return payload;
}

/** What to do with an Events API request. */
export type EventsApiOutcome =
  { kind: 'challenge'; challenge: string } | { kind: 'event'; data: string } | { kind: 'ignore' };

/**
 * Parse an Events API envelope. The envelope's verification `token` must equal the configured token
 * (slack-go `OptionVerifyToken`). `event_callback` yields `{"type", "Data"}` (the inner event).
 */
export function eventsApi(body: string, token: string): EventsApiOutcome {
  let e: { token?: unknown; type?: unknown; challenge?: unknown; event?: unknown };
  try {
    e = JSON.parse(body) as typeof e;
    if (e === null || typeof e !== 'object' || Array.isArray(e)) throw new Error('not a JSON object');
  } catch (err) {
    throw new SlackPayloadError(`failed to extract event, ${(err as Error).message}`);
  }
  const given = Buffer.from(typeof e.token === 'string' ? e.token : '');
  const want = Buffer.from(token);
  if (given.length !== want.length || !timingSafeEqual(given, want))
    throw new SlackPayloadError('failed to extract event, invalid verification token');
  if (e.type === 'url_verification')
    return { kind: 'challenge', challenge: typeof e.challenge === 'string' ? e.challenge : '' };
  if (e.type !== 'event_callback') return { kind: 'ignore' };
  const inner = e.event as { type?: unknown } | undefined;
  if (!inner || typeof inner !== 'object')
    throw new SlackPayloadError('failed to extract event, missing inner event');
  return { kind: 'event', data: JSON.stringify({ type: inner.type ?? '', Data: inner }) };
}
