/**
 * The parts of the Sensor resource model the engine reads, in one place (types inferred from the zod
 * schemas in src/api, the single source of truth).
 * @module
 */
export type {
  Sensor,
  SensorSpec,
  EventDependency,
  DataFilter,
  ExprFilter,
  EventContext as ContextFilter,
  TimeFilter,
  EventDependencyFilter,
  LogicalOperator,
  Trigger,
  TriggerTemplate,
  TriggerParameter,
  TriggerParameterSource,
  RateLimit,
  ConditionsResetCriteria,
  DeliverPolicy,
} from '../api/index.js';
export {
  deliverPolicyOf,
  conditionsOf,
  triggerTypeOf,
  parseResetCron,
  parseClock,
  isValidTimezone,
} from '../api/index.js';
export type { Backoff } from '../api/index.js';
