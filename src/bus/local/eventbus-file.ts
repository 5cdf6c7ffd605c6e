/** Picking the EventBus to run from a file or directory of resources, for `jetflow bus up -f`. */
import {
  formatIssue,
  loadResources,
  ValidationError,
  type EventBus,
  type Issue,
  type JetStreamBus,
} from '../../api/index.js';

export interface LoadedEventBus {
  name: string;
  spec: JetStreamBus;
  file: string;
  /** Warnings about the chosen EventBus (unknown fields, `latest`, ...), placed at file:line:col. */
  warnings: Issue[];
}

/**
 * The EventBus named `name` under `p` (a file or directory), else the only one, else the one called
 * `default`. It must validate and have `spec.jetstream` (an exotic bus has nothing to run locally).
 * Other documents are not this command's business: their problems are ignored here.
 */
export async function loadEventBusFile(p: string, name?: string): Promise<LoadedEventBus> {
  const result = await loadResources([p]);
  if (result.errors.length)
    throw new ValidationError(result.errors.map(formatIssue).join('; '), result.errors);
  const syntax = result.documents.filter((d) => !d.kind && d.issues.some((i) => i.severity === 'error'));
  const buses = result.documents.filter((d) => d.kind === 'EventBus');
  const pick = name
    ? buses.find((d) => d.name === name)
    : buses.length === 1
      ? buses[0]
      : buses.find((d) => d.name === 'default');
  if (!pick) {
    const found = buses.map((d) => d.name ?? '(unnamed)');
    const what = name
      ? `no EventBus named "${name}"`
      : found.length
        ? 'several EventBuses, none called "default"'
        : 'no EventBus';
    const bad = syntax.flatMap((d) => d.issues).map(formatIssue);
    throw new ValidationError(
      `${p}: ${what}${found.length ? ` (found: ${found.join(', ')}; choose one with --name)` : ''}${bad.length ? `; ${bad.join('; ')}` : ''}`,
    );
  }
  const errors = pick.issues.filter((i) => i.severity === 'error');
  if (errors.length || !pick.resource)
    throw new ValidationError(
      `EventBus ${pick.name} is invalid: ${errors.map(formatIssue).join('; ')}`,
      errors,
    );
  const bus = pick.resource as EventBus;
  if (!bus.spec.jetstream)
    throw new ValidationError(
      `${pick.file}: EventBus ${pick.name} has no spec.jetstream (an exotic bus runs elsewhere): nothing to start`,
    );
  return {
    name: bus.metadata.name,
    spec: bus.spec.jetstream,
    file: pick.file,
    warnings: pick.issues.filter((i) => i.severity === 'warning'),
  };
}
