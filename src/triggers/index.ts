/**
 * Trigger types: the driver contract and the registry of drivers.
 * @module
 */
export type {
  TriggerDriver,
  PreparedTrigger,
  TriggerContext,
  TriggerEvent,
  TriggerOutcome,
} from './types.js';
export {
  triggerDriver,
  supportedTriggerTypes,
  unsupportedDriver,
  overrideTriggerDriverForTests,
  type TriggerRegistry,
} from './registry.js';
export { logDriver, dataAsText, type LogTrigger } from './log/index.js';
