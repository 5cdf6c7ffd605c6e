/** `pulsar` trigger (spec/sensor.md §10). */
import { z } from 'zod';
import { backoff, obj, secretKeySelector, stringMap, tlsConfig } from '../common.js';
import { triggerParameters } from '../sensor/parameters.js';
import { checkBackoff } from '../sensor/check-policies.js';
import { requireAtRunTime, type TriggerCheck } from './context.js';

export const pulsarTrigger = obj({
  /** Service URL, e.g. `pulsar://host:6650`. */
  url: z.string().optional(),
  topic: z.string().optional(),
  parameters: triggerParameters.optional(),
  payload: triggerParameters.optional(),
  tlsTrustCertsSecret: secretKeySelector.optional(),
  tlsAllowInsecureConnection: z.boolean().optional(),
  tlsValidateHostname: z.boolean().optional(),
  tls: tlsConfig.optional(),
  authTokenSecret: secretKeySelector.optional(),
  /** Connection retries. @default {steps: 5, duration: "1s", factor: 1, jitter: 1} */
  connectionBackoff: backoff.optional(),
  /** Athenz parameters; requires `authAthenzSecret` (becomes `privateKey`). */
  authAthenzParams: stringMap.optional(),
  authAthenzSecret: secretKeySelector.optional(),
});
export type PulsarTrigger = z.infer<typeof pulsarTrigger>;

export function checkPulsar(t: PulsarTrigger, c: TriggerCheck): void {
  requireAtRunTime(c, 'url', t.url, 'a Pulsar service URL');
  requireAtRunTime(c, 'topic', t.topic, 'a topic name');
  requireAtRunTime(c, 'payload', t.payload, 'a list of parameters', true);
  c.params(t.parameters, [...c.at, 'parameters']);
  c.params(t.payload, [...c.at, 'payload']);
  if (t.connectionBackoff) checkBackoff(t.connectionBackoff, [...c.at, 'connectionBackoff'], c.sink);
  if (t.authAthenzParams && !t.authAthenzSecret)
    c.sink.error(
      [...c.at, 'authAthenzSecret'],
      'authAthenzSecret is required when authAthenzParams is set, found nothing',
    );
  if (t.authTokenSecret && t.authAthenzParams)
    c.sink.error(c.at, 'expected either authTokenSecret or authAthenzParams, found both');
}
