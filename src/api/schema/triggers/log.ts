/** `log` trigger: logs each event of a firing (spec/sensor.md §10). */
import { z } from 'zod';
import { obj } from '../common.js';
import type { TriggerCheck } from './context.js';

export const logTrigger = obj({
  /** Skip logging when the previous log line was less than this many seconds ago. @default 0 */
  intervalSeconds: z.number().int().min(0).optional(),
});
export type LogTrigger = z.infer<typeof logTrigger>;

/** Nothing is required. */
export function checkLog(_t: LogTrigger, _c: TriggerCheck): void {}
