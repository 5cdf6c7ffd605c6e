/**
 * Keeping secrets out of answers. Resource specs only hold `{name, key}` references to secrets, but a
 * literal value can still sit in a field such as `password` or in a URL's user info, so specs are
 * scrubbed by field name and URLs are stripped of credentials. As a last line, every answer body is
 * searched for the secret values the process holds (bus password, admin token, resolved secrets).
 * Event payloads are user data and are not scrubbed by field name.
 * @module
 */

export const REDACTED = '[redacted]';

/** Field names whose literal string values are never served. */
const SECRET_FIELD = /pass(word)?|secret|token|credential|private.?key|api.?key|authorization|cookie/i;

/** `scheme://user:pass@host` → `scheme://[redacted]@host`. */
export function stripUrlCredentials(text: string): string {
  return text.replace(/\b([a-z][a-z0-9+.-]*:\/\/)[^\s/@:]*(:[^\s/@]*)?@/gi, `$1${REDACTED}@`);
}

/**
 * A deep copy of a resource spec with literal values of secret-looking fields replaced (a reference
 * object such as `{name, key}` is kept: it names a secret, it does not hold it) and URL credentials
 * removed from every string.
 */
export function redactSpec(value: unknown, field = ''): unknown {
  if (typeof value === 'string') return SECRET_FIELD.test(field) ? REDACTED : stripUrlCredentials(value);
  if (Array.isArray(value)) return value.map((v) => redactSpec(v, field));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = redactSpec(v, k);
    return out;
  }
  return value;
}

/** Values shorter than this are not scrubbed from answers: they would match ordinary text. */
export const MIN_SCRUBBED_LENGTH = 6;

/** Replace every occurrence of each secret in an answer body (JSON, text, a stream frame) with `[redacted]`. */
export function scrubKnown(body: string, secrets: Iterable<string>): string {
  let out = body;
  for (const s of secrets) {
    if (s.length < MIN_SCRUBBED_LENGTH) continue;
    // as is, inside a JSON string, and URL-encoded (as in a connection URL's user info)
    const forms = new Set([s, JSON.stringify(s).slice(1, -1), encodeURIComponent(s)]);
    for (const form of forms) if (out.includes(form)) out = out.split(form).join(REDACTED);
  }
  return out;
}
