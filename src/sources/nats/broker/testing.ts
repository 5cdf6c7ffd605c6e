/**
 * Test support for the broker drivers: a listener context whose dispatch records payloads and can be
 * made to fail or to hold (between broker delivery and bus ack), with health history and an in-memory
 * log. Never imported by the runtime.
 * @module
 */
import { memoryLogger } from '../../contract.js';
import { SecretStore } from '../../../api/secrets.js';
import type { SourceType } from '../../../api/source-types.js';
import type { ListenerContext } from '../../types.js';

export interface TestContext<Config> {
  ctx: ListenerContext<Config>;
  /** Payloads stored, parsed, in dispatch order. */
  events: any[];
  /** Dispatch calls, successful or not. */
  attempts: number;
  /** How many of the next dispatches reject (a bus failure). */
  failNext: number;
  /** While set, dispatches wait on it (resolve: store; reject: fail). */
  hold: { promise: Promise<void>; release(): void; fail(): void } | undefined;
  processingFailed: number;
  health: { ok: boolean; message?: string }[];
  logs: Record<string, unknown>[];
  abort(): void;
}

/** Make dispatches wait until `release()` (or `fail()`). */
export function holdDispatch(c: TestContext<unknown>): void {
  let release!: () => void;
  let fail!: () => void;
  const promise = new Promise<void>((res, rej) => {
    release = res;
    fail = () => rej(new Error('bus down (test)'));
  });
  promise.catch(() => undefined);
  c.hold = { promise, release, fail };
}

/** A context for one event of `type`; `env` feeds `JETFLOW_SECRET_*` lookups. */
export function testContext<Config>(
  type: SourceType,
  config: Config,
  env: Record<string, string> = {},
  eventSourceName = `test-${type.toLowerCase()}`,
): TestContext<Config> {
  const abort = new AbortController();
  const { logger, records } = memoryLogger();
  const c: TestContext<Config> = {
    events: [],
    attempts: 0,
    failNext: 0,
    hold: undefined,
    processingFailed: 0,
    health: [],
    logs: records,
    abort: () => abort.abort(),
    ctx: undefined as unknown as ListenerContext<Config>,
  };
  c.ctx = {
    eventSourceName,
    eventName: 'example',
    eventSourceType: type,
    namespace: 'default',
    config,
    secrets: new SecretStore({ env }),
    logger,
    signal: abort.signal,
    dispatch: async (data) => {
      c.attempts++;
      if (c.hold) await c.hold.promise;
      if (c.failNext > 0) {
        c.failNext--;
        throw new Error('bus down (test)');
      }
      const text = data instanceof Uint8Array ? Buffer.from(data).toString('utf8') : JSON.stringify(data);
      c.events.push(JSON.parse(text));
    },
    metrics: { processingFailed: () => void c.processingFailed++, observeSince: () => undefined },
    setHealth: (h) => void c.health.push(h),
  };
  return c;
}
