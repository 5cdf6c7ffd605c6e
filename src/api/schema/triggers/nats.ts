/** `nats` trigger: publishes the payload on core NATS (spec/sensor.md §10). */
import { z } from 'zod';
import { obj, tlsConfig } from '../common.js';
import { triggerParameters } from '../sensor/parameters.js';
import { requirePayload, requireText, type TriggerCheck } from './context.js';

import { natsAuth } from '../common.js';

export const natsTrigger = obj({
  url: z.string().optional(),
  /** Publish subject. Always taken from the template (parameters cannot change it upstream). */
  subject: z.string().optional(),
  payload: triggerParameters.optional(),
  parameters: triggerParameters.optional(),
  tls: tlsConfig.optional(),
  auth: natsAuth.optional(),
});
export type NATSTrigger = z.infer<typeof natsTrigger>;

export function checkNats(t: NATSTrigger, c: TriggerCheck): void {
  requireText(c, 'url', t.url, "nats server url can't be empty");
  if (
    requireText(c, 'subject', t.subject, "nats subject can't be empty") &&
    /[\s]|^\.|\.$|\.\./.test(t.subject!)
  )
    c.sink.error(
      [...c.at, 'subject'],
      `expected a NATS subject without whitespace or empty tokens, found ${JSON.stringify(t.subject)}`,
    );
  requirePayload(c, t.payload, "payload can't be nil");
  c.params(t.parameters, [...c.at, 'parameters']);
  const kinds = (['basic', 'token', 'nkey', 'credential'] as const).filter((k) => t.auth?.[k] !== undefined);
  if (kinds.length > 1)
    c.sink.error([...c.at, 'auth'], `expected one authentication method, found ${kinds.join(' and ')}`);
}
