/** The `redisStream` EventSource type (YAML key `redisStream`). */
export { redisStreamDriver } from './driver.js';
export { CONSUMER_NAME, DEFAULT_CONSUMER_GROUP, DEFAULT_MAX_MSG_COUNT_PER_READ } from './reader.js';
