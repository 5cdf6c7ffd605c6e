/** `ArtifactLocation`: where k8s and argoWorkflow triggers read their object from (spec/sensor.md §10). */
import { z } from 'zod';
import { basicAuth, configMapKeySelector, k8sObject, obj, secretKeySelector, stringMap } from '../common.js';

export const s3Bucket = obj({ name: z.string(), key: z.string().optional() });
export const s3Filter = obj({ prefix: z.string(), suffix: z.string() });

export const s3Artifact = obj({
  endpoint: z.string(),
  bucket: s3Bucket,
  region: z.string().optional(),
  insecure: z.boolean().optional(),
  accessKey: secretKeySelector.optional(),
  secretKey: secretKeySelector.optional(),
  events: z.array(z.string()).optional(),
  filter: s3Filter.optional(),
  metadata: stringMap.optional(),
  caCertificate: secretKeySelector.optional(),
});

export const gitRemoteConfig = obj({ name: z.string(), urls: z.array(z.string()) });
export const gitCreds = basicAuth;
export const githubAppCreds = obj({
  privateKey: secretKeySelector,
  appID: z.number().int(),
  installationID: z.number().int(),
});

export const gitArtifact = obj({
  url: z.string(),
  /** Directory the repository is cloned into. */
  cloneDirectory: z.string(),
  creds: gitCreds.optional(),
  sshKeySecret: secretKeySelector.optional(),
  /** File inside the repository holding the object. */
  filePath: z.string(),
  branch: z.string().optional(),
  tag: z.string().optional(),
  ref: z.string().optional(),
  /** @default {name: "origin"} */
  remote: gitRemoteConfig.optional(),
  insecureIgnoreHostKey: z.boolean().optional(),
  githubApp: githubAppCreds.optional(),
});

export const urlArtifact = obj({
  /** Complete URL, fetched with GET (non-200 is an error). */
  path: z.string(),
  /** Check the server certificate. @default false */
  verifyCert: z.boolean().optional(),
});

export const fileArtifact = obj({ path: z.string().optional() });

/** Exactly one of the keys is expected. */
export const artifactLocation = obj({
  s3: s3Artifact.optional(),
  /** YAML or JSON text of the object. */
  inline: z.string().optional(),
  file: fileArtifact.optional(),
  url: urlArtifact.optional(),
  configmap: configMapKeySelector.optional(),
  git: gitArtifact.optional(),
  /** The object itself. */
  resource: k8sObject.optional(),
});
export type ArtifactLocation = z.infer<typeof artifactLocation>;
export const ARTIFACT_KINDS = ['s3', 'inline', 'file', 'url', 'configmap', 'git', 'resource'] as const;
