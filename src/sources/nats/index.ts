/** The `nats` EventSource type (core subscription, or a durable JetStream consumer as an extension). */
export { natsDriver } from './driver.js';
export { natsPayload, type NatsMessage } from './payload.js';
export { serverList } from './connect.js';
export { NAK_DELAY_MS } from './jetstream.js';
