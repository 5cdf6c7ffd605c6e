/**
 * Rules that need several documents: duplicate resource names, two EventSources listening on the same
 * port+endpoint+method, and Sensors whose dependencies name an event no loaded EventSource defines.
 * In `lint` these are warnings (a folder of examples is not one deployment); `jetflow run` treats them as
 * errors because there they would really conflict.
 * @module
 */
import type { Issue, Severity } from './errors.js';
import { formatPath, type PathSeg } from './issues.js';
import type { LoadedDocument } from './loader.js';
import { WEBHOOK_FAMILY, type SourceType } from './source-types.js';

export interface CrossIssue {
  doc: LoadedDocument;
  issue: Issue;
}

/** Cross-document findings for a set of loaded documents (only documents without errors take part). */
export function crossDocumentIssues(
  docs: LoadedDocument[],
  { severity = 'warning', dependencies = false }: { severity?: Severity; dependencies?: boolean } = {},
): CrossIssue[] {
  const out: CrossIssue[] = [];
  const add = (doc: LoadedDocument, path: PathSeg[], message: string) =>
    out.push({
      doc,
      issue: { severity, path: formatPath(path), message, pos: { file: doc.file, line: doc.line, col: 1 } },
    });
  const valid = docs.filter((d) => d.resource);
  duplicateNames(valid, add);
  webhookCollisions(valid, add);
  if (dependencies) danglingDependencies(valid, add);
  return out;
}

type Add = (doc: LoadedDocument, path: PathSeg[], message: string) => void;

function duplicateNames(docs: LoadedDocument[], add: Add): void {
  const seen = new Map<string, LoadedDocument>();
  for (const d of docs) {
    const key = `${d.kind}/${d.namespace}/${d.name}`;
    const first = seen.get(key);
    if (first)
      add(d, ['metadata', 'name'], `${d.kind} "${d.name}" is also defined in ${first.file}:${first.line}`);
    else seen.set(key, d);
  }
}

function webhookCollisions(docs: LoadedDocument[], add: Add): void {
  const routes = new Map<string, string>();
  for (const d of docs) {
    if (d.kind !== 'EventSource') continue;
    const spec = (d.resource as { spec: Record<string, unknown> }).spec;
    for (const type of WEBHOOK_FAMILY) {
      for (const [event, cfg] of Object.entries((spec[type] as Record<string, any> | undefined) ?? {})) {
        const ctx = type === 'webhook' ? cfg : cfg?.webhook;
        if (!ctx?.port || !ctx?.endpoint) continue;
        const method = type === 'webhook' ? String(ctx.method ?? '*') : 'POST';
        const key = `${ctx.port} ${ctx.endpoint} ${method}`;
        const where = `${d.name}/${event} (${d.file}:${d.line})`;
        const other = routes.get(key);
        if (other && !other.startsWith(`${d.name}/`))
          add(
            d,
            ['spec', type as SourceType, event],
            `port ${ctx.port}, endpoint ${ctx.endpoint}, method ${method} is also used by ${other}`,
          );
        else routes.set(key, where);
      }
    }
  }
}

function danglingDependencies(docs: LoadedDocument[], add: Add): void {
  const events = new Map<string, Set<string>>();
  for (const d of docs) {
    if (d.kind !== 'EventSource') continue;
    const names = new Set<string>();
    for (const [k, v] of Object.entries((d.resource as { spec: Record<string, unknown> }).spec))
      if (v && typeof v === 'object' && !['template', 'service'].includes(k))
        for (const e of Object.keys(v)) names.add(e);
    events.set(`${d.namespace}/${d.name}`, names);
  }
  if (events.size === 0) return; // nothing to compare against
  for (const d of docs) {
    if (d.kind !== 'Sensor') continue;
    const deps = ((d.resource as { spec: { dependencies?: any[] } }).spec.dependencies ?? []) as {
      eventSourceName: string;
      eventName: string;
    }[];
    deps.forEach((dep, i) => {
      const names = events.get(`${d.namespace}/${dep.eventSourceName}`);
      if (!names)
        add(
          d,
          ['spec', 'dependencies', i, 'eventSourceName'],
          `no EventSource "${dep.eventSourceName}" is loaded`,
        );
      else if (!names.has(dep.eventName))
        add(
          d,
          ['spec', 'dependencies', i, 'eventName'],
          `EventSource "${dep.eventSourceName}" has no event "${dep.eventName}"`,
        );
    });
  }
}
