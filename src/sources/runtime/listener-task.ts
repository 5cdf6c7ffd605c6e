/**
 * One configured event's lifecycle: start with retries, watch it while it runs, restart it when it fails
 * by itself, stop it on shutdown (spec/eventsource.md §2.2).
 * @module
 */
import type { Logger } from 'pino';
import { ConfigError, UnsupportedError, ValidationError } from '../../api/index.js';
import { LOG_FIELDS } from '../../api/index.js';
import type { Listener, ListenerContext, SourceDriver } from '../types.js';
import { retryDelay, sleep, type StartRetryPolicy } from './retry.js';

/** How a listener task ended. */
export type TaskOutcome = 'stopped' | 'ended' | 'failed';

export interface ListenerTaskOptions {
  driver: SourceDriver;
  ctx: ListenerContext<unknown>;
  policy: StartRetryPolicy;
  /** Called after every successful start. */
  onStarted(): void;
  /** Called once when the start attempts are exhausted. */
  onGaveUp(err: unknown): void;
}

/** Run the listener until `ctx.signal` aborts, it ends by itself, or its start attempts are exhausted. */
export async function runListenerTask(o: ListenerTaskOptions): Promise<TaskOutcome> {
  const { ctx, policy } = o;
  const { signal, logger } = ctx;
  let attempts = 0;
  while (!signal.aborted) {
    attempts++;
    let listener: Listener;
    try {
      listener = await o.driver.start(ctx);
    } catch (err) {
      logger.error({ [LOG_FIELDS.error]: err, attempt: attempts }, 'failed to start listening eventsource');
      if (attempts >= policy.attempts || !retryable(err)) {
        o.onGaveUp(err);
        return 'failed';
      }
      if (!(await sleep(retryDelay(policy, attempts), signal))) return 'stopped';
      continue;
    }
    if (signal.aborted) {
      await stopQuietly(listener, logger);
      return 'stopped';
    }
    attempts = 0; // a listener that ran and then failed starts a fresh retry budget
    o.onStarted();
    const end = await watch(listener, signal);
    if (end.kind === 'aborted') {
      await stopQuietly(listener, logger);
      return 'stopped';
    }
    if (end.kind === 'ended') return 'ended';
    logger.error({ [LOG_FIELDS.error]: end.err }, 'listener failed, restarting it');
    await stopQuietly(listener, logger);
    attempts = 1;
    if (!(await sleep(retryDelay(policy, attempts), signal))) return 'stopped';
  }
  return 'stopped';
}

/** Errors no retry can fix: the configuration (or jetflow) has to change first. */
function retryable(err: unknown): boolean {
  return !(err instanceof UnsupportedError || err instanceof ConfigError || err instanceof ValidationError);
}

type WatchEnd = { kind: 'aborted' } | { kind: 'ended' } | { kind: 'failed'; err: unknown };

function watch(listener: Listener, signal: AbortSignal): Promise<WatchEnd> {
  return new Promise<WatchEnd>((resolve) => {
    const finish = (end: WatchEnd) => {
      signal.removeEventListener('abort', onAbort);
      resolve(end);
    };
    const onAbort = () => finish({ kind: 'aborted' });
    signal.addEventListener('abort', onAbort, { once: true });
    listener.done?.then(
      () => finish({ kind: 'ended' }),
      (err: unknown) => finish({ kind: 'failed', err }),
    );
  });
}

async function stopQuietly(listener: Listener, logger: Logger): Promise<void> {
  try {
    await listener.stop();
  } catch (err) {
    logger.error({ [LOG_FIELDS.error]: err }, 'error while stopping the listener');
  }
}
