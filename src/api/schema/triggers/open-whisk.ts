/** `openWhisk` trigger (spec/sensor.md §10). */
import { z } from 'zod';
import { obj, secretKeySelector } from '../common.js';
import { triggerParameters } from '../sensor/parameters.js';
import { requirePayload, requireText, type TriggerCheck } from './context.js';

export const openWhiskTrigger = obj({
  /** OpenWhisk API host URL. */
  host: z.string().optional(),
  /** @default "v1" */
  version: z.string().optional(),
  /** @default "_" */
  namespace: z.string().optional(),
  authToken: secretKeySelector.optional(),
  actionName: z.string().optional(),
  payload: triggerParameters.optional(),
  parameters: triggerParameters.optional(),
});
export type OpenWhiskTrigger = z.infer<typeof openWhiskTrigger>;

export function checkOpenWhisk(t: OpenWhiskTrigger, c: TriggerCheck): void {
  requireText(c, 'actionName', t.actionName, 'action name is not specified');
  requireText(c, 'host', t.host, 'host URL is not specified');
  c.params(t.parameters, [...c.at, 'parameters']);
  requirePayload(c, t.payload, 'payload parameters are not specified');
}
