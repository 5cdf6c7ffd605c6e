/** The `gitlab` EventSource type. */
export { gitlabDriver } from './driver.js';
