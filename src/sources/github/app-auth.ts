/**
 * GitHub App credentials (upstream uses ghinstallation): a JWT signed with the app's private key buys an
 * installation token, cached until shortly before it expires.
 * @module
 */
import { createSign } from 'node:crypto';
import { ProviderApi } from '../webhook/provider-api.js';

function b64url(s: string | Buffer): string {
  return Buffer.from(s).toString('base64url');
}

/** An RS256 JWT identifying the app (`iss` = app id), valid 10 minutes, back-dated 60 s for clock skew. */
export function appJwt(appId: number, privateKeyPem: string, nowSec = Math.floor(Date.now() / 1000)): string {
  const head = b64url(JSON.stringify({ alg: 'RS256', typ: 'JWT' }));
  const claims = b64url(JSON.stringify({ iat: nowSec - 60, exp: nowSec + 540, iss: String(appId) }));
  const sig = createSign('RSA-SHA256').update(`${head}.${claims}`).sign(privateKeyPem);
  return `${head}.${claims}.${b64url(sig)}`;
}

/** Returns `Authorization: token <installation token>` headers, refreshing the token when needed. */
export function installationAuth(
  baseUrl: string,
  appId: number,
  installationId: number,
  privateKeyPem: string,
) {
  let cached: { token: string; expiresAt: number } | undefined;
  return async (): Promise<Record<string, string>> => {
    if (!cached || Date.now() > cached.expiresAt - 60_000) {
      const api = new ProviderApi({
        baseUrl,
        headers: { Authorization: `Bearer ${appJwt(appId, privateKeyPem)}` },
      });
      const r = await api.call<{ token: string; expires_at?: string }>(
        'POST',
        `app/installations/${installationId}/access_tokens`,
      );
      const exp = r.expires_at ? Date.parse(r.expires_at) : Date.now() + 3_600_000;
      cached = { token: r.token, expiresAt: exp };
    }
    return { Authorization: `token ${cached.token}` };
  };
}
