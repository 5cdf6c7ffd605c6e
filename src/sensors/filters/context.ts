/** Context filter (spec/sensor.md §4.4): exact equality of the non-empty `type`, `subject`, `source`, `datacontenttype`. */
import type { EventContext } from '../event.js';
import type { ContextFilter } from '../spec.js';
import type { KindVerdict } from './trace.js';

const COMPARED = ['type', 'subject', 'source', 'datacontenttype'] as const;

/** Evaluate the context filter against the event context. */
export function evaluateContext(expected: ContextFilter, actual: EventContext): KindVerdict {
  const kind = 'context' as const;
  const mismatches: string[] = [];
  const checked: string[] = [];
  for (const k of COMPARED) {
    const want = expected[k];
    if (want === undefined || want === '') continue;
    checked.push(k);
    if (want !== actual[k])
      mismatches.push(`${k} is ${JSON.stringify(actual[k])}, expected ${JSON.stringify(want)}`);
  }
  if (mismatches.length > 0) return { kind, pass: false, reason: mismatches.join('; ') };
  return { kind, pass: true, reason: checked.length ? `${checked.join(', ')} equal` : 'nothing to compare' };
}
