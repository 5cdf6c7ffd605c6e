/** Test support for the azureQueueStorage source: its secret and a config aimed at azurite. */
import type { AzureQueueStorageEventSource } from '../../api/index.js';
import { secretEnv } from '../broker/testing.js';

export const connectionRef = { name: 'azure-secret', key: 'connectionstring' };

export function azureEnv(connectionString: string): Record<string, string> {
  return secretEnv(connectionRef.name, { [connectionRef.key]: connectionString });
}

export function azureConfig(
  queueName: string,
  extra: Partial<AzureQueueStorageEventSource> = {},
): AzureQueueStorageEventSource {
  return { queueName, connectionString: connectionRef, waitTimeInSeconds: 0, ...extra };
}
