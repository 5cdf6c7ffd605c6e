/**
 * The generated Secrets of a managed bus. Generation (random credentials, certificates) is the one
 * impure step: {@link generateBusSecrets} runs outside the render, and its material is passed in, so
 * `renderResources` stays a pure function. The Secret objects are marked create-only: a controller
 * creates them when missing and never rotates them (a new store key would make a persisted store
 * unreadable, new certificates would break running clients).
 * @module
 */
import { KUBE_ANNOTATIONS, busObjectNames } from '../api/index.js';
import { authConf, clientAuthYaml, generateBusCertificates, randomString } from '../bus/local/index.js';
import { objectMeta } from './meta.js';
import type { BusSecretMaterial, KubeObject, SourceRef } from './types.js';

/** Keys of the auth Secret (an existing one named by `--auth-secret` needs the same). */
export const AUTH_KEYS = {
  /** `username: …\npassword: …` (upstream's client-auth format): what EventSources/Sensors read. */
  clientAuth: 'client-auth',
  /** The server's accounts include (`auth.conf`). */
  serverAuth: 'auth',
  /** JetStream encryption-at-rest key. */
  encryption: 'encryption',
} as const;

/** Keys of the TLS Secret (upstream's key names of its server secret). */
export const TLS_KEYS = {
  ca: 'ca-cert',
  cert: 'cert',
  key: 'private-key',
  clusterCa: 'cluster-ca-cert',
  clusterCert: 'cluster-cert',
  clusterKey: 'cluster-private-key',
} as const;

/** DNS names the bus answers on: clients through the client/headless Service, routes pod to pod. */
export function busDnsNames(bus: string, namespace: string): { client: string[]; cluster: string[] } {
  const n = busObjectNames(bus);
  const svc = (s: string) => [`${s}.${namespace}.svc`, `${s}.${namespace}.svc.cluster.local`];
  return {
    client: [
      ...svc(n.clientService),
      ...svc(n.headlessService),
      ...svc(n.headlessService).map((h) => `*.${h}`),
      n.clientService,
    ],
    cluster: svc(n.headlessService).map((h) => `*.${h}`),
  };
}

/**
 * Fresh credentials and certificates for one bus (the client password, the sys password, the store key,
 * the client-port and route CAs and leaves), with the bus's in-cluster DNS names as SANs.
 */
export async function generateBusSecrets(bus: string, namespace: string): Promise<BusSecretMaterial> {
  const dns = busDnsNames(bus, namespace);
  const certs = await generateBusCertificates(bus, {
    client: { dns: dns.client, ip: [] },
    cluster: { dns: dns.cluster, ip: [] },
  });
  // Lengths as the local bus (src/bus/local/secrets.ts): 8/16/24, store key 32.
  return {
    username: randomString(8),
    password: randomString(16),
    sysPassword: randomString(24),
    encryptionKey: randomString(32),
    certs,
  };
}

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');

function secret(src: SourceRef, name: string, data: Record<string, string>): KubeObject {
  const sorted = Object.fromEntries(
    Object.keys(data)
      .sort()
      .map((k) => [k, b64(data[k]!)]),
  );
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: objectMeta(src, name, { annotations: { [KUBE_ANNOTATIONS.createOnly]: 'true' } }),
    type: 'Opaque',
    data: sorted,
  };
}

/** The auth Secret: client credentials, the server's accounts include, the store key. */
export function authSecret(src: SourceRef, name: string, m: BusSecretMaterial): KubeObject {
  return secret(src, name, {
    [AUTH_KEYS.clientAuth]: clientAuthYaml(m),
    [AUTH_KEYS.serverAuth]: authConf(m),
    [AUTH_KEYS.encryption]: m.encryptionKey,
  });
}

/** The TLS Secret: both CAs, leaves and keys. */
export function tlsSecret(src: SourceRef, name: string, m: BusSecretMaterial): KubeObject {
  const { client, cluster } = m.certs;
  return secret(src, name, {
    [TLS_KEYS.ca]: client.caPem,
    [TLS_KEYS.cert]: client.leaf.certPem,
    [TLS_KEYS.key]: client.leaf.keyPem,
    [TLS_KEYS.clusterCa]: cluster.caPem,
    [TLS_KEYS.clusterCert]: cluster.leaf.certPem,
    [TLS_KEYS.clusterKey]: cluster.leaf.keyPem,
  });
}

/** True for objects a controller must create only when missing (and a writer keep out of stdout). */
export function isCreateOnly(o: KubeObject): boolean {
  return o.metadata.annotations?.[KUBE_ANNOTATIONS.createOnly] === 'true';
}
