/**
 * The resource set `jetflow run` hosts: loaded, validated (cross-document conflicts are errors here,
 * since everything runs together), and split by kind. Also picks the one EventBus the set binds to.
 * @module
 */
import {
  crossDocumentIssues,
  formatIssue,
  loadResources,
  SecretStore,
  ValidationError,
  type ConfigMap,
  type EventBus,
  type EventSource,
  type Issue,
  type LoadedDocument,
  type Secret,
  type Sensor,
} from '../../api/index.js';

export interface ResourceSet {
  eventBus: EventBus;
  /** True when no EventBus was in the files and a single-node local bus is used. */
  implicitBus: boolean;
  eventSources: EventSource[];
  sensors: Sensor[];
  secrets: Secret[];
  configMaps: ConfigMap[];
  warnings: string[];
}

/** The bus used when the files define none: one local nats-server, stream at one replica. */
export const IMPLICIT_BUS: EventBus = {
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'EventBus',
  metadata: { name: 'default' },
  spec: { jetstream: { version: 'latest', replicas: 1, streamConfig: 'replicas: 1' } },
};

/** Load `paths`; throws a ValidationError listing every problem (as lint prints them) when any. */
export async function loadResourceSet(paths: string[]): Promise<ResourceSet> {
  const loaded = await loadResources(paths);
  const docs = loaded.documents.filter((d) => !d.skipped);
  for (const { doc, issue } of crossDocumentIssues(docs, { severity: 'error' })) doc.issues.push(issue);
  for (const { doc, issue } of crossDocumentIssues(docs, { severity: 'warning', dependencies: true }))
    if (issue.message.startsWith('no EventSource') || issue.message.includes('has no event'))
      doc.issues.push(issue);
  const errors: Issue[] = [
    ...loaded.errors,
    ...docs.flatMap((d) => d.issues.filter((i) => i.severity === 'error')),
  ];
  if (errors.length > 0)
    throw new ValidationError(
      `invalid resources:\n${errors.map((i) => `  ${formatIssue(i)}`).join('\n')}`,
      errors,
    );
  const warnings = docs.flatMap((d) => d.issues.filter((i) => i.severity === 'warning').map(formatIssue));
  const of = <T>(kind: string) =>
    docs.filter((d) => d.kind === kind).map((d: LoadedDocument) => d.resource as T);
  const eventSources = of<EventSource>('EventSource');
  const sensors = of<Sensor>('Sensor');
  const { eventBus, implicit } = pickBus(of<EventBus>('EventBus'), eventSources, sensors);
  return {
    eventBus,
    implicitBus: implicit,
    eventSources,
    sensors,
    secrets: of<Secret>('Secret'),
    configMaps: of<ConfigMap>('ConfigMap'),
    warnings,
  };
}

/** The secret store for a resource set. */
export function secretStoreFor(set: ResourceSet, secretsDir?: string): SecretStore {
  return new SecretStore({ secrets: set.secrets, configMaps: set.configMaps, secretsDir });
}

function pickBus(
  buses: EventBus[],
  sources: EventSource[],
  sensors: Sensor[],
): { eventBus: EventBus; implicit: boolean } {
  const wanted = new Set<string>([
    ...sources.map((s) => s.spec.eventBusName || 'default'),
    ...sensors.map((s) => s.spec.eventBusName || 'default'),
  ]);
  if (wanted.size === 0) wanted.add(buses.length === 1 ? buses[0]!.metadata.name : 'default');
  if (wanted.size > 1)
    throw new ValidationError(
      `jetflow run hosts one EventBus, but the resources name ${[...wanted].map((n) => `"${n}"`).join(' and ')} (spec.eventBusName); run them as separate processes`,
    );
  const name = [...wanted][0]!;
  const bus = buses.find((b) => b.metadata.name === name);
  if (bus) return { eventBus: bus, implicit: false };
  if (name !== 'default')
    throw new ValidationError(
      `the resources use EventBus "${name}" (spec.eventBusName), which is not in the files`,
    );
  return { eventBus: IMPLICIT_BUS, implicit: true };
}
