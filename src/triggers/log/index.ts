/**
 * The `log` trigger (spec/sensor.md §10; argo-events `pkg/sensors/triggers/log/log.go`): for each event
 * of a firing, one info line whose message is the event data as text, with fields `dependencyName`
 * and `eventContext`. With `intervalSeconds`, nothing is logged when the previous log was less than
 * that long ago (the attempt still succeeds).
 * @module
 */
import { LOG_FIELDS } from '../../api/index.js';
import type { TriggerOf } from '../../api/index.js';
import type { PreparedTrigger, TriggerDriver, TriggerEvent } from '../types.js';

export type LogTrigger = TriggerOf<'log'>;

/** The data as upstream prints it: JSON and text content types verbatim, anything else base64. */
export function dataAsText(e: TriggerEvent): string {
  if (e.dataText === undefined) return '';
  const ct = e.context.datacontenttype.split(';')[0]!.trim().toLowerCase();
  const textual = ct === '' || ct.startsWith('text/') || ct === 'application/json' || ct.endsWith('+json');
  return textual ? e.dataText : Buffer.from(e.dataText, 'utf8').toString('base64');
}

export const logDriver: TriggerDriver<LogTrigger> = {
  type: 'log',
  async prepare(): Promise<PreparedTrigger<LogTrigger>> {
    let lastLog = -Infinity;
    return {
      async execute(resolved, events, ctx) {
        const intervalMs = (resolved.intervalSeconds ?? 0) * 1000;
        const now = Date.now();
        if (intervalMs > 0 && now - lastLog < intervalMs) return { summary: 'skipped (interval)' };
        for (const [dependencyName, event] of Object.entries(events)) {
          ctx.logger.info(
            { [LOG_FIELDS.dependencyName]: dependencyName, eventContext: event.context },
            dataAsText(event),
          );
        }
        lastLog = now;
        return { summary: `logged ${Object.keys(events).length} event(s)` };
      },
      async close() {},
    };
  },
};
