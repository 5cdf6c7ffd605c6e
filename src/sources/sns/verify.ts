/**
 * SNS message signatures (AWS "Verifying the signatures of Amazon SNS messages"): the string to sign is
 * built from the message's fields in a fixed order, signed with RSA over SHA1 (`SignatureVersion` 1)
 * or SHA256 (2) by the certificate at `SigningCertURL`. That URL, and a `SubscribeURL`, are only
 * fetched from a trusted place: HTTPS on `sns.<region>.amazonaws.com` (`.com.cn` too), or the origin of
 * the event's configured SNS `endpoint`; anything else would let a forged message pick the key that
 * "verifies" it, or make jetflow GET an arbitrary URL.
 * @module
 */
import { createVerify, X509Certificate } from 'node:crypto';

/** The fields of an SNS HTTP(S) delivery that matter here. */
export interface SnsMessage {
  Type?: string;
  MessageId?: string;
  Token?: string;
  TopicArn?: string;
  Subject?: string;
  Message?: string;
  Timestamp?: string;
  SignatureVersion?: string;
  Signature?: string;
  SigningCertURL?: string;
  SubscribeURL?: string;
}

const NOTIFICATION_FIELDS = ['Message', 'MessageId', 'Subject', 'Timestamp', 'TopicArn', 'Type'] as const;
const CONFIRMATION_FIELDS = [
  'Message',
  'MessageId',
  'SubscribeURL',
  'Timestamp',
  'Token',
  'TopicArn',
  'Type',
] as const;
const AWS_HOST = /^sns\.[a-z0-9-]+\.amazonaws\.com(\.cn)?$/;
const MAX_CERT_BYTES = 64 * 1024;

/** The canonical string SNS signs; `Subject` only when the message has one. */
export function stringToSign(m: SnsMessage): string {
  const fields = m.Type === 'Notification' ? NOTIFICATION_FIELDS : CONFIRMATION_FIELDS;
  let out = '';
  for (const f of fields) {
    const v = m[f];
    if (f === 'Subject' && v === undefined) continue;
    out += `${f}\n${v ?? ''}\n`;
  }
  return out;
}

/** Whether `url` may be fetched: AWS's SNS hosts over HTTPS, or the configured endpoint's origin. */
export function trustedSnsUrl(url: string | undefined, endpoint: string | undefined): boolean {
  if (!url) return false;
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (u.username || u.password) return false;
  if (u.protocol === 'https:' && AWS_HOST.test(u.hostname) && (u.port === '' || u.port === '443'))
    return true;
  if (!endpoint) return false;
  try {
    return new URL(endpoint).origin === u.origin;
  } catch {
    return false;
  }
}

/** Fetches and caches signing certificates by URL. */
export class CertCache {
  private readonly certs = new Map<string, Promise<X509Certificate>>();

  constructor(private readonly timeoutMs = 10_000) {}

  get(url: string): Promise<X509Certificate> {
    let p = this.certs.get(url);
    if (!p) {
      p = this.fetch(url);
      this.certs.set(url, p);
      p.catch(() => this.certs.delete(url)); // a failed fetch is tried again next time
    }
    return p;
  }

  private async fetch(url: string): Promise<X509Certificate> {
    const res = await fetch(url, { signal: AbortSignal.timeout(this.timeoutMs), redirect: 'error' });
    if (!res.ok) throw new Error(`GET ${url}: HTTP ${res.status}`);
    const body = Buffer.from(await res.arrayBuffer());
    if (body.length > MAX_CERT_BYTES)
      throw new Error(`GET ${url}: certificate larger than ${MAX_CERT_BYTES} bytes`);
    return new X509Certificate(body);
  }
}

/**
 * Why `m`'s signature is refused (`undefined`: valid). Checks the version, the certificate's place and
 * validity period, then the RSA signature over {@link stringToSign}.
 */
export async function signatureProblem(
  m: SnsMessage,
  certs: CertCache,
  endpoint: string | undefined,
  now = new Date(),
): Promise<string | undefined> {
  const alg = m.SignatureVersion === '1' ? 'RSA-SHA1' : m.SignatureVersion === '2' ? 'RSA-SHA256' : undefined;
  if (!alg) return `unsupported SignatureVersion ${JSON.stringify(m.SignatureVersion ?? null)}`;
  if (!m.Signature) return 'the message is not signed';
  if (!trustedSnsUrl(m.SigningCertURL, endpoint)) return 'SigningCertURL is not a trusted SNS location';
  let cert: X509Certificate;
  try {
    cert = await certs.get(m.SigningCertURL!);
  } catch (err) {
    return `cannot load the signing certificate: ${(err as Error).message}`;
  }
  if (now < new Date(cert.validFrom) || now > new Date(cert.validTo))
    return 'the signing certificate is not valid now';
  const ok = createVerify(alg).update(stringToSign(m), 'utf8').verify(cert.publicKey, m.Signature, 'base64');
  return ok ? undefined : 'the signature does not match';
}
