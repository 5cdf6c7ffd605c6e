/**
 * A single-listener event in a process that may be one of several running the same EventSource: the
 * listener task runs only while this process holds the event's lease (`sourceLeaseKey`), is started on
 * election and aborted on loss (src/bus/lease.ts fences before another process can be elected).
 * @module
 */
import type { Logger } from 'pino';
import { LOG_FIELDS, sourceLeaseKey } from '../../api/index.js';
import { campaign, type KV } from '../../bus/index.js';
import type { TaskOutcome } from './listener-task.js';

/** The lease bucket and this process's identity in it. */
export interface LeaseSettings {
  kv: KV;
  /** Unique per process: the holder shown by `jetflow status`. */
  holderId: string;
}

export interface LeaderTaskOptions {
  lease: LeaseSettings;
  eventSourceName: string;
  eventName: string;
  /** Aborted when the host stops. */
  signal: AbortSignal;
  logger: Logger;
  /** Runs the listener task until `signal` aborts (or it fails / ends by itself). */
  run(signal: AbortSignal): Promise<TaskOutcome>;
  /** Leadership changes, for status and metrics. */
  onRole(leader: boolean): void;
}

/**
 * Campaign for the event's lease until the host stops. Resolves `stopped` then, or the listener's own
 * outcome when it failed or ended while leading (the lease is released, so another process may try).
 */
export async function runAsLeader(o: LeaderTaskOptions): Promise<TaskOutcome> {
  const key = sourceLeaseKey(o.eventSourceName, o.eventName);
  let finish!: (out: TaskOutcome) => void;
  const ended = new Promise<TaskOutcome>((r) => (finish = r));
  const onStop = () => finish('stopped');
  o.signal.addEventListener('abort', onStop, { once: true });
  let handle;
  try {
    handle = await campaign({
      kv: o.lease.kv,
      key,
      holderId: o.lease.holderId,
      logger: o.logger,
      onElected: async (term, token) => {
        o.logger.info({ lease: key, token }, 'elected the listener of this event');
        o.onRole(true);
        const out = await o.run(AbortSignal.any([term, o.signal]));
        o.onRole(false);
        if (!term.aborted && !o.signal.aborted) finish(out);
      },
      onLost: (reason) => {
        if (!o.signal.aborted) o.logger.warn({ lease: key, reason }, 'no longer the listener of this event');
      },
    });
  } catch (err) {
    o.signal.removeEventListener('abort', onStop);
    o.logger.error({ [LOG_FIELDS.error]: err, lease: key }, 'cannot campaign for the listener lease');
    return 'failed';
  }
  if (o.signal.aborted) finish('stopped');
  const out = await ended;
  o.signal.removeEventListener('abort', onStop);
  await handle.stop();
  return out;
}
