/** `slack` trigger (spec/sensor.md §10). */
import { z } from 'zod';
import { obj, secretKeySelector } from '../common.js';
import { triggerParameters } from '../sensor/parameters.js';
import { requireAtRunTime, type TriggerCheck } from './context.js';

export const slackThread = obj({
  /** Messages with the same key go into one thread. */
  messageAggregationKey: z.string().optional(),
  /** Also post thread replies to the channel. @default false */
  broadcastMessageToChannel: z.boolean().optional(),
});

export const slackSender = obj({ username: z.string().optional(), icon: z.string().optional() });

export const slackTrigger = obj({
  parameters: triggerParameters.optional(),
  slackToken: secretKeySelector.optional(),
  /** Channel name or id; a leading `#` is stripped. */
  channel: z.string().optional(),
  message: z.string().optional(),
  /** JSON array text of attachments. */
  attachments: z.string().optional(),
  /** JSON array text of blocks. */
  blocks: z.string().optional(),
  thread: slackThread.optional(),
  sender: slackSender.optional(),
});
export type SlackTrigger = z.infer<typeof slackTrigger>;

export function checkSlack(t: SlackTrigger, c: TriggerCheck): void {
  if (!t.slackToken)
    c.sink.error(
      [...c.at, 'slackToken'],
      "slack token can't be empty: expected a secret key selector, found nothing",
    );
  requireAtRunTime(c, 'channel', t.channel, 'a channel name or id');
  const texts = (['message', 'attachments', 'blocks'] as const).filter((k) => t[k] || c.parameterized(k));
  if (texts.length === 0)
    c.sink.error(
      c.at,
      'no text to post: expected at least one of message, attachments or blocks, found none',
    );
  for (const k of ['attachments', 'blocks'] as const) {
    const text = t[k];
    if (!text) continue;
    let ok = false;
    try {
      ok = Array.isArray(JSON.parse(text));
    } catch {
      ok = false;
    }
    if (!ok)
      c.sink.error(
        [...c.at, k],
        `expected the JSON text of an array, found ${JSON.stringify(text.slice(0, 40))}`,
      );
  }
  c.params(t.parameters, [...c.at, 'parameters']);
}
