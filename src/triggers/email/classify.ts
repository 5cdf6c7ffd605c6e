/**
 * Whether an SMTP failure (a nodemailer error) is worth another attempt.
 * @module
 */

/** nodemailer error codes of failures a later attempt can get past (network, timeouts). */
const TRANSIENT = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ECONNREFUSED', 'ECONNRESET']);

/**
 * SMTP replies decide when there is one: 4xx is a temporary failure (retry), 5xx a permanent one
 * (RFC 5321 §4.2.1). Without a reply: network and timeout errors retry; authentication, TLS and
 * message errors do not.
 */
export function isTransientSmtpError(err: unknown): boolean {
  const e = err as { code?: unknown; responseCode?: unknown } | undefined;
  if (typeof e?.responseCode === 'number') return e.responseCode >= 400 && e.responseCode < 500;
  return typeof e?.code === 'string' ? TRANSIENT.has(e.code) : true;
}
