/** `custom` trigger: a gRPC `triggers.Trigger` server (spec/sensor.md §10). */
import { z } from 'zod';
import { obj, secretKeySelector, stringMap } from '../common.js';
import { triggerParameters } from '../sensor/parameters.js';
import { requireText, type TriggerCheck } from './context.js';

export const customTrigger = obj({
  /** gRPC server address. */
  serverURL: z.string().optional(),
  /** Use TLS (requires `certSecret`). @default false */
  secure: z.boolean().optional(),
  certSecret: secretKeySelector.optional(),
  serverNameOverride: z.string().optional(),
  /** Sent to the server as YAML in `FetchResource`. */
  spec: stringMap.optional(),
  /** Applied to the resource returned by the server. */
  parameters: triggerParameters.optional(),
  payload: triggerParameters.optional(),
});
export type CustomTrigger = z.infer<typeof customTrigger>;

export function checkCustom(t: CustomTrigger, c: TriggerCheck): void {
  requireText(c, 'serverURL', t.serverURL, 'custom trigger gRPC server url is not defined');
  if (t.spec === undefined)
    c.sink.error([...c.at, 'spec'], "trigger body can't be empty: expected a map, found nothing");
  if (t.secure && !t.certSecret)
    c.sink.error(
      [...c.at, 'certSecret'],
      "certSecret can't be nil when the trigger server connection is secure",
    );
  c.params(t.parameters, [...c.at, 'parameters']);
  c.params(t.payload, [...c.at, 'payload']);
}
