/** The `github` EventSource type. */
export { githubDriver } from './driver.js';
export { signGithub, validatePayload, validateSignature } from './signature.js';
export { appJwt } from './app-auth.js';
