/** The `sns` EventSource type. */
export { snsDriver } from './driver.js';
export { stringToSign, trustedSnsUrl, signatureProblem, CertCache, type SnsMessage } from './verify.js';
