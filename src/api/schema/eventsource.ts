/** PLACEHOLDER — being written (EventSource schema). */
import { z } from 'zod';
import type { IssueSink } from '../issues.js';
import { envelope, obj } from './common.js';

export const eventSourceSchema = obj({
  ...envelope,
  kind: z.literal('EventSource'),
  spec: z.record(z.string(), z.unknown()),
});
export type EventSource = z.infer<typeof eventSourceSchema>;
export function eventSourceSemantics(_es: EventSource, _sink: IssueSink): void {}
