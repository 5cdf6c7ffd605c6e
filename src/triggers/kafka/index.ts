/** The `kafka` trigger (kafkajs): batched produce calls, upstream's key partitioner. */
export { kafkaDriver, createKafkaDriver, DEFAULT_FLUSH_MS } from './driver.js';
export { saramaPartition } from './partitioner.js';
