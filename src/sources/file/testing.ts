/**
 * Test support for the driver tests of calendar, file, sftp and generic: a listener context whose
 * dispatch collects the data payloads (optionally failing some), with a silent logger. Never imported
 * by the runtime.
 * @module
 */
import { pino } from 'pino';
import type { SourceType } from '../../api/index.js';
import { SecretStore } from '../../api/index.js';
import type { ListenerContext } from '../types.js';

export interface CollectingContext<Config> {
  ctx: ListenerContext<Config>;
  /** Every payload dispatched successfully, parsed. */
  events: any[];
  /** Dispatch attempts (successful or not). */
  attempts: number;
  /** How many of the next dispatches must fail. */
  failNext: number;
  processingFailed: number;
  /** Abort the context's signal (what the runtime does on shutdown). */
  abort(): void;
}

/** A context for `type` with `config`; `env` feeds `JETFLOW_SECRET_*` lookups. */
export function collectingContext<Config>(
  type: SourceType,
  config: Config,
  env: Record<string, string> = {},
): CollectingContext<Config> {
  const abort = new AbortController();
  const c: CollectingContext<Config> = {
    events: [],
    attempts: 0,
    failNext: 0,
    processingFailed: 0,
    abort: () => abort.abort(),
    ctx: undefined as unknown as ListenerContext<Config>,
  };
  c.ctx = {
    eventSourceName: `test-${type.toLowerCase()}`,
    eventName: 'example',
    eventSourceType: type,
    namespace: 'default',
    config,
    secrets: new SecretStore({ env }),
    logger: pino({ level: 'silent' }),
    signal: abort.signal,
    dispatch: (data) => {
      c.attempts++;
      if (c.failNext > 0) {
        c.failNext--;
        c.processingFailed++;
        return Promise.reject(new Error('bus down (test)'));
      }
      const text = data instanceof Uint8Array ? Buffer.from(data).toString('utf8') : JSON.stringify(data);
      c.events.push(JSON.parse(text));
      return Promise.resolve();
    },
    metrics: { processingFailed: () => void c.processingFailed++, observeSince: () => undefined },
    setHealth: () => undefined,
  };
  return c;
}
