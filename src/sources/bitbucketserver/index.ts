/** The `bitbucketserver` EventSource type. */
export { bitbucketServerDriver } from './driver.js';
export { refsChangedEvents } from './refs-changed.js';
