/** The `nats` trigger: publish on core NATS. @module */
export { natsDriver, createNatsDriver, NATS_MSG_ID_HEADER, type NatsDriverOptions } from './driver.js';
