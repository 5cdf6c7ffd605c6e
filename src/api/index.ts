/**
 * The resource model: schemas (single source of truth), inferred types, validation, loading with
 * positions, wire names and durations.
 * @module
 */
export * from './errors.js';
export * from './names.js';
export * from './duration.js';
export * from './issues.js';
export * from './source-types.js';
export {
  validateResource,
  classify,
  ARGO_API_VERSION,
  type Resource,
  type ResourceKind,
  type ValidationResult,
} from './validate.js';
export {
  loadResources,
  loadFile,
  loadText,
  hasProblems,
  type LoadedDocument,
  type LoadResult,
} from './loader.js';
export { crossDocumentIssues } from './cross-document.js';
export type { EventBus, JetStreamBus, JetStreamConfig } from './schema/eventbus.js';
export { DEFAULT_BUS_REPLICAS, DEFAULT_MAX_PAYLOAD } from './schema/eventbus.js';
export type { EventSource } from './schema/eventsource.js';
export type { Sensor } from './schema/sensor.js';
export type { Secret, ConfigMap } from './schema/core.js';
export type { SecretKeySelector, ConfigMapKeySelector, TLSConfig, Backoff } from './schema/common.js';
export { SecretStore, secretEnvName, type SecretStoreOptions } from './secrets.js';
