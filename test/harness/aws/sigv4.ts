/**
 * AWS Signature Version 4, recomputed on the receiving side: the local AWS servers of the tests check
 * that a request's `Authorization` header is what the real SDK v3 signer computes for the test's key
 * (canonical request, string to sign, HMAC chain), so a wrong key or a tampered body is refused.
 * @module
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export interface AwsKey {
  accessKeyId: string;
  secretAccessKey: string;
}

/** Why a request's signature is refused, or `undefined` when it is valid for `key` and `service`. */
export function sigV4Problem(
  req: IncomingMessage,
  body: Buffer,
  key: AwsKey,
  service: string,
): string | undefined {
  const auth = req.headers.authorization ?? '';
  const m =
    /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})$/.exec(
      auth,
    );
  if (!m) return 'missing or malformed Authorization header';
  const [, akid, date, region, svc, signedHeaders, signature] = m as unknown as string[];
  if (akid !== key.accessKeyId) return 'unknown access key id';
  if (svc !== service) return `credential scope names service ${svc}`;
  const amzDate = String(req.headers['x-amz-date'] ?? '');
  if (!amzDate.startsWith(date!)) return 'x-amz-date does not match the credential scope';
  const url = new URL(req.url ?? '/', 'http://x');
  const names = signedHeaders!.split(';');
  if (!names.includes('host')) return 'host is not signed';
  const canonicalHeaders = names.map((n) => `${n}:${headerText(req, n)}\n`).join('');
  const payloadHash = (req.headers['x-amz-content-sha256'] as string | undefined) ?? sha256(body);
  if (payloadHash !== 'UNSIGNED-PAYLOAD' && payloadHash !== sha256(body)) return 'body hash mismatch';
  const canonicalRequest = [
    req.method,
    escapeUri(url.pathname).replace(/%2F/g, '/'),
    canonicalQuery(url.searchParams),
    canonicalHeaders,
    signedHeaders,
    payloadHash,
  ].join('\n');
  const scope = `${date}/${region}/${svc}/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonicalRequest)].join('\n');
  let k = hmac(`AWS4${key.secretAccessKey}`, date!);
  for (const part of [region!, svc!, 'aws4_request']) k = hmac(k, part);
  const expected = createHmac('sha256', k).update(toSign).digest();
  const given = Buffer.from(signature!, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected)
    ? undefined
    : 'signature does not match';
}

function headerText(req: IncomingMessage, name: string): string {
  const v = req.headers[name];
  return (Array.isArray(v) ? v.join(',') : (v ?? '')).trim().replace(/\s+/g, ' ');
}

function canonicalQuery(q: URLSearchParams): string {
  return [...q.entries()]
    .map(([k, v]) => `${escapeUri(k)}=${escapeUri(v)}`)
    .sort()
    .join('&');
}

/** The SDK's `escapeUri`: RFC 3986 unreserved characters stay, everything else is %-encoded. */
function escapeUri(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data).digest();
}
