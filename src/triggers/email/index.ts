/** The `email` trigger: SMTP with nodemailer. @module */
export { emailDriver, createEmailDriver, type EmailDriverOptions } from './driver.js';
export { isTransientSmtpError } from './classify.js';
