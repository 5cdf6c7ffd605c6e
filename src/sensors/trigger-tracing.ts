/**
 * Spans of a trigger's execution (only when tracing is on): the execute span (a child of the firing's
 * condition span, linked to every event of the firing), one child span per attempt (retries show as
 * siblings), and the dead-letter trigger's own execute span with its attempts under it.
 * @module
 */
import type { Span } from '../bus/index.js';
import { tracer } from '../bus/index.js';
import type { FiringTrace } from './tracing.js';

export function startExecuteSpan(
  firing: FiringTrace,
  sensorName: string,
  triggerName: string,
  triggerType: string,
  role: 'trigger' | 'dead-letter' = 'trigger',
): Span {
  return tracer.b!.start(
    `${role} ${triggerName}`,
    'internal',
    firing.parent,
    {
      'jetflow.sensor.name': sensorName,
      'jetflow.trigger.name': triggerName,
      'jetflow.trigger.type': triggerType,
      'jetflow.trigger.role': role,
    },
    firing.links.length > 0 ? firing.links : undefined,
  );
}

export function endExecuteSpan(span: Span, outcome: string): void {
  span.setAttribute('jetflow.trigger.outcome', outcome);
  if (outcome === 'failed') span.setStatus({ code: 2 }); // SpanStatusCode.ERROR
  span.end();
}

/** One attempt: a client span (it calls the peer); its context is what the driver sends on. */
export function startAttemptSpan(parent: Span, triggerName: string, triggerType: string, n: number): Span {
  return tracer.b!.start(`attempt ${n} ${triggerName}`, 'client', parent, {
    'jetflow.trigger.name': triggerName,
    'jetflow.trigger.type': triggerType,
    'jetflow.trigger.attempt': n,
  });
}
