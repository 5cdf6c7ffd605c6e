/**
 * Building blocks shared by the resource schemas. Argo types are strict objects (an unknown field is
 * reported, as a warning by default); Kubernetes pass-through types (affinity, tolerations, ...) are
 * accepted as opaque objects because jetflow does not run pods.
 * @module
 */
import { z } from 'zod';
import { parseGoDuration } from '../duration.js';

/** A strict object: unknown keys become `unrecognized_keys` issues (turned into warnings by the loader). */
export const obj = <T extends z.ZodRawShape>(shape: T) => z.strictObject(shape);

/** An opaque Kubernetes object (pod spec pass-through); jetflow keeps it but does not use it. */
export const k8sObject = z
  .record(z.string(), z.unknown())
  .meta({ description: 'Kubernetes pass-through object' });
export const k8sList = z.array(k8sObject);

export const stringMap = z.record(z.string(), z.string());

/** `{name, key}` reference to a key of a Secret (Kubernetes `SecretKeySelector`). */
export const secretKeySelector = obj({
  name: z.string().min(1, 'secret name must not be empty'),
  key: z.string().min(1, 'secret key must not be empty'),
  optional: z.boolean().optional(),
});
export type SecretKeySelector = z.infer<typeof secretKeySelector>;

/** `{name, key}` reference to a key of a ConfigMap. */
export const configMapKeySelector = obj({
  name: z.string().min(1),
  key: z.string().min(1),
  optional: z.boolean().optional(),
});
export type ConfigMapKeySelector = z.infer<typeof configMapKeySelector>;

/** A Go duration string such as `10s`, `1h30m`. */
export const duration = z.string().refine((s) => parseGoDuration(s) !== undefined, {
  message: 'expected a duration such as "30s", "5m" or "1h30m"',
});

/** Go's Int64OrString / Amount: a number or a numeric string. */
export const int64OrString = z.union([z.number().int(), z.string()]);
export const amount = z.union([z.number(), z.string().regex(/^-?\d+(\.\d+)?$/, 'expected a decimal number')]);

export const metadata = obj({ annotations: stringMap.optional(), labels: stringMap.optional() });

export const tlsConfig = obj({
  caCertSecret: secretKeySelector.optional(),
  clientCertSecret: secretKeySelector.optional(),
  clientKeySecret: secretKeySelector.optional(),
  insecureSkipVerify: z.boolean().optional(),
  enabled: z.boolean().optional(),
});
export type TLSConfig = z.infer<typeof tlsConfig>;

export const basicAuth = obj({
  username: secretKeySelector.optional(),
  password: secretKeySelector.optional(),
});

/** NATS credentials; upstream uses the first that is set in the order basic, token, nkey, credential. */
export const natsAuth = obj({
  basic: basicAuth.optional(),
  token: secretKeySelector.optional(),
  /** Secret holding an nkey seed. */
  nkey: secretKeySelector.optional(),
  /** Secret holding a `.creds` file. */
  credential: secretKeySelector.optional(),
});
export type NATSAuth = z.infer<typeof natsAuth>;

export const saslConfig = obj({
  mechanism: z.enum(['', 'PLAIN', 'OAUTHBEARER', 'SCRAM-SHA-256', 'SCRAM-SHA-512', 'GSSAPI']).optional(),
  userSecret: secretKeySelector.optional(),
  passwordSecret: secretKeySelector.optional(),
});

/** Retry/backoff (upstream `Backoff`): duration is a Go duration string or an integer of nanoseconds. */
export const backoff = obj({
  duration: int64OrString.optional(),
  factor: amount.optional(),
  jitter: amount.optional(),
  steps: z.number().int().min(0).optional(),
});
export type Backoff = z.infer<typeof backoff>;

export const containerTemplate = obj({
  resources: k8sObject.optional(),
  imagePullPolicy: z.string().optional(),
  securityContext: k8sObject.optional(),
});

export const persistenceStrategy = obj({
  storageClassName: z.string().optional(),
  accessMode: z.string().optional(),
  volumeSize: z.union([z.string(), z.number()]).optional(),
});

/** Main container of upstream's pod (upstream `Container`); kept, unused without Kubernetes. */
export const podContainer = obj({
  env: k8sList.optional(),
  envFrom: k8sList.optional(),
  imagePullPolicy: z.string().optional(),
  resources: k8sObject.optional(),
  securityContext: k8sObject.optional(),
  volumeMounts: k8sList.optional(),
});

/** Pod template of an EventSource or Sensor deployment (kept, unused without Kubernetes). */
export const podTemplate = obj({
  metadata: metadata.optional(),
  serviceAccountName: z.string().optional(),
  container: podContainer.optional(),
  volumes: k8sList.optional(),
  securityContext: k8sObject.optional(),
  nodeSelector: stringMap.optional(),
  tolerations: k8sList.optional(),
  imagePullSecrets: k8sList.optional(),
  priorityClassName: z.string().optional(),
  priority: z.number().int().optional(),
  affinity: k8sObject.optional(),
});

/** `metadata` of a document (Kubernetes ObjectMeta, the fields jetflow reads). */
export const objectMeta = z.looseObject({
  name: z.string().min(1, 'metadata.name is required'),
  namespace: z.string().optional(),
  labels: stringMap.optional(),
  annotations: stringMap.optional(),
});

/** Common envelope fields of every argoproj.io document. */
export const envelope = {
  apiVersion: z.literal('argoproj.io/v1alpha1'),
  metadata: objectMeta,
  status: z.unknown().optional(),
};
