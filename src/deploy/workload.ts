/**
 * One Deployment per EventSource (running `jetflow eventsource NAME`) and per Sensor (`jetflow sensor
 * NAME`), the same commands as on a machine. The pod gets its input the way those commands read it:
 * `-f` a mounted ConfigMap holding the resource and its EventBus, `--secrets-dir` a projected volume
 * with exactly the Secret/ConfigMap keys they refer to at `<name>/<key>`. A managed bus is described to
 * the pod as an exotic one (URL of its client Service, the rendered client-auth Secret and CA), so
 * `resolveBusTarget` connects with TLS and the password and needs no local state.
 * @module
 */
import { stringify } from 'yaml';
import {
  eventSourceObjectName,
  sensorObjectName,
  WEBHOOK_FAMILY,
  type EventBus,
  type EventSource,
  type PathSeg,
  type Sensor,
  type SourceType,
} from '../api/index.js';
import { DEFAULT_STREAM_CONFIG } from '../bus/local/index.js';
import { busClientUrl, busSecretNames } from './eventbus.js';
import {
  compact,
  nameLabelOrigins,
  objectLabels,
  objectMeta,
  podAnnotations,
  selectorLabels,
} from './meta.js';
import { keyRefs, type KeyRef } from './refs.js';
import { mergeStreamText } from './stream-text.js';
import { AUTH_KEYS, TLS_KEYS } from './secrets.js';
import type { ResourceOut } from './emit.js';
import type { KubeObject, Origin, RenderOptions } from './types.js';

/** Mount points inside the jetflow pod. */
export const POD_PATHS = { resources: '/etc/jetflow/resources', secrets: '/etc/jetflow/secrets' } as const;
export const METRICS_PORT = 7777;

type Workload = EventSource | Sensor;

export interface WorkloadInput {
  resource: Workload;
  /** EventBus documents of the input in the resource's namespace, by name. */
  buses: ReadonlyMap<string, EventBus>;
  opts: RenderOptions;
}

export function renderWorkload(w: WorkloadInput, out: ResourceOut): void {
  const src = out.source;
  const isSource = src.kind === 'EventSource';
  const name = isSource ? eventSourceObjectName(src.name) : sensorObjectName(src.name);
  const bus = busForPods(w, out);
  if (!bus) return;
  const resourceFile = isSource ? 'eventsource.yaml' : 'sensor.yaml';
  const configData = {
    'eventbus.yaml': stringify(bus),
    [resourceFile]: stringify(cleanResource(w.resource, src.namespace)),
  };
  out.add({ apiVersion: 'v1', kind: 'ConfigMap', metadata: objectMeta(src, name), data: configData });
  const webhookPorts = isSource ? webhookPortsOf(w.resource as EventSource) : [];
  const service = isSource
    ? eventSourceService(w.resource as EventSource, name, webhookPorts, out)
    : undefined;
  if (service) out.add(service.object, service.origins);
  const refs = keyRefs([w.resource.spec, bus.spec]);
  out.add(deployment(w, { name, refs, webhookPorts, configData }, out), deploymentOrigins());
}

/** The EventBus as the pods see it: the input's exotic bus as is, a managed one as an exotic one. */
function busForPods(w: WorkloadInput, out: ResourceOut): EventBus | undefined {
  const src = out.source;
  const busName = w.resource.spec.eventBusName || 'default';
  const found = w.buses.get(busName);
  if (found?.spec.jetstreamExotic) return { ...found, metadata: { name: busName, namespace: src.namespace } };
  if (found && !found.spec.jetstream) {
    out.error(
      ['spec', 'eventBusName'],
      `EventBus "${busName}" is not a JetStream bus: jetflow connects to jetstream or jetstreamExotic buses only`,
    );
    return undefined;
  }
  if (!found)
    out.warn(
      ['spec', 'eventBusName'],
      `EventBus "${busName}" is not in the input: assuming a managed bus of that name in namespace ${src.namespace} with the default stream config`,
    );
  const stream = mergeStreamText(
    w.opts.defaultStreamConfig ?? DEFAULT_STREAM_CONFIG,
    found?.spec.jetstream?.streamConfig,
  );
  if ('error' in stream) {
    out.error(['spec', 'eventBusName'], `EventBus "${busName}" spec.jetstream.streamConfig: ${stream.error}`);
    return undefined;
  }
  const secrets = busSecretNames(busName, w.opts);
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'EventBus',
    metadata: { name: busName, namespace: src.namespace },
    spec: {
      jetstreamExotic: {
        url: busClientUrl(busName, src.namespace),
        accessSecret: { name: secrets.auth, key: AUTH_KEYS.clientAuth },
        tls: { caCertSecret: { name: secrets.tls, key: TLS_KEYS.ca } },
        streamConfig: stream.text,
      },
    },
  } as EventBus;
}

/** The resource without status and server-set metadata, in the target namespace. */
function cleanResource(r: Workload, namespace: string): Record<string, unknown> {
  const meta = compact({
    name: r.metadata.name,
    namespace,
    labels: r.metadata.labels,
    annotations: r.metadata.annotations,
  });
  return { apiVersion: r.apiVersion, kind: r.kind, metadata: meta, spec: r.spec };
}

interface WebhookPort {
  port: number;
  raw: string;
  path: PathSeg[];
}

/** Distinct ports of the webhook-family events (routes on one port share one server). */
function webhookPortsOf(es: EventSource): WebhookPort[] {
  const seen = new Map<string, WebhookPort>();
  for (const type of [...WEBHOOK_FAMILY].sort() as SourceType[]) {
    const events = (es.spec as Record<string, unknown>)[type] as Record<string, unknown> | undefined;
    for (const [event, cfg] of Object.entries(events ?? {}).sort(([a], [b]) => (a < b ? -1 : 1))) {
      const c = cfg as { port?: unknown; webhook?: { port?: unknown } };
      const inline = typeof c.port === 'string';
      const raw = inline ? c.port : c.webhook?.port;
      if (typeof raw !== 'string' || seen.has(raw)) continue;
      const path = ['spec', type, event, ...(inline ? [] : ['webhook']), 'port'];
      seen.set(raw, { port: /^\d+$/.test(raw) ? Number(raw) : NaN, raw, path });
    }
  }
  return [...seen.values()];
}

/** `spec.service.ports` as given (upstream), else one port per webhook port so the receivers are reachable. */
function eventSourceService(
  es: EventSource,
  name: string,
  webhookPorts: WebhookPort[],
  out: ResourceOut,
): { object: KubeObject; origins: Origin[] } | undefined {
  const svc = es.spec.service;
  const given = (svc?.ports ?? []) as Record<string, unknown>[];
  const ports = given.length
    ? given
    : webhookPorts.map((p) => ({ name: `http-${p.raw}`, port: p.port, targetPort: p.port, protocol: 'TCP' }));
  if (!ports.length) return undefined;
  const origins: Origin[] = given.length
    ? [
        { objectPath: ['spec', 'ports'], sourcePath: ['spec', 'service', 'ports'] },
        { objectPath: ['metadata', 'labels'], sourcePath: ['spec', 'service', 'metadata', 'labels'] },
        { objectPath: ['spec', 'clusterIP'], sourcePath: ['spec', 'service', 'clusterIP'] },
      ]
    : webhookPorts.map((p, i) => ({ objectPath: ['spec', 'ports', i], sourcePath: p.path }));
  return {
    object: {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: objectMeta(out.source, name, {
        labels: svc?.metadata?.labels,
        annotations: svc?.metadata?.annotations,
      }),
      spec: compact({
        type: 'ClusterIP',
        clusterIP: svc?.clusterIP,
        selector: selectorLabels(out.source),
        ports,
      }),
    },
    origins: [...origins, ...nameLabelOrigins(['spec', 'selector'])],
  };
}

const POD = ['spec', 'template', 'spec'];
const TPL = ['spec', 'template'];
const MAIN = [...POD, 'containers', 0];

/** Pod fields copied from `spec.template`. */
const POD_PASSTHROUGH = [
  'serviceAccountName',
  'securityContext',
  'nodeSelector',
  'tolerations',
  'imagePullSecrets',
  'priorityClassName',
  'priority',
  'affinity',
] as const;
const DEFAULT_POD_SECURITY = { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } };
const CONTAINER_PASSTHROUGH = ['env', 'envFrom', 'imagePullPolicy', 'resources', 'securityContext'] as const;

function deploymentOrigins(): Origin[] {
  return [
    { objectPath: ['spec', 'replicas'], sourcePath: ['spec', 'replicas'] },
    { objectPath: [...TPL, 'metadata'], sourcePath: [...TPL, 'metadata'] },
    ...POD_PASSTHROUGH.map((f) => ({ objectPath: [...POD, f], sourcePath: [...TPL, f] })),
    ...CONTAINER_PASSTHROUGH.map((f) => ({ objectPath: [...MAIN, f], sourcePath: [...TPL, 'container', f] })),
    ...nameLabelOrigins(['spec', 'selector', 'matchLabels']),
    ...nameLabelOrigins([...TPL, 'metadata', 'labels']),
  ];
}

interface DeploymentInput {
  name: string;
  refs: KeyRef[];
  webhookPorts: WebhookPort[];
  /** The mounted ConfigMap's data: a trigger or event change alters only it, so its hash rolls the pods. */
  configData: Record<string, string>;
}

function deployment(w: WorkloadInput, d: DeploymentInput, out: ResourceOut): KubeObject {
  const { name, refs, webhookPorts } = d;
  const src = out.source;
  const tpl = w.resource.spec.template ?? {};
  const container = tpl.container ?? {};
  const command = src.kind === 'EventSource' ? 'eventsource' : 'sensor';
  const replicas = Math.max(1, w.resource.spec.replicas ?? 1);
  const main = compact({
    name: 'main',
    image: w.opts.image,
    ...Object.fromEntries(CONTAINER_PASSTHROUGH.map((f) => [f, container[f]])),
    args: [
      command,
      src.name,
      '-f',
      POD_PATHS.resources,
      '--secrets-dir',
      POD_PATHS.secrets,
      '--metrics-port',
      String(METRICS_PORT),
    ],
    ports: [
      { name: 'metrics', containerPort: METRICS_PORT, protocol: 'TCP' },
      ...webhookPorts.map((p) => ({ name: `http-${p.raw}`, containerPort: p.port, protocol: 'TCP' })),
    ],
    // /metrics is served only once the bus connection is up: ready = connected.
    readinessProbe: { httpGet: { path: '/metrics', port: METRICS_PORT }, periodSeconds: 10 },
    volumeMounts: [
      { name: 'resources', mountPath: POD_PATHS.resources, readOnly: true },
      { name: 'secrets', mountPath: POD_PATHS.secrets, readOnly: true },
      ...((container.volumeMounts ?? []) as unknown[]),
    ],
  });
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: objectMeta(src, name, { labels: w.resource.metadata.labels }),
    spec: {
      replicas,
      selector: { matchLabels: selectorLabels(src) },
      template: {
        metadata: compact({
          labels: { ...(tpl.metadata?.labels ?? {}), ...objectLabels(src) },
          annotations: podAnnotations(tpl.metadata?.annotations, d.configData),
        }),
        spec: compact({
          ...Object.fromEntries(POD_PASSTHROUGH.map((f) => [f, tpl[f]])),
          // The jetflow image runs as uid 1000; a template's own securityContext wins.
          securityContext: tpl.securityContext ?? DEFAULT_POD_SECURITY,
          containers: [main],
          volumes: [
            { name: 'resources', configMap: { name } },
            { name: 'secrets', projected: { sources: projections(refs) } },
            ...((tpl.volumes ?? []) as unknown[]),
          ],
        }),
      },
    },
  };
}

/**
 * One projection per referenced Secret/ConfigMap with only the referenced keys, at `<name>/<key>`.
 * Optional: a missing secret fails the component with its own message (naming the secret) instead of
 * leaving the pod stuck in ContainerCreating.
 */
function projections(refs: KeyRef[]): Record<string, unknown>[] {
  const byObject = new Map<string, { kind: KeyRef['kind']; name: string; keys: string[] }>();
  for (const r of refs) {
    const id = `${r.kind}/${r.name}`;
    const entry = byObject.get(id) ?? { kind: r.kind, name: r.name, keys: [] };
    entry.keys.push(r.key);
    byObject.set(id, entry);
  }
  return [...byObject.values()].map((o) => ({
    [o.kind === 'Secret' ? 'secret' : 'configMap']: {
      name: o.name,
      items: o.keys.map((key) => ({ key, path: `${o.name}/${key}` })),
      optional: true,
    },
  }));
}
