/** `azureEventHubs` trigger (spec/sensor.md §10). */
import { z } from 'zod';
import { obj, secretKeySelector } from '../common.js';
import { triggerParameters } from '../sensor/parameters.js';
import { requireAtRunTime, type TriggerCheck } from './context.js';

export const azureEventHubsTrigger = obj({
  /** Namespace host, `<namespace>.servicebus.windows.net`. */
  fqdn: z.string().optional(),
  hubName: z.string().optional(),
  sharedAccessKeyName: secretKeySelector.optional(),
  sharedAccessKey: secretKeySelector.optional(),
  payload: triggerParameters.optional(),
  parameters: triggerParameters.optional(),
});
export type AzureEventHubsTrigger = z.infer<typeof azureEventHubsTrigger>;

export function checkAzureEventHubs(t: AzureEventHubsTrigger, c: TriggerCheck): void {
  requireAtRunTime(c, 'fqdn', t.fqdn, 'a namespace host name');
  requireAtRunTime(c, 'hubName', t.hubName, 'an event hub name');
  requireAtRunTime(c, 'sharedAccessKeyName', t.sharedAccessKeyName, 'a secret key selector');
  requireAtRunTime(c, 'sharedAccessKey', t.sharedAccessKey, 'a secret key selector');
  requireAtRunTime(c, 'payload', t.payload, 'a list of parameters', true);
  c.params(t.parameters, [...c.at, 'parameters']);
  c.params(t.payload, [...c.at, 'payload']);
}
