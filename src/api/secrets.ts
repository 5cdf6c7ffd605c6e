/**
 * Resolving `{name, key}` references to Secrets and ConfigMaps without Kubernetes. In order:
 * 1. `Secret`/`ConfigMap` documents loaded with the resources (same namespace),
 * 2. a secrets dir with `<name>/<key>` files (the layout of a mounted Kubernetes secret),
 * 3. an environment variable `JETFLOW_SECRET_<NAME>_<KEY>` (or `JETFLOW_CONFIGMAP_...`), upper-cased,
 *    every character outside [A-Z0-9] replaced by `_`.
 * Values never appear in errors or logs; one trailing newline is stripped as upstream does.
 * @module
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError, SecretNotFoundError } from './errors.js';
import type { ConfigMap, Secret } from './schema/core.js';
import type { ConfigMapKeySelector, SecretKeySelector, TLSConfig } from './schema/common.js';

export interface SecretStoreOptions {
  secrets?: Secret[];
  configMaps?: ConfigMap[];
  /** Directory of `<name>/<key>` files. */
  secretsDir?: string;
  env?: NodeJS.ProcessEnv;
}

/** Environment variable consulted for a reference. */
export function secretEnvName(kind: 'SECRET' | 'CONFIGMAP', name: string, key: string): string {
  return `JETFLOW_${kind}_${`${name}_${key}`.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
}

export class SecretStore {
  private readonly secrets = new Map<string, Record<string, string>>();
  private readonly configMaps = new Map<string, Record<string, string>>();
  private readonly env: NodeJS.ProcessEnv;

  constructor(private readonly opts: SecretStoreOptions = {}) {
    this.env = opts.env ?? process.env;
    for (const s of opts.secrets ?? []) this.secrets.set(s.metadata.name, secretData(s));
    for (const c of opts.configMaps ?? []) this.configMaps.set(c.metadata.name, configMapData(c));
  }

  /** The value of a Secret key; throws SecretNotFoundError naming the secret, key and where it looked. */
  secret(ref: SecretKeySelector): string {
    return this.lookup('SECRET', this.secrets, ref);
  }

  /** The value of a ConfigMap key. */
  configMap(ref: ConfigMapKeySelector): string {
    return this.lookup('CONFIGMAP', this.configMaps, ref);
  }

  /** Like {@link secret} but `undefined` when the reference itself is absent. */
  optionalSecret(ref: SecretKeySelector | undefined): string | undefined {
    return ref ? this.secret(ref) : undefined;
  }

  private lookup(
    kind: 'SECRET' | 'CONFIGMAP',
    docs: Map<string, Record<string, string>>,
    ref: { name: string; key: string },
  ): string {
    const fromDoc = docs.get(ref.name)?.[ref.key];
    if (fromDoc !== undefined) return stripNewline(fromDoc);
    const looked = [`${kind === 'SECRET' ? 'Secret' : 'ConfigMap'} documents`];
    if (this.opts.secretsDir) {
      const file = path.join(this.opts.secretsDir, ref.name, ref.key);
      looked.push(file);
      try {
        return stripNewline(readFileSync(file, 'utf8'));
      } catch {
        /* not there: try the next place */
      }
    }
    const envName = secretEnvName(kind, ref.name, ref.key);
    looked.push(`$${envName}`);
    const fromEnv = this.env[envName];
    if (fromEnv !== undefined) return stripNewline(fromEnv);
    const what = kind === 'SECRET' ? 'secret' : 'config map';
    throw new SecretNotFoundError(
      `${what} "${ref.name}" key "${ref.key}" not found (looked in: ${looked.join(', ')})`,
    );
  }
}

function secretData(s: Secret): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(s.data ?? {})) out[k] = Buffer.from(v, 'base64').toString('utf8');
  return { ...out, ...(s.stringData ?? {}) };
}

function configMapData(c: ConfigMap): Record<string, string> {
  const out: Record<string, string> = { ...(c.data ?? {}) };
  for (const [k, v] of Object.entries(c.binaryData ?? {})) out[k] = Buffer.from(v, 'base64').toString('utf8');
  return out;
}

function stripNewline(v: string): string {
  return v.endsWith('\n') ? v.slice(0, -1) : v;
}

/** Client TLS material for Node's `tls.connect` / `https.Agent` (PEM strings; never logged). */
export interface TlsMaterial {
  ca?: string;
  cert?: string;
  key?: string;
  rejectUnauthorized: boolean;
}

/**
 * Read the TLS material of a `TLSConfig` whose certificates live in secrets (undefined → no TLS
 * options), with upstream's checks (argo-events `GetTLSConfig`). Deviation from upstream, on purpose:
 * with `insecureSkipVerify` a configured client certificate is still presented; only the server
 * verification is skipped. Used by broker sources and the http, slack and nats triggers.
 * @throws {ConfigError} when nothing is configured (and `enabled` is not set) or only one of client
 *   certificate and key is; SecretNotFoundError when a secret is missing
 */
export function tlsMaterial(tls: TLSConfig | undefined, secrets: SecretStore): TlsMaterial | undefined {
  if (!tls) return undefined;
  const ca = secrets.optionalSecret(tls.caCertSecret);
  const cert = secrets.optionalSecret(tls.clientCertSecret);
  const key = secrets.optionalSecret(tls.clientKeySecret);
  const insecure = tls.insecureSkipVerify === true;
  if (!insecure && !tls.enabled && ca === undefined && cert === undefined && key === undefined)
    throw new ConfigError(
      'invalid tls config, please configure either caCertSecret, or clientCertSecret and clientKeySecret, or both',
    );
  if ((cert === undefined) !== (key === undefined))
    throw new ConfigError(
      'invalid tls config, both clientCertSecret and clientKeySecret need to be configured',
    );
  const out: TlsMaterial = { rejectUnauthorized: !insecure };
  if (ca !== undefined) out.ca = ca;
  if (cert !== undefined) out.cert = cert;
  if (key !== undefined) out.key = key;
  return out;
}
