/**
 * Tracing setup shared by `run`, `sensor` and `eventsource`: the `--otlp-endpoint` flag and the standard
 * OTEL_* variables decide (src/bus/trace/config.ts); off by default, and then nothing is loaded.
 * @module
 */
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { startTracing, stopTracing, tracingConfig } from '../bus/index.js';
import { VERSION } from './version.js';

export const OTLP_FLAG = '--otlp-endpoint <url>';
export const OTLP_FLAG_HELP =
  'export traces over OTLP/HTTP to this base URL, e.g. http://localhost:4318 (or $OTEL_EXPORTER_OTLP_ENDPOINT; off by default)';

/**
 * Start tracing when configured. @throws {TracingConfigError} naming the variable or flag that is wrong
 */
export async function setupTracing(
  endpoint: string | undefined,
  serviceName: string,
  logger: Logger,
  registry?: Registry,
): Promise<void> {
  const cfg = tracingConfig(process.env, { endpoint, serviceName });
  if (!cfg) return;
  await startTracing(cfg, { logger, registry, serviceVersion: VERSION });
  logger.info(
    { endpoint: cfg.tracesUrl, serviceName: cfg.serviceName, sampler: cfg.sampler, ratio: cfg.ratio },
    'tracing on: exporting spans over OTLP/HTTP',
  );
}

/** Flush the spans still queued and stop (bounded by the exporter's timeout). */
export async function teardownTracing(logger: Logger): Promise<void> {
  await stopTracing().catch((err: Error) => logger.warn({ err: err.message }, 'flushing traces failed'));
}
