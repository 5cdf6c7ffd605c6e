/** `renderResources`: loaded documents → Kubernetes objects per source resource (pure). */
import type { EventBus, EventSource, LoadedDocument, Sensor } from '../api/index.js';
import { ResourceOut } from './emit.js';
import { renderEventBus } from './eventbus.js';
import { cmp, compareObjects } from './meta.js';
import type { RenderedResource, RenderOptions, RenderProblem, RenderResult, SourceRef } from './types.js';
import { validateRendered } from './validate.js';
import { renderWorkload } from './workload.js';

const KINDS = ['EventBus', 'EventSource', 'Sensor'] as const;
type Kind = (typeof KINDS)[number];

/**
 * Render every EventBus, EventSource and Sensor of `docs`. Documents with validation errors are
 * reported (with their loader issues) and render nothing; other kinds (Secrets, ConfigMaps, ...) are
 * ignored. Same input and options, same output: no clock, no randomness, no I/O.
 */
export function renderResources(docs: readonly LoadedDocument[], opts: RenderOptions): RenderResult {
  const problems: RenderProblem[] = [];
  const warnings: RenderProblem[] = [];
  const resources: RenderedResource[] = [];
  const ns = (d: LoadedDocument) => opts.namespace ?? d.namespace;
  const ours = docs.filter((d) => KINDS.includes(d.kind as Kind) && d.apiVersion === 'argoproj.io/v1alpha1');
  for (const d of ours) {
    for (const i of d.issues) {
      // Render says what `latest` became itself (an image, not "the newest nats-server found").
      if (i.severity === 'warning' && i.path === 'spec.jetstream.version' && /latest/.test(i.message))
        continue;
      const p: RenderProblem = {
        file: d.file,
        path: i.path,
        message: i.message,
        resource: `${d.kind}/${d.name ?? '?'}`,
        document: d.index,
        pos: i.pos,
      };
      (i.severity === 'error' ? problems : warnings).push(p);
    }
  }
  const valid = withoutDuplicates(
    ours.filter((d) => d.resource && !d.skipped),
    ns,
    problems,
  );
  const buses = busesByNamespace(valid, ns);
  for (const d of sortDocs(valid, ns)) {
    const source: SourceRef = { kind: d.kind as Kind, name: d.name!, namespace: ns(d), file: d.file };
    const out = new ResourceOut(source, d.index);
    if (source.kind === 'EventBus') renderEventBus(d.resource as EventBus, out, opts);
    else
      renderWorkload(
        {
          resource: d.resource as EventSource | Sensor,
          buses: buses.get(source.namespace) ?? new Map(),
          opts,
        },
        out,
      );
    validateRendered(out);
    problems.push(...out.problems);
    warnings.push(...out.warnings);
    resources.push({ source, objects: out.emitted.map((e) => e.object).sort(compareObjects) });
  }
  return { resources, problems, warnings };
}

/** A second document of the same kind/namespace/name would overwrite the first on apply: refused. */
function withoutDuplicates(
  docs: LoadedDocument[],
  ns: (d: LoadedDocument) => string,
  problems: RenderProblem[],
): LoadedDocument[] {
  const first = new Map<string, LoadedDocument>();
  const out: LoadedDocument[] = [];
  for (const d of docs) {
    const id = `${d.kind}/${ns(d)}/${d.name}`;
    const prev = first.get(id);
    if (!prev) {
      first.set(id, d);
      out.push(d);
      continue;
    }
    problems.push({
      file: d.file,
      path: 'metadata.name',
      message: `${d.kind} ${ns(d)}/${d.name} is also defined in ${prev.file} (document ${prev.index + 1})`,
      resource: `${d.kind}/${d.name}`,
      document: d.index,
      segments: ['metadata', 'name'],
    });
  }
  return out;
}

function busesByNamespace(
  docs: LoadedDocument[],
  ns: (d: LoadedDocument) => string,
): Map<string, Map<string, EventBus>> {
  const out = new Map<string, Map<string, EventBus>>();
  for (const d of docs) {
    if (d.kind !== 'EventBus') continue;
    const m = out.get(ns(d)) ?? new Map<string, EventBus>();
    m.set(d.name!, d.resource as EventBus);
    out.set(ns(d), m);
  }
  return out;
}

/** Kind, namespace, name (then file), so the order does not depend on how the files were listed. */
function sortDocs(docs: LoadedDocument[], ns: (d: LoadedDocument) => string): LoadedDocument[] {
  return [...docs].sort(
    (a, b) =>
      KINDS.indexOf(a.kind as Kind) - KINDS.indexOf(b.kind as Kind) ||
      cmp(ns(a), ns(b)) ||
      cmp(a.name ?? '', b.name ?? '') ||
      cmp(a.file, b.file) ||
      a.index - b.index,
  );
}

/** Every object of a result, in one deterministic order (install order, namespace, name). */
export function allObjects(result: Pick<RenderResult, 'resources'>) {
  return result.resources.flatMap((r) => r.objects).sort(compareObjects);
}
