/**
 * `Sensor` (spec/sensor.md): the zod schema (single source of truth for the types), its semantic rules and
 * the helpers the sensor engine needs to read a parsed Sensor (effective deliver policy, conditions,
 * trigger type, reset schedules).
 * @module
 */
import { defaultConditions } from '../conditions.js';
import type { EventDependency } from './sensor/dependency.js';
import type { TriggerTemplate } from './sensor/trigger.js';

export { sensorSchema, sensorSpec, sensorPodTemplate, type Sensor, type SensorSpec } from './sensor/spec.js';
export { sensorSemantics } from './sensor/semantics.js';
export {
  eventDependency,
  deliverPolicyOf,
  DELIVER_POLICIES,
  DEFAULT_DELIVER_POLICY,
  type DeliverPolicy,
  type EventDependency,
} from './sensor/dependency.js';
export {
  COMPARATORS,
  DATA_FILTER_TYPES,
  type DataFilter,
  type EventContext,
  type EventDependencyFilter,
  type ExprFilter,
  type LogicalOperator,
  type TimeFilter,
} from './sensor/filters.js';
export {
  PARAMETER_OPERATIONS,
  type SecureHeader,
  type TriggerParameter,
  type TriggerParameterSource,
} from './sensor/parameters.js';
export {
  RATE_LIMIT_UNITS,
  type ConditionsResetCriteria,
  type RateLimit,
  type TriggerPolicy,
} from './sensor/policies.js';
export { ARTIFACT_KINDS, type ArtifactLocation } from './sensor/artifacts.js';
export {
  trigger,
  triggerTemplate,
  triggerTypeOf,
  triggerTypesOf,
  type Trigger,
  type TriggerTemplate,
} from './sensor/trigger.js';
export { parseResetCron, type ResetCron } from './sensor/cron.js';
export { isValidTimezone, parseClock } from './sensor/rules.js';
export { triggerSchemas, TRIGGER_PRIORITY, type TriggerOf } from './triggers/index.js';

/** The conditions text a trigger evaluates: its own, or the AND of all dependencies when empty. */
export function conditionsOf(
  template: Pick<TriggerTemplate, 'conditions'>,
  dependencies: readonly EventDependency[],
): string {
  const own = template.conditions ?? '';
  return own !== '' ? own : defaultConditions(dependencies.map((d) => d.name));
}
