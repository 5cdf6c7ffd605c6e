/**
 * `jetflow render [PATHS...]`: the Kubernetes manifests of the resources in PATHS (see src/deploy).
 * Prints one sorted multi-document YAML on stdout, or with `-o DIR` writes one file per resource plus
 * the Secrets in their own 0600 file. Secrets never reach stdout unless `--include-secrets`. Refuses
 * (exit 1, every problem on stderr, nothing written) when any resource or rendered object is invalid.
 * @module
 */
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { formatIssue, loadResources } from '../../api/index.js';
import { DEFAULT_IMAGE_VERSIONS, loadControllerConfig } from '../../bus/local/index.js';
import {
  allObjects,
  busKey,
  busSecretNames,
  customResourceDefinitions,
  formatProblem,
  generateBusSecrets,
  isCreateOnly,
  placeProblems,
  renderResources,
  toMultiDocYaml,
  type BusSecretMaterial,
  type KubeObject,
  type RenderResult,
} from '../../deploy/index.js';
import { VERSION } from '../version.js';
import type { RegisterCommand } from './types.js';

interface RenderOpts {
  namespace?: string;
  image: string;
  output?: string;
  crds: boolean;
  tlsSecret?: string;
  authSecret?: string;
  includeSecrets: boolean;
  config?: string;
}

/** The image built from this repository's Dockerfile, tagged with the package version. */
export const DEFAULT_IMAGE = `jetflow:${VERSION}`;
/** File of `-o DIR` holding every Secret (mode 0600). */
export const SECRETS_FILE = '10-secrets.yaml';
export const CRDS_FILE = '00-crds.yaml';

export const registerRender: RegisterCommand = (program, setExitCode) => {
  program
    .command('render')
    .description('print (or write) the Kubernetes manifests of EventBus, EventSource and Sensor resources')
    .argument('[paths...]', 'files or directories (searched recursively for .yaml, .yml, .json)')
    .option('-n, --namespace <ns>', 'namespace of every object (default: each resource’s, else "default")')
    .option('--image <image>', 'jetflow image the EventSource/Sensor Deployments run', DEFAULT_IMAGE)
    .option(
      '-o, --output <dir>',
      'write one file per resource into DIR (Secrets into DIR/10-secrets.yaml, 0600)',
    )
    .option('--crds', 'also render the CustomResourceDefinitions (alone when no paths are given)', false)
    .option(
      '--tls-secret <name>',
      'use this existing TLS Secret for every managed bus instead of generating one',
    )
    .option(
      '--auth-secret <name>',
      'use this existing auth Secret for every managed bus instead of generating one',
    )
    .option(
      '--include-secrets',
      'print generated Secrets on stdout too (they hold passwords and keys)',
      false,
    )
    .option(
      '--config <file>',
      'controller config (nats versions → images, default settings and stream config)',
    )
    .action(async (paths: string[], opts: RenderOpts) => setExitCode(await runRender(paths, opts)));
};

async function runRender(paths: string[], opts: RenderOpts): Promise<number> {
  const crds = opts.crds ? customResourceDefinitions() : [];
  if (paths.length === 0) {
    if (!opts.crds) return usage('give files or directories to render (or --crds)');
    return emit({ crds, objects: [], secrets: [] }, opts);
  }
  const loaded = await loadResources(paths);
  for (const e of loaded.errors) process.stderr.write(`error: ${formatIssue(e)}\n`);
  if (loaded.errors.length) return 1;
  const config = await loadControllerConfig({ file: opts.config });
  const wantSecrets = Boolean(opts.output) || opts.includeSecrets;
  const renderOpts = {
    namespace: opts.namespace,
    image: opts.image,
    natsImages: config.images ?? DEFAULT_IMAGE_VERSIONS,
    defaultSettings: config.settings,
    defaultStreamConfig: config.streamConfig,
    tlsSecret: opts.tlsSecret,
    authSecret: opts.authSecret,
  };
  // A first pass finds the managed buses and the problems; secrets are generated only if it is clean.
  const first = renderResources(loaded.documents, renderOpts);
  if (await refuse(first)) return 1;
  const existing = opts.output ? await existingSecrets(path.join(opts.output, SECRETS_FILE)) : new Map();
  const busSecrets = wantSecrets ? await materialFor(first, opts, existing) : new Map();
  const result = renderResources(loaded.documents, { ...renderOpts, busSecrets });
  for (const w of await placeProblems(result.warnings))
    process.stderr.write(`warning: ${formatProblem(w)}\n`);
  const objects = allObjects(result);
  // Secrets kept from an earlier run are written back unchanged: never rotated.
  const fresh = objects.filter((o) => isCreateOnly(o) && !existing.has(idOf(o)));
  const secrets = [...existing.values(), ...fresh].sort(byName);
  const rest = objects.filter((o) => !isCreateOnly(o));
  noteMissingSecrets(first, opts, secrets);
  return emit({ crds, objects: rest, secrets, result }, opts);
}

function usage(message: string): number {
  process.stderr.write(`error: ${message}\n`);
  return 2;
}

/** Print every problem (placed at file:line:col where possible); true when there are any. */
async function refuse(r: RenderResult): Promise<boolean> {
  if (r.problems.length === 0) return false;
  for (const p of await placeProblems(r.problems)) process.stderr.write(`error: ${formatProblem(p)}\n`);
  process.stderr.write(`render refused: ${r.problems.length} problem(s), nothing written\n`);
  return true;
}

/** Fresh material for each managed bus whose Secrets are neither given by flags nor kept from DIR. */
async function materialFor(
  r: RenderResult,
  opts: RenderOpts,
  existing: Map<string, KubeObject>,
): Promise<Map<string, BusSecretMaterial>> {
  const out = new Map<string, BusSecretMaterial>();
  if (opts.tlsSecret && opts.authSecret) return out;
  for (const { source, objects } of r.resources) {
    if (source.kind !== 'EventBus' || !objects.some((o) => o.kind === 'StatefulSet')) continue;
    const names = busSecretNames(source.name, opts);
    const kept = (n: string) => existing.has(`${source.namespace}/${n}`);
    if (kept(names.auth) && kept(names.tls)) continue;
    out.set(busKey(source.namespace, source.name), await generateBusSecrets(source.name, source.namespace));
  }
  return out;
}

/** The Secrets a previous `-o DIR` wrote, by namespace/name (they win over freshly generated ones). */
async function existingSecrets(file: string): Promise<Map<string, KubeObject>> {
  const text = await readFile(file, 'utf8').catch(() => undefined);
  const out = new Map<string, KubeObject>();
  if (text === undefined) return out;
  for (const doc of parseAllDocuments(text) as unknown as { toJS(): unknown }[]) {
    const o = doc.toJS() as KubeObject | null;
    if (o?.kind === 'Secret' && o.metadata?.name) out.set(idOf(o), o);
  }
  return out;
}

const idOf = (o: KubeObject) => `${o.metadata.namespace ?? 'default'}/${o.metadata.name}`;

function byName(a: KubeObject, b: KubeObject): number {
  const ka = idOf(a);
  const kb = idOf(b);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

/** On stdout without --include-secrets: say which Secrets the install still needs, never their values. */
function noteMissingSecrets(r: RenderResult, opts: RenderOpts, secrets: KubeObject[]): void {
  if (opts.output || opts.includeSecrets) return;
  const needed: string[] = [];
  for (const { source, objects } of r.resources) {
    if (source.kind !== 'EventBus' || !objects.some((o) => o.kind === 'StatefulSet')) continue;
    const n = busSecretNames(source.name, opts);
    if (!opts.authSecret) needed.push(`${source.namespace}/${n.auth}`);
    if (!opts.tlsSecret) needed.push(`${source.namespace}/${n.tls}`);
  }
  if (needed.length && secrets.length === 0)
    process.stderr.write(
      `note: Secrets not printed (${needed.join(', ')}): render with -o DIR (written 0600 to DIR/${SECRETS_FILE}), ` +
        'or --include-secrets, or name existing ones with --tls-secret/--auth-secret\n',
    );
}

interface Output {
  crds: KubeObject[];
  objects: KubeObject[];
  secrets: KubeObject[];
  result?: RenderResult;
}

async function emit(out: Output, opts: RenderOpts): Promise<number> {
  if (!opts.output) {
    const printed = [...out.crds, ...(opts.includeSecrets ? out.secrets : []), ...out.objects];
    process.stdout.write(toMultiDocYaml(printed));
    return 0;
  }
  const dir = opts.output;
  await mkdir(dir, { recursive: true });
  const written: string[] = [];
  const write = async (name: string, objs: KubeObject[], mode = 0o644) => {
    if (objs.length === 0) return;
    const file = path.join(dir, name);
    await writeFile(file, toMultiDocYaml(objs), { mode });
    await chmod(file, mode); // writeFile's mode applies only when it creates the file
    written.push(file);
  };
  await write(CRDS_FILE, out.crds);
  await write(SECRETS_FILE, out.secrets, 0o600);
  for (const r of out.result?.resources ?? []) {
    const objs = r.objects.filter((o) => !isCreateOnly(o));
    // Numbered so that `kubectl apply -f DIR` (files in name order) creates the bus before its clients.
    const order = { EventBus: 20, EventSource: 30, Sensor: 40 }[r.source.kind];
    await write(`${order}-${r.source.namespace}-${r.source.kind.toLowerCase()}-${r.source.name}.yaml`, objs);
  }
  for (const f of written) process.stderr.write(`wrote ${f}\n`);
  return 0;
}
