/** PLACEHOLDER — being written (Sensor schema). */
import { z } from 'zod';
import type { IssueSink } from '../issues.js';
import { envelope, obj } from './common.js';

export const sensorSchema = obj({
  ...envelope,
  kind: z.literal('Sensor'),
  spec: z.record(z.string(), z.unknown()),
});
export type Sensor = z.infer<typeof sensorSchema>;
export function sensorSemantics(_s: Sensor, _sink: IssueSink): void {}
