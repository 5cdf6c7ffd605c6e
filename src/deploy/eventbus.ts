/**
 * A managed (`jetstream:`) EventBus as Kubernetes objects (spec/eventbus.md §6): a headless Service for
 * the pods' stable DNS names and routes, a client Service, a StatefulSet of nats-server pods, a
 * PodDisruptionBudget, the server config in a ConfigMap, and (given generated material) the auth and TLS
 * Secrets. An exotic bus renders nothing: pods reach it through its own secrets (workload.ts).
 * @module
 */
import {
  DEFAULT_BUS_REPLICAS,
  DEFAULT_MAX_PAYLOAD,
  busObjectNames,
  type EventBus,
  type JetStreamBus,
} from '../api/index.js';
import {
  DEFAULT_IMAGE_VERSIONS,
  DEFAULT_SETTINGS,
  checkServerSpec,
  resolveImage,
  type NatsImageVersion,
} from '../bus/local/index.js';
import {
  compact,
  nameLabelOrigins,
  objectLabels,
  objectMeta,
  podAnnotations,
  selectorLabels,
} from './meta.js';
import { CONFIG_KEY, NATS_PATHS, NATS_PORTS, natsServerConfig } from './nats-config.js';
import { AUTH_KEYS, TLS_KEYS, authSecret, tlsSecret } from './secrets.js';
import type { ResourceOut } from './emit.js';
import { busKey, type KubeObject, type Origin, type RenderOptions } from './types.js';

const JS = ['spec', 'jetstream'];

/** The Secret names a managed bus uses (flags name existing ones instead of generated ones). */
export function busSecretNames(bus: string, opts: Pick<RenderOptions, 'tlsSecret' | 'authSecret'>) {
  const n = busObjectNames(bus);
  return { auth: opts.authSecret ?? n.authSecret, tls: opts.tlsSecret ?? n.tlsSecret };
}

/** Client URL of a managed bus (through the client Service). */
export function busClientUrl(bus: string, namespace: string): string {
  return `nats://${busObjectNames(bus).clientService}.${namespace}.svc:${NATS_PORTS.client}`;
}

export function renderEventBus(bus: EventBus, out: ResourceOut, opts: RenderOptions): void {
  const js = bus.spec.jetstream;
  if (!js) {
    // jetstreamExotic: nothing to deploy. nats/kafka: lint warns; nothing jetflow could run.
    if (!bus.spec.jetstreamExotic)
      out.warn(['spec'], 'only jetstream buses are rendered; this bus renders nothing');
    return;
  }
  const version = resolveNatsImage(js, out, opts.natsImages ?? DEFAULT_IMAGE_VERSIONS);
  const settings = js.settings ?? opts.defaultSettings ?? DEFAULT_SETTINGS;
  const maxPayload = js.maxPayload ?? DEFAULT_MAX_PAYLOAD;
  for (const i of checkServerSpec(settings, maxPayload, js.startArgs ?? []))
    out.error(
      i.path
        .replace(/\[(\d+)\]/g, '.$1')
        .split('.')
        .map(seg),
      i.message,
    );
  if (!version) return;

  const src = out.source;
  const n = busObjectNames(src.name);
  const replicas = js.replicas ?? DEFAULT_BUS_REPLICAS;
  const podHosts = Array.from(
    { length: replicas },
    (_, i) => `${n.statefulSet}-${i}.${n.headlessService}.${src.namespace}.svc`,
  );
  const configText = natsServerConfig({ busName: src.name, replicas, podHosts, maxPayload, settings });
  const secrets = busSecretNames(src.name, opts);
  const material = opts.busSecrets?.get(busKey(src.namespace, src.name));
  if (material && !opts.authSecret) out.add(authSecret(src, secrets.auth, material));
  if (material && !opts.tlsSecret) out.add(tlsSecret(src, secrets.tls, material));
  const configData = { [CONFIG_KEY]: configText };
  out.add({ apiVersion: 'v1', kind: 'ConfigMap', metadata: objectMeta(src, n.configMap), data: configData });
  out.add(headlessService(src, n.headlessService), nameLabelOrigins(['spec', 'selector']));
  out.add(clientService(src, n.clientService), nameLabelOrigins(['spec', 'selector']));
  out.add(pdb(src, n.pdb), nameLabelOrigins(['spec', 'selector', 'matchLabels']));
  out.add(
    statefulSet(bus, js, {
      src,
      persistent: !!js.persistence,
      replicas,
      version,
      secrets,
      configData,
      names: n,
    }),
    statefulSetOrigins(),
  );
}

/** Segments of a `checkServerSpec` path back to PathSeg (numeric indexes as numbers). */
function seg(s: string): string | number {
  return /^\d+$/.test(s) ? Number(s) : s;
}

/** The version's image through the same table `jetflow bus` reads; `latest` resolved with a warning. */
function resolveNatsImage(
  js: JetStreamBus,
  out: ResourceOut,
  images: readonly NatsImageVersion[],
): NatsImageVersion | undefined {
  if (!js.version) {
    out.error([...JS, 'version'], 'a version for jetstream needs to be specified');
    return undefined;
  }
  const v = resolveImage(images, js.version);
  if (!v) {
    const names = [...images.map((i) => i.version), 'latest'].join(', ');
    out.error([...JS, 'version'], `unsupported version "${js.version}": expected one of ${names}`);
    return undefined;
  }
  if (js.version === 'latest')
    out.warn(
      [...JS, 'version'],
      `version "latest" rendered as ${v.version} (image ${v.image}); pin a version in real deployments`,
    );
  return v;
}

const port = (name: string, p: number) => ({ name, port: p, targetPort: p, protocol: 'TCP' });

function headlessService(src: ResourceOut['source'], name: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: objectMeta(src, name),
    spec: {
      clusterIP: 'None',
      // Routes must resolve peers that are not ready yet, or a cluster never forms.
      publishNotReadyAddresses: true,
      selector: selectorLabels(src),
      ports: [
        port('tcp-client', NATS_PORTS.client),
        port('cluster', NATS_PORTS.cluster),
        port('monitor', NATS_PORTS.monitor),
      ],
    },
  };
}

function clientService(src: ResourceOut['source'], name: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: objectMeta(src, name),
    spec: {
      type: 'ClusterIP',
      selector: selectorLabels(src),
      ports: [port('tcp-client', NATS_PORTS.client)],
    },
  };
}

/** At most one pod down at a time: an R3 bus keeps its quorum through node drains. */
function pdb(src: ResourceOut['source'], name: string): KubeObject {
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: objectMeta(src, name),
    spec: { maxUnavailable: 1, selector: { matchLabels: selectorLabels(src) } },
  };
}

interface StsInput {
  src: ResourceOut['source'];
  persistent: boolean;
  replicas: number;
  version: NatsImageVersion;
  secrets: { auth: string; tls: string };
  /** The ConfigMap's data, hashed onto the pod template so a config change rolls the pods. */
  configData: Record<string, string>;
  names: ReturnType<typeof busObjectNames>;
}

const POD = ['spec', 'template', 'spec'];

/** Pod fields copied from the spec, so problems in them point at `spec.jetstream.<field>`. */
const POD_PASSTHROUGH = [
  'nodeSelector',
  'tolerations',
  'securityContext',
  'imagePullSecrets',
  'priorityClassName',
  'priority',
  'affinity',
  'serviceAccountName',
] as const;

function statefulSetOrigins(): Origin[] {
  return [
    { objectPath: ['spec', 'replicas'], sourcePath: [...JS, 'replicas'] },
    { objectPath: ['spec', 'template', 'metadata'], sourcePath: [...JS, 'metadata'] },
    { objectPath: ['spec', 'volumeClaimTemplates'], sourcePath: [...JS, 'persistence'] },
    { objectPath: [...POD, 'containers', 0, 'args'], sourcePath: [...JS, 'startArgs'] },
    {
      objectPath: [...POD, 'containers', 0, 'resources'],
      sourcePath: [...JS, 'containerTemplate', 'resources'],
    },
    ...POD_PASSTHROUGH.map((f) => ({ objectPath: [...POD, f], sourcePath: [...JS, f] })),
    ...nameLabelOrigins(['spec', 'selector', 'matchLabels']),
    ...nameLabelOrigins(['spec', 'template', 'metadata', 'labels']),
  ];
}

function statefulSet(bus: EventBus, js: JetStreamBus, s: StsInput): KubeObject {
  const { names: n, src } = s;
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    // StatefulSet labels = the EventBus's labels + the bus labels (spec §6.4).
    metadata: objectMeta(src, n.statefulSet, { labels: bus.metadata.labels }),
    spec: compact({
      serviceName: n.headlessService,
      replicas: s.replicas,
      podManagementPolicy: 'Parallel',
      selector: { matchLabels: selectorLabels(src) },
      template: {
        metadata: compact({
          // jetflow's labels win on conflict (upstream: controller labels win).
          labels: { ...(js.metadata?.labels ?? {}), ...objectLabels(src) },
          annotations: podAnnotations(js.metadata?.annotations, s.configData),
        }),
        spec: compact({
          ...Object.fromEntries(POD_PASSTHROUGH.map((f) => [f, js[f]])),
          terminationGracePeriodSeconds: 60,
          containers: [natsContainer(js, s)],
          volumes: podVolumes(s),
        }),
      },
      volumeClaimTemplates: js.persistence ? [claimTemplate(src, js.persistence)] : undefined,
    }),
  };
}

/** Name of the data volume: the PVC template's, or the emptyDir's without persistence. */
const DATA_VOLUME = 'data';

function natsContainer(js: JetStreamBus, s: StsInput): Record<string, unknown> {
  const n = s.names;
  const cmd = s.version.startCommand;
  const probe = (path: string, extra: Record<string, number>) => ({
    httpGet: { path, port: NATS_PORTS.monitor },
    initialDelaySeconds: 10,
    timeoutSeconds: 5,
    ...extra,
  });
  const ct = js.containerTemplate ?? {};
  return compact({
    name: 'main',
    image: s.version.image,
    imagePullPolicy: ct.imagePullPolicy,
    command: [cmd, '--config', NATS_PATHS.configFile],
    args: js.startArgs,
    ports: [
      { name: 'client', containerPort: NATS_PORTS.client },
      { name: 'cluster', containerPort: NATS_PORTS.cluster },
      { name: 'monitor', containerPort: NATS_PORTS.monitor },
    ],
    env: [
      { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
      { name: 'SERVER_NAME', value: '$(POD_NAME)' },
      { name: 'POD_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
      { name: 'CLUSTER_ADVERTISE', value: `$(POD_NAME).${n.headlessService}.$(POD_NAMESPACE).svc` },
      { name: 'JS_KEY', valueFrom: { secretKeyRef: { name: s.secrets.auth, key: AUTH_KEYS.encryption } } },
    ],
    resources: ct.resources,
    securityContext: ct.securityContext,
    volumeMounts: [
      { name: 'config-volume', mountPath: NATS_PATHS.configDir },
      { name: 'pid', mountPath: NATS_PATHS.pidDir },
      { name: DATA_VOLUME, mountPath: NATS_PATHS.dataDir },
    ],
    startupProbe: probe('/healthz', { failureThreshold: 30 }),
    livenessProbe: probe('/', { periodSeconds: 30 }),
    readinessProbe: probe('/healthz', { periodSeconds: 5 }),
    // Lame duck: clients move to the other servers before this one stops.
    lifecycle: { preStop: { exec: { command: [cmd, `-sl=ldm=${NATS_PATHS.pidFile}`] } } },
  });
}

const item = (key: string, path: string) => ({ key, path });

function podVolumes(s: StsInput): Record<string, unknown>[] {
  const volumes: Record<string, unknown>[] = [
    {
      name: 'config-volume',
      projected: {
        sources: [
          { configMap: { name: s.names.configMap, items: [item(CONFIG_KEY, 'nats-js.conf')] } },
          { secret: { name: s.secrets.auth, items: [item(AUTH_KEYS.serverAuth, 'auth.conf')] } },
          {
            secret: {
              name: s.secrets.tls,
              items: [
                item(TLS_KEYS.key, 'server-key.pem'),
                item(TLS_KEYS.cert, 'server-cert.pem'),
                item(TLS_KEYS.ca, 'ca-cert.pem'),
                item(TLS_KEYS.clusterKey, 'cluster-server-key.pem'),
                item(TLS_KEYS.clusterCert, 'cluster-server-cert.pem'),
                item(TLS_KEYS.clusterCa, 'cluster-ca-cert.pem'),
              ],
            },
          },
        ],
      },
    },
    { name: 'pid', emptyDir: {} },
  ];
  // Without persistence the store lives as long as the pod (spec §2).
  if (!s.persistent) volumes.push({ name: DATA_VOLUME, emptyDir: {} });
  return volumes;
}

function claimTemplate(
  src: ResourceOut['source'],
  p: NonNullable<JetStreamBus['persistence']>,
): Record<string, unknown> {
  return {
    metadata: { name: DATA_VOLUME, labels: objectLabels(src) },
    spec: compact({
      accessModes: [p.accessMode ?? 'ReadWriteOnce'],
      storageClassName: p.storageClassName,
      volumeMode: 'Filesystem',
      resources: { requests: { storage: String(p.volumeSize ?? '20Gi') } },
    }),
  };
}
