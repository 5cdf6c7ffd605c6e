/**
 * Kubernetes deployment of Argo Events resources: a PURE render from resources to Kubernetes objects
 * (shared by `jetflow render` and `jetflow controller`), validation of what it renders, and the one
 * impure helper that generates bus credentials and certificates.
 *
 * ## Contract (stable: the controller depends on it)
 *
 * ```ts
 * renderResources(docs: readonly LoadedDocument[], opts: RenderOptions): RenderResult
 *   // RenderResult = { resources: RenderedResource[]; problems: RenderProblem[]; warnings: RenderProblem[] }
 *   // RenderedResource = { source: {kind, name, namespace, file?}; objects: KubeObject[] }
 *   // RenderProblem = { file; path; message; resource? }   (path: source field, api formatPath)
 * ```
 *
 * - `docs` are what `loadResources` (src/api) returns; documents with loader errors render nothing and
 *   their issues come back as problems. Only `argoproj.io/v1alpha1` EventBus/EventSource/Sensor render.
 * - Deterministic: same docs + opts → deep-equal result (sorted resources and objects; no clock, no RNG,
 *   no I/O). `problems` non-empty → apply nothing.
 * - Every object carries `KUBE_LABELS.managedBy: jetflow`, `KUBE_LABELS.kind`, `KUBE_LABELS.name` (the
 *   selector labels, fixed) and upstream's `<kind>-name` label (src/api/names.ts). No owner references:
 *   a controller adds them.
 * - Secrets appear only for buses whose material is in `opts.busSecrets` (key `busKey(ns, name)`), made by
 *   `generateBusSecrets(bus, ns)`; they carry `KUBE_ANNOTATIONS.createOnly` (`isCreateOnly(o)`): create
 *   when missing, never update or rotate.
 * - Every pod template (StatefulSet, Deployment) carries `KUBE_ANNOTATIONS.configHash`, the `configHash()`
 *   of the ConfigMap data it mounts, so a config change alone (a trigger, an event) rolls the pods.
 * @module
 */
export { renderResources, allObjects } from './render.js';
export { generateBusSecrets, isCreateOnly, busDnsNames, AUTH_KEYS, TLS_KEYS } from './secrets.js';
export { busClientUrl, busSecretNames } from './eventbus.js';
export { toMultiDocYaml } from './yaml.js';
export { customResourceDefinitions, ARGO_KINDS, type ArgoKind } from './crds/index.js';
export { sourcePath } from './validate.js';
export { placeProblems, formatProblem } from './place.js';
export { POD_PATHS, METRICS_PORT } from './workload.js';
export { NATS_PATHS, NATS_PORTS } from './nats-config.js';
export {
  busKey,
  type BusSecretMaterial,
  type KubeObject,
  type RenderedResource,
  type RenderOptions,
  type RenderProblem,
  type RenderResult,
  type SourceRef,
} from './types.js';
