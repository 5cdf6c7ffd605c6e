/**
 * Value rules shared by the Sensor checks: names that become NATS subject tokens, KV buckets and KV keys
 * (spec/README.md §4, spec/sensor.md §6.4), IANA time zones, `HH:MM:SS` clock times and RE2 patterns.
 * @module
 */
import { SUBJECT_TOKEN_FORBIDDEN } from '../../names.js';

/** NATS KV bucket names: the Sensor name becomes its state bucket verbatim. */
export const KV_BUCKET_NAME = /^[A-Za-z0-9_-]+$/;
/** Characters NATS allows in a KV key. */
const KV_KEY_CHARS = /^[-/_=.A-Za-z0-9]+$/;

/** Why `name` cannot be one token of a subject, or `undefined` when it can. */
export function subjectTokenProblem(name: string): string | undefined {
  const m = SUBJECT_TOKEN_FORBIDDEN.exec(name);
  if (!m) return undefined;
  const ch = /\s/.test(m[0]) ? 'whitespace' : `"${m[0]}"`;
  return `contains ${ch}`;
}

/**
 * Why `name` cannot be one `/`-separated part of a KV key (`<trigger>/<dependency>`), or `undefined`.
 * A `/` would make keys ambiguous; a leading/trailing `.` or `..` produces an empty subject token.
 */
export function kvKeyTokenProblem(name: string): string | undefined {
  if (name === '') return 'is empty';
  if (!KV_KEY_CHARS.test(name)) return 'may only contain letters, digits and "-", "_", "=", "."';
  if (name.includes('/')) return 'contains "/", which separates the parts of a KV key';
  if (name.startsWith('.') || name.endsWith('.') || name.includes('..'))
    return 'starts or ends with "." or contains "..", which makes an invalid KV key';
  return undefined;
}

/**
 * A Go `time.LoadLocation` name: "" and "UTC" (UTC), "Local", or an IANA zone. Offsets such as "+02:00"
 * are accepted by ICU but not by Go, so they are refused.
 */
export function isValidTimezone(tz: string): boolean {
  if (tz === '' || tz === 'UTC' || tz === 'Local') return true;
  if (!/^[A-Za-z]/.test(tz)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/**
 * Seconds since midnight of a Go `15:04:05` clock time (hour with one or two digits, optional fractional
 * seconds, as Go's parser accepts), or `undefined`.
 */
export function parseClock(text: string): number | undefined {
  const m = /^(\d{1,2}):(\d{2}):(\d{2})(\.\d+)?$/.exec(text);
  if (!m) return undefined;
  const [h, min, s] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (h > 23 || min > 59 || s > 59) return undefined;
  return h * 3600 + min * 60 + s + (m[4] ? Number(m[4]) : 0);
}

/**
 * Why an RE2 (Go `regexp`) pattern would not compile, or `undefined`. RE2 has no look-around and no
 * back-references; `(?P<name>` is its named-group syntax; leading `(?flags)` are RE2 flags.
 */
export function re2Problem(pattern: string): string | undefined {
  if (/\(\?<?[=!]/.test(pattern)) return 'look-around assertions are not supported by RE2';
  if (/(^|[^\\])(\\\\)*\\[1-9]/.test(pattern)) return 'back-references are not supported by RE2';
  let body = pattern.replace(/\(\?P</g, '(?<');
  let flags = '';
  const lead = /^\(\?([imsU]+)\)/.exec(body);
  if (lead) {
    flags = [...new Set(lead[1].replace('U', ''))].join('');
    body = body.slice(lead[0].length);
  }
  try {
    new RegExp(body, flags);
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}
