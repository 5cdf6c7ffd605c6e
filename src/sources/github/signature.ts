/**
 * GitHub delivery validation as go-github's `ValidatePayload`: the JSON payload (raw body, or the
 * `payload` field of a form body) and the HMAC signature (`X-Hub-Signature-256`, else `X-Hub-Signature`),
 * checked when a secret is configured or a signature is present. Failures carry go-github's wording.
 * @module
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

const ALGOS: Record<string, string> = { sha1: 'sha1', sha256: 'sha256', sha512: 'sha512' };

/** Why a delivery was refused. */
export class InvalidDeliveryError extends Error {
  override name = 'InvalidDeliveryError';
}

/** The media type of a Content-Type value, lower-cased, as Go's `mime.ParseMediaType`. */
export function mediaType(contentType: string | undefined): string {
  const t = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (t === '') throw new InvalidDeliveryError('mime: no media type');
  return t;
}

/** The JSON payload of a delivery; throws {@link InvalidDeliveryError}. */
export function validatePayload(
  contentType: string | undefined,
  body: Buffer,
  signature: string,
  secret: string,
): string {
  const type = mediaType(contentType);
  let payload: string;
  if (type === 'application/json') payload = body.toString('utf8');
  else if (type === 'application/x-www-form-urlencoded')
    payload = new URLSearchParams(body.toString('utf8')).get('payload') ?? '';
  else throw new InvalidDeliveryError(`webhook request has unsupported Content-Type ${JSON.stringify(type)}`);
  if (secret !== '' || signature !== '') validateSignature(signature, body, secret);
  return payload;
}

/** `<algo>=<hex HMAC of body>`; throws {@link InvalidDeliveryError} with go-github's messages. */
export function validateSignature(signature: string, body: Buffer, secret: string): void {
  if (signature === '') throw new InvalidDeliveryError('missing signature');
  const eq = signature.indexOf('=');
  if (eq < 0) throw new InvalidDeliveryError(`error parsing signature ${JSON.stringify(signature)}`);
  const algo = ALGOS[signature.slice(0, eq)];
  if (!algo)
    throw new InvalidDeliveryError(`unknown hash type prefix: ${JSON.stringify(signature.slice(0, eq))}`);
  const hex = signature.slice(eq + 1);
  if (!/^([0-9a-fA-F]{2})*$/.test(hex))
    throw new InvalidDeliveryError(
      `error decoding signature ${JSON.stringify(signature)}: encoding/hex: invalid byte`,
    );
  const given = Buffer.from(hex, 'hex');
  const want = createHmac(algo, secret).update(body).digest();
  if (given.length !== want.length || !timingSafeEqual(given, want))
    throw new InvalidDeliveryError('payload signature check failed');
}

/** Sign `body` as GitHub does (`sha256=<hex>`), for tests and tools. */
export function signGithub(
  body: Buffer | string,
  secret: string,
  algo: 'sha1' | 'sha256' = 'sha256',
): string {
  return `${algo}=${createHmac(algo, secret).update(body).digest('hex')}`;
}
