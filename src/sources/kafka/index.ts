/** The `kafka` EventSource type (kafkajs): consumer group or single partition, commit after store. */
export { kafkaDriver } from './driver.js';
export { kafkaPayload } from './payload.js';
export { kafkaClientConfig, kafkaWhere, brokerList } from './client.js';
export { rangeAssigner, assignersFor } from './assigners.js';
