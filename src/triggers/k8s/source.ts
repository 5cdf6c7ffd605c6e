/**
 * Reading the object of a `k8s`/`argoWorkflow` trigger from its `source` ArtifactLocation
 * (spec/sensor.md §10): `resource` and `inline` are fixed and parsed once, at prepare; `file`, `url`
 * and `configmap` are read again at every execution, as upstream does (their content may change while
 * the sensor runs). `git` and `s3` are refused at prepare.
 * @module
 */
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import https from 'node:https';
import type { StandardK8STrigger } from '../../api/index.js';
import type { KubeClient } from '../../kube/index.js';
import { asKubeObject, parseKubeObject, type KubeObject } from './object.js';

export type ArtifactLocation = NonNullable<StandardK8STrigger['source']>;

/** Where an object comes from: `fixed` when it is known at prepare, else `read` fetches it. */
export interface ObjectSource {
  /** `inline`, `resource`, `file`, `url` or `configmap` (for messages). */
  kind: string;
  fixed?: KubeObject;
  read(client: () => KubeClient, namespace: string, signal: AbortSignal): Promise<KubeObject>;
}

/** A bad `source` (refused at prepare). */
export class SourceError extends Error {
  override name = 'SourceError';
}

const URL_TIMEOUT_MS = 10_000;

/**
 * The reader of `source`.
 * @throws {SourceError} when it is missing, names no or an unsupported location, or (inline/resource)
 * is not a Kubernetes object
 */
export function objectSource(source: ArtifactLocation | undefined): ObjectSource {
  if (!source) throw new SourceError('does not contain an absolute action: expected source, found nothing');
  if (source.resource !== undefined)
    return fixed('resource', asKubeObject(source.resource, 'source.resource'));
  if (source.inline !== undefined) return fixed('inline', parseKubeObject(source.inline, 'source.inline'));
  if (source.file) {
    const path = source.file.path;
    if (!path) throw new SourceError('source.file.path is empty');
    return {
      kind: 'file',
      read: async () => parseKubeObject(await readFile(path, 'utf8'), `source file ${path}`),
    };
  }
  if (source.url) {
    const { path, verifyCert = false } = source.url;
    return {
      kind: 'url',
      read: async (_c, _ns, signal) =>
        parseKubeObject(await getText(path, verifyCert, signal), `source url ${redactUrl(path)}`),
    };
  }
  if (source.configmap) {
    const { name, key } = source.configmap;
    return {
      kind: 'configmap',
      read: async (client, namespace) => {
        const cm = await client().get({
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name, namespace },
        });
        const what = `ConfigMap ${namespace}/${name}`;
        if (!cm) throw new Error(`source ${what} not found`);
        const text = (cm.data as Record<string, string> | undefined)?.[key];
        if (text === undefined) throw new Error(`source ${what} has no key ${JSON.stringify(key)}`);
        return parseKubeObject(text, `source ${what} key ${key}`);
      },
    };
  }
  if (source.git) throw new SourceError('source.git is not supported yet in jetflow');
  if (source.s3) throw new SourceError('source.s3 is not supported yet in jetflow');
  throw new SourceError('source names no location: expected one of resource, inline, file, url, configmap');
}

function fixed(kind: string, obj: KubeObject): ObjectSource {
  return { kind, fixed: obj, read: () => Promise.resolve(structuredClone(obj)) };
}

/** GET `url` as text; anything but 200 is an error. The certificate is checked only with `verifyCert`. */
function getText(url: string, verifyCert: boolean, signal: AbortSignal): Promise<string> {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const mod = u.protocol === 'https:' ? https : http;
    const req = mod.get(u, { rejectUnauthorized: verifyCert, timeout: URL_TIMEOUT_MS, signal }, (res) => {
      if (res.statusCode !== 200) {
        res.resume();
        reject(new Error(`GET ${redactUrl(url)} answered ${res.statusCode}`));
        return;
      }
      res.setEncoding('utf8');
      let body = '';
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve(body));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`GET ${redactUrl(url)} timed out`)));
    req.on('error', reject);
  });
}

/** The URL without user info or query (either may hold a credential). */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return '<invalid url>';
  }
}
