/** `spec.dependencies[]` (spec/sensor.md §2, §3, §6.9). */
import { z } from 'zod';
import { obj } from '../common.js';
import { eventDependencyFilter, logicalOperator } from './filters.js';

/** Changes `data` before filtering. If both are set, `jq` wins. */
export const eventDependencyTransformer = obj({
  /** jq program; its first output must be a JSON object. */
  jq: z.string().optional(),
  /** Lua 5.1 chunk returning the new data table (global `event` holds the data). */
  script: z.string().optional(),
});

/** Where a new durable consumer starts reading the dependency's subject. */
export const DELIVER_POLICIES = ['all', 'last', 'new'] as const;
export type DeliverPolicy = (typeof DELIVER_POLICIES)[number];
/** Deliver policy when `jetStream.deliverPolicy` is absent (the seed document says `all`). */
export const DEFAULT_DELIVER_POLICY: DeliverPolicy = 'all';

/** JetStream options of one dependency. jetflow addition (not in upstream's schema). */
export const dependencyJetStream = obj({
  /**
   * `all`: every retained message of the subject; `last`: the last retained one, then new ones; `new`:
   * only messages published after the consumer was created. Only used when the durable is created.
   * @default "all"
   */
  deliverPolicy: z.enum(DELIVER_POLICIES).optional(),
});

export const eventDependency = obj({
  /** Unique within the sensor; used by `conditions`, parameters and KV keys. */
  name: z.string(),
  /** EventSource object name (CloudEvent `source`, second subject token). */
  eventSourceName: z.string(),
  /** Event name inside that EventSource (CloudEvent `subject`, third subject token). */
  eventName: z.string(),
  filters: eventDependencyFilter.optional(),
  transform: eventDependencyTransformer.optional(),
  /** How the filter kinds combine. @default "and" */
  filtersLogicalOperator: logicalOperator.optional(),
  jetStream: dependencyJetStream.optional(),
});
export type EventDependency = z.infer<typeof eventDependency>;

/** The effective deliver policy of a dependency (absent means {@link DEFAULT_DELIVER_POLICY}). */
export function deliverPolicyOf(dep: Pick<EventDependency, 'jetStream'>): DeliverPolicy {
  return dep.jetStream?.deliverPolicy ?? DEFAULT_DELIVER_POLICY;
}
