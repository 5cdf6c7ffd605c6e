/**
 * A client connection of the chaos runner to the bus a scenario started (`jetflow bus up`), found the
 * way the jetflow processes find it: from the EventBus file and the bus state under the data dir.
 * @module
 */
import { loadResources, SecretStore, type EventBus } from '../../src/api/index.js';
import { connectBus, resolveBusTarget, type NatsConnection } from '../../src/bus/index.js';

export async function connectScenarioBus(
  busFile: string,
  dataDir: string,
  name: string,
): Promise<NatsConnection> {
  const docs = (await loadResources([busFile])).documents;
  const eventBus = docs.find((d) => d.kind === 'EventBus')?.resource as EventBus;
  const target = await resolveBusTarget({
    eventBus,
    busName: 'default',
    dataDir,
    secrets: new SecretStore({}),
  });
  return connectBus({ ...target.connect, name });
}
