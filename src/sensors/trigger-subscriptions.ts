/**
 * Which durable consumers a trigger uses (spec/sensor.md §6.2): one per distinct subject of its
 * dependencies, named `durableName(sensor, trigger, dep)` after the **last** dependency (in the
 * trigger's dependency order) on that subject, created with that dependency's deliver policy.
 * @module
 */
import { durableName, eventSubject } from '../api/index.js';
import { ackSequences, type JsMsg } from '../bus/index.js';
import type { MessageMeta } from './partial-state.js';
import { deliverPolicyOf, type DeliverPolicy, type EventDependency } from './spec.js';

export interface SubscriptionPlan {
  subject: string;
  durable: string;
  deliverPolicy: DeliverPolicy;
  /** The dependency the durable is named after. */
  dependency: string;
}

/** The subscriptions of `trigger` over its dependencies `deps` (in the trigger's order). */
export function planSubscriptions(
  sensorName: string,
  trigger: string,
  deps: readonly EventDependency[],
): SubscriptionPlan[] {
  const bySubject = new Map<string, SubscriptionPlan>();
  for (const d of deps) {
    const subject = eventSubject(d.eventSourceName, d.eventName);
    bySubject.set(subject, {
      subject,
      durable: durableName(sensorName, trigger, d.name),
      deliverPolicy: deliverPolicyOf(d),
      dependency: d.name,
    });
  }
  return [...bySubject.values()];
}

/** Key of the (source, subject) pair an event is matched on. */
export function sourceKey(eventSourceName: string, eventName: string): string {
  return `${eventSourceName}\u0000${eventName}`;
}

/** Dependencies of the trigger per (source, subject), each list in the trigger's dependency order. */
export function dependencyIndex(deps: readonly EventDependency[]): Map<string, EventDependency[]> {
  const index = new Map<string, EventDependency[]>();
  for (const d of deps) {
    const k = sourceKey(d.eventSourceName, d.eventName);
    index.set(k, [...(index.get(k) ?? []), d]);
  }
  return index;
}

/** Stream position and timestamp of a JetStream message (timestamp in RFC 3339 with nanoseconds). */
export function messageMeta(m: JsMsg): MessageMeta {
  // every delivered JsMsg has its ack subject as `reply` (JsMsgImpl), though the interface does not say so
  const reply = (m as { reply?: unknown }).reply;
  const seqs = (typeof reply === 'string' ? ackSequences(reply) : undefined) ?? {
    streamSeq: m.info.streamSequence,
    deliverySeq: m.info.deliverySequence,
  };
  let timestamp: string | undefined;
  return {
    streamSeq: seqs.streamSeq,
    consumerSeq: seqs.deliverySeq,
    // only stored partials need it: formatted on first use, not per message
    get timestamp() {
      return (timestamp ??= rfc3339Nano(m.timestampNanos)); // exact: info's number lost precision
    },
  };
}

/** Go's RFC3339Nano for nanoseconds since the epoch (trailing zeros of the fraction trimmed). */
export function rfc3339Nano(nanos: bigint): string {
  const seconds = nanos / 1_000_000_000n;
  const frac = (nanos % 1_000_000_000n).toString().padStart(9, '0').replace(/0+$/, '');
  const base = new Date(Number(seconds) * 1000).toISOString().replace('.000Z', '');
  return `${base}${frac ? `.${frac}` : ''}Z`;
}
