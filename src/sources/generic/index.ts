/** The `generic` EventSource type, and the `generic.Eventing` service for servers written in TypeScript. */
export { genericDriver, createGenericDriver, type GenericDriverOptions } from './driver.js';
export {
  EVENTING_SERVICE,
  START_EVENT_SOURCE_PATH,
  encodeNameData,
  decodeNameData,
  type EventSourceRequest,
  type GenericEvent,
} from './codec.js';
