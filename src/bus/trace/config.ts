/**
 * Tracing configuration from the standard OpenTelemetry environment variables
 * (https://opentelemetry.io/docs/specs/otel/configuration/sdk-environment-variables/) and the
 * `--otlp-endpoint` flag. Pure: reads the `env` it is given.
 * @module
 */

export type SamplerName =
  | 'always_on'
  | 'always_off'
  | 'traceidratio'
  | 'parentbased_always_on'
  | 'parentbased_always_off'
  | 'parentbased_traceidratio';

export interface TracingConfig {
  /** Full URL spans are POSTed to (OTLP/HTTP, `.../v1/traces`). */
  tracesUrl: string;
  serviceName: string;
  sampler: SamplerName;
  /** Ratio for the `*traceidratio` samplers, in [0, 1]. */
  ratio: number;
}

const SAMPLERS: readonly SamplerName[] = [
  'always_on',
  'always_off',
  'traceidratio',
  'parentbased_always_on',
  'parentbased_always_off',
  'parentbased_traceidratio',
];

/** Bad tracing configuration: names the variable (or flag) and what was expected. */
export class TracingConfigError extends Error {
  override name = 'TracingConfigError';
}

/**
 * The configuration, or `undefined` when tracing is off: no endpoint (flag, `OTEL_EXPORTER_OTLP_ENDPOINT`
 * or `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`), `OTEL_SDK_DISABLED=true` or `OTEL_TRACES_EXPORTER=none`.
 * @throws {TracingConfigError} on a malformed URL, sampler or ratio
 */
export function tracingConfig(
  env: Readonly<Record<string, string | undefined>>,
  flag?: { endpoint?: string; serviceName?: string },
): TracingConfig | undefined {
  if (env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true') return undefined;
  if (env.OTEL_TRACES_EXPORTER?.trim().toLowerCase() === 'none') return undefined;
  const tracesUrl = resolveUrl(env, flag?.endpoint);
  if (tracesUrl === undefined) return undefined;
  const sampler = (env.OTEL_TRACES_SAMPLER?.trim().toLowerCase() || 'parentbased_always_on') as SamplerName;
  if (!SAMPLERS.includes(sampler))
    throw new TracingConfigError(
      `OTEL_TRACES_SAMPLER: expected one of ${SAMPLERS.join(', ')}, got "${sampler}"`,
    );
  return {
    tracesUrl,
    serviceName: env.OTEL_SERVICE_NAME?.trim() || flag?.serviceName || 'jetflow',
    sampler,
    ratio: ratioOf(env.OTEL_TRACES_SAMPLER_ARG),
  };
}

/** The flag and the generic variable are base URLs (`/v1/traces` appended); the traces variable is used as is. */
function resolveUrl(env: Readonly<Record<string, string | undefined>>, flag?: string): string | undefined {
  if (flag?.trim()) return withPath(checkUrl('--otlp-endpoint', flag.trim()));
  const traces = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim();
  if (traces) return checkUrl('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', traces);
  const base = env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim();
  if (base) return withPath(checkUrl('OTEL_EXPORTER_OTLP_ENDPOINT', base));
  return undefined;
}

function checkUrl(what: string, v: string): string {
  let u: URL;
  try {
    u = new URL(v);
  } catch {
    throw new TracingConfigError(
      `${what}: expected an http(s) URL such as http://localhost:4318, got "${v}"`,
    );
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:')
    throw new TracingConfigError(`${what}: expected an http(s) URL (OTLP over HTTP), got "${v}"`);
  return v;
}

function withPath(base: string): string {
  return `${base.replace(/\/+$/, '')}/v1/traces`;
}

function ratioOf(arg: string | undefined): number {
  if (arg === undefined || arg.trim() === '') return 1;
  const r = Number(arg);
  if (!Number.isFinite(r) || r < 0 || r > 1)
    throw new TracingConfigError(`OTEL_TRACES_SAMPLER_ARG: expected a number between 0 and 1, got "${arg}"`);
  return r;
}
