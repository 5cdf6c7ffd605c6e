/** The `stripe` EventSource type. */
export { stripeDriver } from './driver.js';
