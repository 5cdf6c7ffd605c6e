/**
 * Slack request signing (https://api.slack.com/authentication/verifying-requests-from-slack):
 * `X-Slack-Signature: v0=<hex HMAC-SHA256(secret, "v0:<timestamp>:<body>")>`, timestamp within 5 minutes.
 * Messages follow slack-go's `SecretsVerifier`, without echoing the computed signature.
 * @module
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** Throws an Error with the reason when the request is not signed by `secret`. */
export function verifySlackSignature(
  signature: string | undefined,
  timestamp: string | undefined,
  body: Buffer,
  secret: string,
  nowMs = Date.now(),
): void {
  if (!signature || !timestamp) throw new Error('cannot create secrets verifier, missing headers');
  const hex = signature.startsWith('v0=') ? signature.slice(3) : signature;
  if (!/^([0-9a-fA-F]{2})*$/.test(hex))
    throw new Error('cannot create secrets verifier, encoding/hex: invalid byte');
  if (!/^-?\d+$/.test(timestamp))
    throw new Error(
      `cannot create secrets verifier, strconv.ParseInt: parsing ${JSON.stringify(timestamp)}: invalid syntax`,
    );
  if (Math.abs(nowMs - Number(timestamp) * 1000) > 5 * 60_000)
    throw new Error('cannot create secrets verifier, timestamp is too old');
  const want = createHmac('sha256', secret).update(`v0:${timestamp}:`).update(body).digest();
  const given = Buffer.from(hex, 'hex');
  if (given.length !== want.length || !timingSafeEqual(given, want))
    throw new Error('signature validation failed, signatures do not match');
}

/** Headers Slack would send for `body` (for tests and tools). */
export function signSlack(body: Buffer | string, secret: string, nowMs = Date.now()): Record<string, string> {
  const ts = String(Math.floor(nowMs / 1000));
  const sig = createHmac('sha256', secret).update(`v0:${ts}:`).update(body).digest('hex');
  return { 'X-Slack-Signature': `v0=${sig}`, 'X-Slack-Request-Timestamp': ts };
}
