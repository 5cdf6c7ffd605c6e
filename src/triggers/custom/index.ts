/** The `custom` trigger: upstream's gRPC `triggers.Trigger` protocol. @module */
export { customDriver, createCustomDriver, specYaml, type CustomDriverOptions } from './driver.js';
export {
  TRIGGER_SERVICE,
  type FetchResourceRequest,
  type FetchResourceResponse,
  type ExecuteRequest,
  type ExecuteResponse,
  type ApplyPolicyRequest,
  type ApplyPolicyResponse,
} from './proto.js';
