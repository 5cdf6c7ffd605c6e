/**
 * Who may talk to the admin server. Loopback needs nothing; any other address requires a token, and
 * with a token every endpoint but `/healthz` wants `Authorization: Bearer <token>`. A browser cannot
 * set that header on `EventSource`, so the dashboard's login form exchanges the token for a cookie
 * holding an HMAC of it (never the token itself); both are compared in constant time.
 * @module
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';
import type { IncomingMessage } from 'node:http';
import { AdminConfigError } from './errors.js';

export const SESSION_COOKIE = 'jetflow_admin';

/** Whether `host` only accepts connections from this machine. */
export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost' || h === '::1') return true;
  if (isIP(h) === 4) return h.startsWith('127.');
  return h.startsWith('::ffff:127.');
}

/** Refuse to expose the admin beyond loopback without a token. */
export function checkBinding(host: string, token: string | undefined): void {
  if (token !== undefined && token.length < 16)
    throw new AdminConfigError('the admin token must be at least 16 characters long');
  if (!isLoopback(host) && !token)
    throw new AdminConfigError(
      `refusing to serve the admin API on ${host} without a token: it would be open to the network. ` +
        'Set a token (--admin-token or $JETFLOW_ADMIN_TOKEN), or bind to 127.0.0.1.',
    );
}

function digest(s: string): Buffer {
  return createHash('sha256').update(s).digest();
}

/** Constant-time equality of two strings (compared as SHA-256 digests, so lengths do not leak). */
export function safeEqual(a: string, b: string): boolean {
  return timingSafeEqual(digest(a), digest(b));
}

/** Checks requests against one token. */
export class TokenAuth {
  private readonly session: string;

  constructor(private readonly token: string) {
    this.session = createHmac('sha256', token).update('jetflow admin session').digest('hex');
  }

  /** Whether the request carries the bearer token or the session cookie. */
  allows(req: IncomingMessage): boolean {
    const h = req.headers.authorization;
    const m = h ? /^Bearer\s+(.+)$/i.exec(h) : null;
    if (m) return safeEqual(m[1]!.trim(), this.token);
    const cookie = cookieValue(req.headers.cookie, SESSION_COOKIE);
    return cookie !== undefined && safeEqual(cookie, this.session);
  }

  tokenMatches(candidate: string): boolean {
    return safeEqual(candidate, this.token);
  }

  /** `Set-Cookie` value for a browser that proved it knows the token. */
  sessionCookie(): string {
    return `${SESSION_COOKIE}=${this.session}; HttpOnly; SameSite=Strict; Path=/`;
  }
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === name) return part.slice(i + 1).trim();
  }
  return undefined;
}
