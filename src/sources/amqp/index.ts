/** The `amqp` EventSource type. */
export { amqpDriver, createAmqpDriver, REQUEUE_PAUSE_MS, type AmqpDriverOptions } from './driver.js';
export type { AmqpSession } from './session.js';
export { amqpPayload, GO_ZERO_TIME } from './payload.js';
