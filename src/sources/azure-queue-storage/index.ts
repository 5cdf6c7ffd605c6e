/** The `azureQueueStorage` EventSource type. */
export { azureQueueStorageDriver, createAzureQueueStorageDriver, BATCH_SIZE } from './driver.js';
export { azureQueuePayload, goTimeJson } from './payload.js';
