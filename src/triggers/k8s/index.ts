/** The `k8s` trigger (create/update/patch/delete of any Kubernetes object) and what argoWorkflow shares. @module */
export {
  k8sDriver,
  createK8sDriver,
  checkKind,
  DEFAULT_TIMEOUT_MS,
  lazyClient,
  withNamespace,
  type K8sDriverOptions,
} from './driver.js';
export {
  KubeClient,
  KubeApiError,
  UnknownKindError,
  isRetryableKubeError,
  asKubeError,
  type MergeStrategy,
} from '../../kube/index.js';
export {
  asKubeObject,
  describeObject,
  isPlainObject,
  ObjectError,
  withTriggerLabels,
  type KubeObject,
} from './object.js';
export { objectSource, SourceError, type ObjectSource } from './source.js';
export { applyK8sPolicy, PolicyError } from './policy.js';
export { bounded, GiveUpError } from './bounded.js';
