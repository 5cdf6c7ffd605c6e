/** The `slack` EventSource type. */
export { slackDriver } from './driver.js';
export { signSlack, verifySlackSignature } from './verify.js';
