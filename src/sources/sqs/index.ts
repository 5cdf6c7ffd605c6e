/** The `sqs` EventSource type. */
export { sqsDriver, createSqsDriver, DEFAULT_WAIT_TIME_SECONDS, BATCH_SIZE } from './driver.js';
export { sqsPayload } from './payload.js';
