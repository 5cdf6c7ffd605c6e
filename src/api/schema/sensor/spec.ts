/** `Sensor` and `SensorSpec` (spec/sensor.md §1, §12). */
import { z } from 'zod';
import { envelope, obj, podTemplate, stringMap } from '../common.js';
import { eventDependency } from './dependency.js';
import { trigger } from './trigger.js';

/** Pod template of the sensor deployment; kept, unused without Kubernetes. */
export const sensorPodTemplate = podTemplate;

export const sensorSpec = obj({
  dependencies: z.array(eventDependency),
  triggers: z.array(trigger),
  template: sensorPodTemplate.optional(),
  /** EventBus in the same namespace. @default "default" */
  eventBusName: z.string().optional(),
  /** Instances; only the elected leader processes events. Values < 1 mean 1. @default 1 */
  replicas: z.number().int().optional(),
  revisionHistoryLimit: z.number().int().optional(),
  /** Extra key/values attached to every log line of this sensor. */
  loggingFields: stringMap.optional(),
  /** Accepted and ignored (as upstream). @default false */
  errorOnFailedRound: z.boolean().optional(),
});
export type SensorSpec = z.infer<typeof sensorSpec>;

export const sensorSchema = obj({
  ...envelope,
  kind: z.literal('Sensor'),
  spec: sensorSpec,
});
export type Sensor = z.infer<typeof sensorSchema>;
