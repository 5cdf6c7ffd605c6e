/** Trigger policies, rate limit and conditions reset (spec/sensor.md §5.1, §9.1, §9.4). */
import { z } from 'zod';
import { backoff, obj, stringMap } from '../common.js';

/** Success = the response status is in `allow` (HTTP, AWS Lambda, OpenWhisk). */
export const statusPolicy = obj({ allow: z.array(z.number().int()).optional() });

/** Success = the created object eventually carries all `labels` (k8s, argoWorkflow). */
export const k8sResourcePolicy = obj({
  labels: stringMap.optional(),
  /** How often the object is read back. @default {steps: 5, duration: "1s", factor: 1, jitter: 1} */
  backoff: backoff.optional(),
  /** Fail the attempt when the labels never appear (else it succeeds). @default false */
  errorOnBackoffTimeout: z.boolean().optional(),
});

export const triggerPolicy = obj({ k8s: k8sResourcePolicy.optional(), status: statusPolicy.optional() });
export type TriggerPolicy = z.infer<typeof triggerPolicy>;

export const RATE_LIMIT_UNITS = ['Second', 'Minute', 'Hour'] as const;
/** Executions are spaced `unit / requestsPerUnit` apart. */
export const rateLimit = obj({
  /** @default "Second" */
  unit: z.enum(RATE_LIMIT_UNITS).optional(),
  /** Must be > 0. */
  requestsPerUnit: z.number().int().optional(),
});
export type RateLimit = z.infer<typeof rateLimit>;

export const conditionsResetByTime = obj({
  /** Five-field cron (minute hour day-of-month month day-of-week). */
  cron: z.string().optional(),
  /** IANA zone of the schedule. @default the process's local zone */
  timezone: z.string().optional(),
});
/** When stored partial events of a trigger are discarded. */
export const conditionsResetCriteria = obj({ byTime: conditionsResetByTime.optional() });
export type ConditionsResetCriteria = z.infer<typeof conditionsResetCriteria>;
