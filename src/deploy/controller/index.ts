/**
 * Controller mode (`jetflow controller`): the EventBus/EventSource/Sensor custom resources of a cluster
 * reconciled into the objects `jetflow render` prints, with status conditions written back.
 * @module
 */
export {
  startController,
  CONTROLLED,
  type Controller,
  type ControllerOptions,
  type RenderResource,
  type Rendered,
} from './loop.js';
export { controllerRender, type ControllerRenderOptions } from './desired.js';
export {
  plan,
  withOwnership,
  desiredHash,
  updateBody,
  type Action,
  type KubeObj,
  type Owner,
} from './plan.js';
export {
  nextStatus,
  outcomeConditions,
  isReady,
  CONDITION_TYPES,
  type Condition,
  type Outcome,
} from './status.js';
