/** Trigger parameters and payload entries (spec/sensor.md §8) and secure headers. */
import { z } from 'zod';
import { configMapKeySelector, obj, secretKeySelector } from '../common.js';

/** Where a parameter value comes from. Without any key/template the whole event is used. */
export const triggerParameterSource = obj({
  /** Dependency whose event is read; must be declared in `spec.dependencies`. */
  dependencyName: z.string(),
  /** GJSON path into the event context. */
  contextKey: z.string().optional(),
  /** Go template over the context (`.Input`). */
  contextTemplate: z.string().optional(),
  /** GJSON path into the event data; wins over the context keys. */
  dataKey: z.string().optional(),
  /** Go template over the data (`.Input`). */
  dataTemplate: z.string().optional(),
  /** Default when the event is absent or the key/template yields nothing. */
  value: z.string().optional(),
  /** Insert numbers, booleans and JSON as raw JSON instead of as a string. @default false */
  useRawData: z.boolean().optional(),
});
export type TriggerParameterSource = z.infer<typeof triggerParameterSource>;

/** `overwrite` (or empty), `append` or `prepend` the value at `dest`. */
export const PARAMETER_OPERATIONS = ['', 'overwrite', 'append', 'prepend'] as const;

export const triggerParameter = obj({
  src: triggerParameterSource.optional(),
  /** SJSON path of the value to set. Required, except in an HTTP `payload` (empty = the whole body). */
  dest: z.string().optional(),
  /** @default "overwrite" */
  operation: z.enum(PARAMETER_OPERATIONS).optional(),
});
export type TriggerParameter = z.infer<typeof triggerParameter>;
export const triggerParameters = z.array(triggerParameter);

export const valueFromSource = obj({
  secretKeyRef: secretKeySelector.optional(),
  configMapKeyRef: configMapKeySelector.optional(),
});

/** A header whose value is read from a Secret or ConfigMap. */
export const secureHeader = obj({ name: z.string().optional(), valueFrom: valueFromSource.optional() });
export type SecureHeader = z.infer<typeof secureHeader>;
