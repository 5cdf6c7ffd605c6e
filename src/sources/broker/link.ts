/**
 * Health and logging of a broker connection: `setHealth` follows the link, and a repeated connection
 * error is logged at most once per interval (a flapping broker otherwise floods the log) with the
 * number of suppressed repeats.
 * @module
 */
import { LOG_FIELDS } from '../../api/index.js';
import { throttledLog } from '../../bus/index.js';
import type { ListenerContext } from '../types.js';

/** Default interval of the connection-error log rate limit. */
export const LINK_LOG_INTERVAL_MS = 10_000;

/** The state of one listener's broker connection. */
export interface LinkReporter {
  /** Connected (again): health ok; after a loss, one `reconnected` line. */
  up(): void;
  /** Lost, or a reconnect attempt failed: health not ok, the error logged (rate-limited). */
  down(err: unknown): void;
  readonly isUp: boolean;
}

/** A reporter for `broker` (e.g. `redis 127.0.0.1:6379`; never a URL with credentials). */
export function linkReporter(
  ctx: Pick<ListenerContext<unknown>, 'logger' | 'setHealth'>,
  broker: string,
  intervalMs = LINK_LOG_INTERVAL_MS,
): LinkReporter {
  const throttle = throttledLog(ctx.logger, intervalMs);
  let up = true;
  return {
    get isUp() {
      return up;
    },
    up() {
      if (!up) ctx.logger.info({ broker }, 'reconnected to the broker');
      up = true;
      throttle.reset();
      ctx.setHealth({ ok: true });
    },
    down(err) {
      up = false;
      const why = err instanceof Error ? err.message : String(err);
      ctx.setHealth({ ok: false, message: `${broker}: connection lost: ${why}` });
      throttle.log(
        'warn',
        why,
        { broker, [LOG_FIELDS.error]: err },
        'broker connection lost, reconnecting with backoff',
      );
    },
  };
}

/** The name a listener shows to its broker (client lists, connection names): who it is. */
export function brokerClientName(
  ctx: Pick<ListenerContext<unknown>, 'eventSourceName' | 'eventName'>,
): string {
  return `jetflow:${ctx.eventSourceName}:${ctx.eventName}`;
}

/** A URL without its user info, for logs and health messages. */
export function redactUrl(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//***@');
}
