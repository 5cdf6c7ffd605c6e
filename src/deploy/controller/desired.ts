/**
 * What the controller wants for one custom resource: the same pure `renderResources` as `jetflow render`,
 * given the resource as a user would have written it (server fields and status removed, so a status
 * write never changes what is rendered) and the EventBuses of its namespace.
 * @module
 */
import { loadText } from '../../api/index.js';
import {
  busKey,
  generateBusSecrets,
  isCreateOnly,
  renderResources,
  type BusSecretMaterial,
} from '../index.js';
import type { Rendered, RenderResource } from './loop.js';
import type { KubeObj } from './plan.js';
import type { SpecProblem } from './status.js';

export interface ControllerRenderOptions {
  /** jetflow image of the EventSource and Sensor Deployments. */
  image: string;
}

/** Annotations a client adds that are no part of the resource (kubectl's copy of the whole object). */
const FOREIGN_ANNOTATIONS = ['kubectl.kubernetes.io/last-applied-configuration'];

/** The resource as written: apiVersion, kind, name, namespace, labels, annotations, spec. */
export function asWritten(cr: KubeObj): KubeObj {
  const { name, namespace, labels, annotations } = cr.metadata;
  const kept = annotations
    ? Object.fromEntries(Object.entries(annotations).filter(([k]) => !FOREIGN_ANNOTATIONS.includes(k)))
    : undefined;
  const metadata: KubeObj['metadata'] = { name, namespace };
  if (labels && Object.keys(labels).length) metadata.labels = labels;
  if (kept && Object.keys(kept).length) metadata.annotations = kept;
  return { apiVersion: cr.apiVersion, kind: cr.kind, metadata, spec: cr.spec ?? {} };
}

/** The resource as a loaded document, named `<kind>/<namespace>/<name>` where render says "file". */
function asDocument(cr: KubeObj) {
  const file = `${cr.kind}/${cr.metadata.namespace ?? 'default'}/${cr.metadata.name ?? ''}`;
  return loadText(JSON.stringify(asWritten(cr)), file);
}

/**
 * The render of one custom resource. Bus credentials are generated once per EventBus uid and kept for
 * the life of the process: the Secrets are create-only, so a regenerated copy would be discarded anyway.
 */
export function controllerRender(opts: ControllerRenderOptions): RenderResource {
  const material = new Map<string, BusSecretMaterial>();
  return async (cr, eventBuses): Promise<Rendered> => {
    const namespace = cr.metadata.namespace ?? 'default';
    const name = cr.metadata.name ?? '';
    const busSecrets = new Map<string, BusSecretMaterial>();
    if (cr.kind === 'EventBus' && cr.metadata.uid) {
      let m = material.get(cr.metadata.uid);
      if (!m) material.set(cr.metadata.uid, (m = await generateBusSecrets(name, namespace)));
      busSecrets.set(busKey(namespace, name), m);
    }
    const others = eventBuses.filter((b) => cr.kind !== 'EventBus' || b.metadata.name !== name);
    const docs = [cr, ...others].flatMap((o) => asDocument({ ...o, kind: o.kind ?? 'EventBus' }));
    const out = renderResources(docs, { namespace, image: opts.image, busSecrets });
    const mine = out.resources.filter((r) => r.source.kind === cr.kind && r.source.name === name);
    const self = `${cr.kind}/${name}`;
    const problems: SpecProblem[] = out.problems
      .filter((p) => p.resource === undefined || p.resource === self)
      .map((p) => ({ path: p.path, message: p.message }));
    return {
      objects: mine.flatMap((r) => r.objects as KubeObj[]),
      problems,
      createOnly: (o) => isCreateOnly(o as never),
    };
  };
}
