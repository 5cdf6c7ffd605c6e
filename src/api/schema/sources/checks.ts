/**
 * Semantic checks shared by the EventSource types: TLS, basic auth, SASL, backoff, filters, durations,
 * regular expressions and embedded YAML. Each reports through an {@link IssueSink} at an exact path.
 * @module
 */
import { parse as parseYaml } from 'yaml';
import { formatDuration, parseGoDuration } from '../../duration.js';
import type { IssueSink, PathSeg } from '../../issues.js';
import type { Backoff, SecretKeySelector, TLSConfig } from '../common.js';
import type { EventSourceFilter, WatchPathConfig } from './shared.js';

/** Semantic check of one configured event; `at` is its path, e.g. `['spec','webhook','example']`. */
export type SourceCheck<T> = (cfg: T, at: PathSeg[], sink: IssueSink) => void;

const list = (names: string[]) => names.join(', ');

/** Upstream `ValidateTLSConfig`, with what was found appended to upstream's messages. */
export function checkTls(tls: TLSConfig | undefined, at: PathSeg[], sink: IssueSink): void {
  if (!tls || tls.insecureSkipVerify) return;
  const cert = tls.clientCertSecret !== undefined;
  const key = tls.clientKeySecret !== undefined;
  if (!tls.caCertSecret && !cert && !key && !tls.enabled) {
    sink.error(
      at,
      'invalid tls config, please configure either caCertSecret, or clientCertSecret and clientKeySecret, or both ' +
        '(found none of them; set enabled: true for TLS with the system roots)',
    );
  } else if (cert !== key) {
    sink.error(
      at,
      `invalid tls config, both clientCertSecret and clientKeySecret need to be configured (found only ${cert ? 'clientCertSecret' : 'clientKeySecret'})`,
    );
  }
}

/** Upstream `ValidateBasicAuth`: both secrets must be present when `auth` is. */
export function checkBasicAuth(
  auth: { username?: SecretKeySelector | undefined; password?: SecretKeySelector | undefined } | undefined,
  at: PathSeg[],
  sink: IssueSink,
): void {
  if (!auth) return;
  if (!auth.username)
    sink.error([...at, 'username'], 'username missing: basic auth needs both username and password secrets');
  if (!auth.password)
    sink.error([...at, 'password'], 'password missing: basic auth needs both username and password secrets');
}

/** Upstream `ValidateSASLConfig` (the mechanism enum itself is checked by the schema). */
export function checkSasl(
  sasl:
    | { userSecret?: SecretKeySelector | undefined; passwordSecret?: SecretKeySelector | undefined }
    | undefined,
  at: PathSeg[],
  sink: IssueSink,
): void {
  if (!sasl) return;
  const missing = (['userSecret', 'passwordSecret'] as const).filter((k) => !sasl[k]);
  if (missing.length > 0)
    sink.error(
      at,
      `invalid sasl config, both userSecret and passwordSecret must be defined (missing ${list(missing)})`,
    );
}

/** Backoff durations may be Go duration strings; a typo would otherwise surface only at connect time. */
export function checkBackoff(b: Backoff | undefined, at: PathSeg[], sink: IssueSink): void {
  if (!b) return;
  if (typeof b.duration === 'string') checkDuration(b.duration, [...at, 'duration'], sink);
  else if (typeof b.duration === 'number' && b.duration < 0)
    sink.error([...at, 'duration'], `expected a duration >= 0 (nanoseconds or "1s"), found ${b.duration}`);
  for (const k of ['factor', 'jitter'] as const) {
    const v = b[k];
    if (v !== undefined && Number(v) < 0) sink.error([...at, k], `expected ${k} >= 0, found ${v}`);
  }
}

/** An expression filter needs an expression: upstream fails to evaluate "" and drops every event. */
export function checkFilter(filter: EventSourceFilter | undefined, at: PathSeg[], sink: IssueSink): void {
  if (filter && !filter.expression?.trim())
    sink.error(
      [...at, 'filter', 'expression'],
      `expected a non-empty expr-lang expression, found ${JSON.stringify(filter.expression ?? '')}: upstream drops every event when it is empty`,
    );
}

/** A Go duration; `minNs` rejects values that cannot work (e.g. tight loops). Returns nanoseconds. */
export function checkDuration(
  value: string | undefined,
  at: PathSeg[],
  sink: IssueSink,
  opts: { minNs?: number; why?: string } = {},
): number | undefined {
  if (value === undefined) return undefined;
  const ns = parseGoDuration(value);
  if (ns === undefined) {
    sink.error(at, `expected a duration such as "30s", "5m" or "1h30m", found ${JSON.stringify(value)}`);
    return undefined;
  }
  if (opts.minNs !== undefined && ns < opts.minNs)
    sink.error(
      at,
      `expected a duration of at least ${formatDuration(opts.minNs)}, found ${JSON.stringify(value)}${opts.why ?? ''}`,
    );
  return ns;
}

/**
 * Upstream compiles Go RE2 expressions; this approximates with JS RegExp. A leading `(?i)`-style flag
 * group (valid RE2, invalid JS) is turned into flags; lookaround and backreferences are JS-only.
 */
export function checkRegexp(source: string, at: PathSeg[], sink: IssueSink): void {
  const m = /^\(\?([imsU]+)\)/.exec(source);
  const body = m ? source.slice(m[0].length) : source;
  const flags = m ? [...new Set(m[1].replace('U', '').split(''))].join('') : '';
  if (/\(\?<?[=!]|\\[1-9]/.test(body)) {
    sink.error(
      at,
      `regular expression ${JSON.stringify(source)} uses lookaround or backreferences, which RE2 does not support`,
    );
    return;
  }
  try {
    new RegExp(body, flags);
  } catch (e) {
    sink.error(at, `invalid regular expression ${JSON.stringify(source)}: ${(e as Error).message}`);
  }
}

/** Text that upstream unmarshals as a YAML mapping (Sarama config, AMQP queue arguments). */
export function checkYamlMap(text: string | undefined, at: PathSeg[], sink: IssueSink): void {
  if (text === undefined || text.trim() === '') return;
  let value: unknown;
  try {
    value = parseYaml(text);
  } catch (e) {
    sink.error(
      at,
      `expected YAML text of a mapping, found a YAML syntax error: ${(e as Error).message.split('\n')[0]}`,
    );
    return;
  }
  if (value !== null && (typeof value !== 'object' || Array.isArray(value)))
    sink.error(
      at,
      `expected YAML text of a mapping (key: value lines), found ${Array.isArray(value) ? 'a list' : 'a scalar'}`,
    );
}

/** Upstream `WatchPathConfig.Validate` (file, sftp; hdfs has the same fields inline). */
export function checkWatchPath(c: WatchPathConfig | undefined, at: PathSeg[], sink: IssueSink): void {
  if (!c?.directory) {
    sink.error(
      [...at, 'directory'],
      'directory is required: expected an absolute directory path such as "/data/"',
    );
    return;
  }
  if (!c.directory.startsWith('/'))
    sink.error(
      [...at, 'directory'],
      `directory must be an absolute file path, found ${JSON.stringify(c.directory)}`,
    );
  if (!c.path && !c.pathRegexp) sink.error(at, 'either path or pathRegexp must be specified');
  else if (c.path && c.pathRegexp) sink.error(at, 'path and pathRegexp cannot be specified together');
  if (c.path?.startsWith('/'))
    sink.error([...at, 'path'], `path must be a relative file path, found ${JSON.stringify(c.path)}`);
  if (c.pathRegexp) checkRegexp(c.pathRegexp, [...at, 'pathRegexp'], sink);
}

/** Reports each deprecated field that is set, naming its replacement. */
export function warnDeprecated(
  cfg: object,
  fields: string[],
  replacement: string,
  at: PathSeg[],
  sink: IssueSink,
): void {
  for (const f of fields)
    if ((cfg as Record<string, unknown>)[f] !== undefined && (cfg as Record<string, unknown>)[f] !== '')
      sink.warn([...at, f], `${f} is deprecated upstream: use ${replacement}`);
}
