/** `azureServiceBus` trigger (spec/sensor.md §10). */
import { z } from 'zod';
import { obj, secretKeySelector, tlsConfig } from '../common.js';
import { triggerParameters } from '../sensor/parameters.js';
import { requireAtRunTime, type TriggerCheck } from './context.js';

export const azureServiceBusTrigger = obj({
  connectionString: secretKeySelector.optional(),
  /** Send to this queue (wins over `topicName`). */
  queueName: z.string().optional(),
  topicName: z.string().optional(),
  /** Accepted for symmetry with the event source; not used when sending. */
  subscriptionName: z.string().optional(),
  tls: tlsConfig.optional(),
  payload: triggerParameters.optional(),
  parameters: triggerParameters.optional(),
});
export type AzureServiceBusTrigger = z.infer<typeof azureServiceBusTrigger>;

export function checkAzureServiceBus(t: AzureServiceBusTrigger, c: TriggerCheck): void {
  requireAtRunTime(c, 'connectionString', t.connectionString, 'a secret key selector');
  if (!t.queueName && !t.topicName)
    c.sink.error(
      c.at,
      'neither queue name nor topic name is specified: expected queueName or topicName, found neither',
    );
  else if (t.queueName && t.topicName)
    c.sink.warn(
      [...c.at, 'topicName'],
      'both queueName and topicName are set: messages go to the queue, topicName is ignored',
    );
  requireAtRunTime(c, 'payload', t.payload, 'a list of parameters', true);
  c.params(t.parameters, [...c.at, 'parameters']);
  c.params(t.payload, [...c.at, 'payload']);
}
