/**
 * Where jetflow's Kubernetes access comes from, as `kubectl` and client-go decide it: in a pod, the
 * service account (KUBERNETES_SERVICE_HOST set and its token file present); else the files of
 * KUBECONFIG (colon-separated, merged, first one's context wins), else ~/.kube/config. The error says
 * what was tried. Tokens are never part of a message: parse errors keep only their first line, which
 * names a position, not content.
 * @module
 */
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';

export const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

/** No usable Kubernetes configuration was found, or a configuration file is not valid. */
export class KubeConfigError extends Error {
  override name = 'KubeConfigError';
}

export interface KubeConfigSources {
  env?: NodeJS.ProcessEnv;
  homeDir?: string;
  serviceAccountDir?: string;
}

export function loadKubeConfig(src: KubeConfigSources = {}): KubeConfig {
  const env = src.env ?? process.env;
  const saDir = src.serviceAccountDir ?? SERVICE_ACCOUNT_DIR;
  const tried: string[] = [];
  const tokenFile = path.join(saDir, 'token');
  if (env.KUBERNETES_SERVICE_HOST && existsSync(tokenFile)) {
    const kc = new KubeConfig();
    kc.loadFromCluster(
      saDir.endsWith(SERVICE_ACCOUNT_DIR) ? saDir.slice(0, -SERVICE_ACCOUNT_DIR.length) : undefined,
    );
    return kc;
  }
  tried.push(
    env.KUBERNETES_SERVICE_HOST
      ? `in-cluster service account (KUBERNETES_SERVICE_HOST is set but ${tokenFile} does not exist)`
      : 'in-cluster service account (KUBERNETES_SERVICE_HOST is not set)',
  );
  const fromEnv = (env.KUBECONFIG ?? '').split(path.delimiter).filter((f) => f !== '');
  const files = fromEnv.length > 0 ? fromEnv : [path.join(src.homeDir ?? os.homedir(), '.kube', 'config')];
  const existing = files.filter((f) => existsSync(f));
  if (existing.length === 0) {
    tried.push(
      fromEnv.length > 0
        ? `KUBECONFIG=${fromEnv.join(path.delimiter)} (no such file)`
        : `${files[0]} (no such file; KUBECONFIG is not set)`,
    );
    throw new KubeConfigError(`no Kubernetes configuration found; tried: ${tried.join('; ')}`);
  }
  const kc = new KubeConfig();
  existing.forEach((f, i) => {
    const one = i === 0 ? kc : new KubeConfig();
    try {
      one.loadFromFile(f);
    } catch (err) {
      const first = String((err as Error).message).split('\n')[0];
      throw new KubeConfigError(`${f}: not a valid kubeconfig: ${first}`);
    }
    if (i > 0) kc.mergeConfig(one, true);
  });
  if (!kc.getCurrentCluster())
    throw new KubeConfigError(
      `${existing.join(path.delimiter)}: the kubeconfig has no current-context naming a cluster (current-context: ${JSON.stringify(kc.getCurrentContext())})`,
    );
  return kc;
}
