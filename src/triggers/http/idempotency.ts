/**
 * Values that let a receiver drop an at-least-once repeat: every attempt and every redelivery of the
 * same firing of the same trigger carries the same values; another trigger (or the dead-letter
 * trigger) fired by the same events gets another key, so a receiver never confuses the two.
 * @module
 */
import { createHash } from 'node:crypto';
import type { TriggerContext, TriggerEvent } from '../types.js';

// Wire names live in src/api/names.ts; re-exported for the drivers that use this module.
import {
  EVENT_ID_HEADER,
  IDEMPOTENCY_KEY_HEADER,
  REPLAY_HEADER,
  replayIdempotencySuffix,
} from '../../api/index.js';
export { EVENT_ID_HEADER, IDEMPOTENCY_KEY_HEADER, REPLAY_HEADER };

type Events = Readonly<Record<string, TriggerEvent>>;
type Who = Pick<TriggerContext, 'namespace' | 'sensorName' | 'triggerName'> &
  Partial<Pick<TriggerContext, 'replayId'>>;

/** The event ids of a firing in dependency-name order. */
export function eventIds(events: Events): string[] {
  return Object.keys(events)
    .sort()
    .map((dep) => events[dep]!.context.id);
}

/**
 * The idempotency key: lower-case hex SHA-256 of the lines `<namespace>/<sensor>/<trigger>` and
 * `<dependency>=<event id>` for each dependency in name order, each line ending in `\n`; a replayed
 * execution appends `:replay-<replay id>` (names.ts), so it is not dropped as a repeat of the original.
 */
export function idempotencyKey(who: Who, events: Events): string {
  const h = createHash('sha256');
  h.update(`${who.namespace}/${who.sensorName}/${who.triggerName}\n`);
  for (const d of Object.keys(events).sort()) h.update(`${d}=${events[d]!.context.id}\n`);
  const key = h.digest('hex');
  return who.replayId ? key + replayIdempotencySuffix(who.replayId) : key;
}

/** Both headers for a firing (none when there are no events). */
export function idempotencyHeaders(who: Who, events: Events): Record<string, string> {
  if (Object.keys(events).length === 0) return {};
  return {
    [EVENT_ID_HEADER]: eventIds(events).join(','),
    [IDEMPOTENCY_KEY_HEADER]: idempotencyKey(who, events),
    ...(who.replayId && { [REPLAY_HEADER]: who.replayId }),
  };
}
