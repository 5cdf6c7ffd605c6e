/** `spec.triggers[]`: `Trigger` and `TriggerTemplate` (spec/sensor.md §7). */
import { z } from 'zod';
import { TRIGGER_TYPES, type TriggerType } from '../../source-types.js';
import { backoff, obj } from '../common.js';
import { triggerSchemas } from '../triggers/index.js';
import { triggerParameters } from './parameters.js';
import { conditionsResetCriteria, rateLimit, triggerPolicy } from './policies.js';

export const triggerTemplate = obj({
  /** Unique among the sensor's triggers; part of KV keys, durable names and metric labels. */
  name: z.string(),
  /**
   * Boolean expression over dependency names with `&&`, `||` and parentheses.
   * @default the AND of all dependencies, in spec order
   */
  conditions: z.string().optional(),
  /** When stored partial events are discarded. */
  conditionsReset: z.array(conditionsResetCriteria).optional(),
  k8s: triggerSchemas.k8s.optional(),
  argoWorkflow: triggerSchemas.argoWorkflow.optional(),
  http: triggerSchemas.http.optional(),
  awsLambda: triggerSchemas.awsLambda.optional(),
  custom: triggerSchemas.custom.optional(),
  kafka: triggerSchemas.kafka.optional(),
  nats: triggerSchemas.nats.optional(),
  slack: triggerSchemas.slack.optional(),
  openWhisk: triggerSchemas.openWhisk.optional(),
  log: triggerSchemas.log.optional(),
  azureEventHubs: triggerSchemas.azureEventHubs.optional(),
  pulsar: triggerSchemas.pulsar.optional(),
  azureServiceBus: triggerSchemas.azureServiceBus.optional(),
  email: triggerSchemas.email.optional(),
});
export type TriggerTemplate = z.infer<typeof triggerTemplate>;

const triggerShape = {
  template: triggerTemplate,
  /** Applied to the JSON of `template` before each execution (dests like `http.url`). */
  parameters: triggerParameters.optional(),
  policy: triggerPolicy.optional(),
  /**
   * Attempts when `atLeastOnce` is true. Absent = 1 attempt; present with `steps` 0/unset = 5 attempts.
   * Ignored (1 attempt) when `atLeastOnce` is false.
   */
  retryStrategy: backoff.optional(),
  rateLimit: rateLimit.optional(),
  /** Run the action (with retries) before acknowledging the event. @default false */
  atLeastOnce: z.boolean().optional(),
};

/** A trigger: its template plus delivery, retry and DLQ settings. */
export type Trigger = z.infer<z.ZodObject<typeof triggerShape>> & {
  /** Runs with the same events when all attempts failed; requires `atLeastOnce` here and inside it. */
  dlqTrigger?: Trigger;
};

export const trigger: z.ZodType<Trigger> = obj({
  ...triggerShape,
  get dlqTrigger(): z.ZodOptional<z.ZodType<Trigger>> {
    return trigger.optional();
  },
});

/** The trigger type keys set in a template, in upstream's priority-free key order. */
export function triggerTypesOf(template: TriggerTemplate): TriggerType[] {
  return TRIGGER_TYPES.filter((k) => template[k] !== undefined);
}

/** The one trigger type of a valid template (validation guarantees exactly one). */
export function triggerTypeOf(template: TriggerTemplate): TriggerType | undefined {
  return triggerTypesOf(template)[0];
}
