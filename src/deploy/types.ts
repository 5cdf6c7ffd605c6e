/** The data types of `renderResources` (see index.ts for the contract). */
import type { PathSeg, SourcePos } from '../api/index.js';
import type { BusCertificates, NatsImageVersion } from '../bus/local/index.js';

/** A Kubernetes object as plain JSON (what `kubectl apply -f` and the API server take). */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    [k: string]: unknown;
  };
  [k: string]: unknown;
}

/** The source resource a set of objects was rendered from. */
export interface SourceRef {
  kind: 'EventBus' | 'EventSource' | 'Sensor';
  name: string;
  namespace: string;
  file?: string;
}

export interface RenderedResource {
  source: SourceRef;
  /** Sorted by install order (Secret, ConfigMap, Service, PDB, StatefulSet, Deployment), then name. */
  objects: KubeObject[];
}

/** A rendered object that would be invalid, placed at the SOURCE field that caused it. */
export interface RenderProblem {
  file: string;
  /** Field path in the source document, formatted by the api's formatPath (`spec.service.ports[0].port`). */
  path: string;
  message: string;
  /** The source resource (kind/name), for messages. */
  resource?: string;
  /** 0-based index of the source document in its file, and the path as segments (for placing it). */
  document?: number;
  segments?: PathSeg[];
  /** `file:line:col` of the field, when placed (loader issues; `placeProblems` for render's own). */
  pos?: SourcePos;
}

/** Generated credentials and certificates of one managed bus (see generateBusSecrets). */
export interface BusSecretMaterial {
  username: string;
  password: string;
  sysPassword: string;
  /** JetStream encryption-at-rest key. */
  encryptionKey: string;
  certs: BusCertificates;
}

export interface RenderOptions {
  /** Overrides every resource's `metadata.namespace` (default: the document's, else `default`). */
  namespace?: string;
  /** The jetflow image the EventSource/Sensor Deployments run. */
  image: string;
  /** Version → nats image table (controller config `images`, else DEFAULT_IMAGE_VERSIONS). */
  natsImages?: readonly NatsImageVersion[];
  /** Default `jetstream {}` body and default stream config (controller config); upstream's when absent. */
  defaultSettings?: string;
  defaultStreamConfig?: string;
  /** Name of an existing TLS Secret (keys as the generated one) used instead of a generated one. */
  tlsSecret?: string;
  /** Name of an existing auth Secret (keys `client-auth`, `auth`, `encryption`) used instead. */
  authSecret?: string;
  /**
   * Generated material per bus, keyed by {@link busKey}. A bus without an entry renders no Secret
   * objects (they must exist already, or be rendered in another run).
   */
  busSecrets?: ReadonlyMap<string, BusSecretMaterial>;
}

export interface RenderResult {
  resources: RenderedResource[];
  /** Errors: when there is any, nothing may be applied or written. */
  problems: RenderProblem[];
  /** Things to know that do not stop the render (e.g. `latest` resolved to a version). */
  warnings: RenderProblem[];
}

/** Key of a bus in {@link RenderOptions.busSecrets}: `<namespace>/<name>`. */
export function busKey(namespace: string, name: string): string {
  return `${namespace}/${name}`;
}

/** Where a field of a rendered object came from (object field path prefix → source field path). */
export interface Origin {
  objectPath: PathSeg[];
  sourcePath: PathSeg[];
}
