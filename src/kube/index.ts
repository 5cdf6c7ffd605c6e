/**
 * Kubernetes access shared by the triggers, the `resource` source and the controller (low: imports
 * only src/api): configuration loading, a generic object client with discovery, and an
 * informer-style `watchObjects()`.
 * @module
 */
export { loadKubeConfig, KubeConfigError, SERVICE_ACCOUNT_DIR, type KubeConfigSources } from './config.js';
export {
  KubeClient,
  KubeApiError,
  UnknownKindError,
  isRetryableKubeError,
  asKubeError,
  type MergeStrategy,
} from './client.js';
export {
  groupVersionKind,
  describeGvk,
  type KubeObject,
  type ObjectMeta,
  type GroupVersionKind,
  type JsonPatchOp,
} from './object.js';
export { collectionPath, type ResourceRef } from './http.js';
export { watchObjects, type ObjectEvent, type WatchEventType, type WatchObjectsOptions } from './watch.js';
