/** `email` trigger (spec/sensor.md §10). */
import { z } from 'zod';
import { obj, secretKeySelector } from '../common.js';
import { triggerParameters } from '../sensor/parameters.js';
import { requireAtRunTime, requireText, type TriggerCheck } from './context.js';

/** Recipient check upstream applies before sending (an invalid recipient fails the attempt). */
export const EMAIL_ADDRESS = /^[\w\-.]+@([\w-]+\.)+[\w-]{2,4}$/;

export const emailTrigger = obj({
  parameters: triggerParameters.optional(),
  username: z.string().optional(),
  smtpPassword: secretKeySelector.optional(),
  /** SMTP server host. */
  host: z.string().optional(),
  /** SMTP port, 0–65535. @default 0 */
  port: z.number().int().optional(),
  to: z.array(z.string()).optional(),
  from: z.string().optional(),
  subject: z.string().optional(),
  body: z.string().optional(),
});
export type EmailTrigger = z.infer<typeof emailTrigger>;

export function checkEmail(t: EmailTrigger, c: TriggerCheck): void {
  requireText(c, 'host', t.host, "host can't be empty");
  if (t.port !== undefined && (t.port < 0 || t.port > 65535))
    c.sink.error([...c.at, 'port'], `port: ${t.port}, port should be between 0-65535`);
  requireAtRunTime(c, 'to', t.to, 'a list of recipients');
  requireAtRunTime(c, 'subject', t.subject, 'a non-empty string');
  requireAtRunTime(c, 'body', t.body, 'a non-empty string');
  t.to?.forEach((addr, i) => {
    if (!EMAIL_ADDRESS.test(addr))
      c.sink.error(
        [...c.at, 'to', i],
        `expected an email address such as "name@example.com", found ${JSON.stringify(addr)}`,
      );
  });
  c.params(t.parameters, [...c.at, 'parameters']);
}
