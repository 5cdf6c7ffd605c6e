/** The `gerrit` EventSource type. */
export { gerritDriver } from './driver.js';
