/**
 * The CustomResourceDefinitions of EventBus, EventSource and Sensor (group argoproj.io, v1alpha1), as
 * upstream names them (plural, short names), with the schemas generated from upstream's JSON Schema by
 * scripts/gen-crd-schemas.mjs (see there why they are inlined to a fixed depth only).
 * @module
 */
import { KUBE_LABELS, KUBE_MANAGER } from '../../api/index.js';
import type { KubeObject } from '../types.js';
import { CRD_SCHEMAS } from './schemas.generated.js';

const GROUP = 'argoproj.io';

/** Plural and short names as upstream's CRDs, so existing `kubectl get eb/es/sn` habits work. */
export const ARGO_KINDS = {
  EventBus: { plural: 'eventbus', singular: 'eventbus', shortNames: ['eb'] },
  EventSource: { plural: 'eventsources', singular: 'eventsource', shortNames: ['es'] },
  Sensor: { plural: 'sensors', singular: 'sensor', shortNames: ['sn'] },
} as const;

export type ArgoKind = keyof typeof ARGO_KINDS;

/** The three CRDs, in a fixed order. */
export function customResourceDefinitions(): KubeObject[] {
  return (Object.keys(ARGO_KINDS) as ArgoKind[]).map((kind) => {
    const n = ARGO_KINDS[kind];
    return {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: `${n.plural}.${GROUP}`, labels: { [KUBE_LABELS.managedBy]: KUBE_MANAGER } },
      spec: {
        group: GROUP,
        names: {
          kind,
          listKind: `${kind}List`,
          plural: n.plural,
          singular: n.singular,
          shortNames: [...n.shortNames],
        },
        scope: 'Namespaced',
        versions: [
          {
            name: 'v1alpha1',
            served: true,
            storage: true,
            subresources: { status: {} },
            additionalPrinterColumns: [
              { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
              {
                name: 'Ready',
                type: 'string',
                jsonPath: '.status.conditions[?(@.type=="Ready")].status',
              },
            ],
            schema: { openAPIV3Schema: CRD_SCHEMAS[kind] },
          },
        ],
      },
    };
  });
}
