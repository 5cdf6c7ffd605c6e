/** `Sensor` and `SensorSpec` (spec/sensor.md §1, §12). */
import { z } from 'zod';
import { envelope, k8sList, k8sObject, obj, podTemplate, stringMap } from '../common.js';
import { eventDependency } from './dependency.js';
import { trigger } from './trigger.js';

/** Container settings of the sensor pod (upstream `Container`); kept, unused without Kubernetes. */
export const sensorContainer = obj({
  env: k8sList.optional(),
  envFrom: k8sList.optional(),
  resources: k8sObject.optional(),
  imagePullPolicy: z.string().optional(),
  securityContext: k8sObject.optional(),
  volumeMounts: k8sList.optional(),
});

export const sensorPodTemplate = podTemplate.extend({ container: sensorContainer.optional() });

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
