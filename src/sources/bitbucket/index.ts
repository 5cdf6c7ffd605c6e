/** The `bitbucket` (cloud) EventSource type. */
export { bitbucketDriver } from './driver.js';
