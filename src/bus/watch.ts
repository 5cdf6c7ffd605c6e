/**
 * Log what happens to a bus connection. Every reconnect attempt of a flapping bus produces events;
 * they go through a throttle so a restart of the bus costs a few lines, not thousands.
 * @module
 */
import type { NatsConnection } from '@nats-io/nats-core';
import type { BusLogger, ThrottledLog } from './logger.js';
import { redactUrl } from './server-info.js';

/** Follow `nc.status()` until the connection closes; `onReconnect` runs after each reconnect. */
export function watchConnection(
  nc: NatsConnection,
  logger: BusLogger,
  throttle: ThrottledLog,
  onReconnect: () => void = () => {},
): void {
  void (async () => {
    let downSince = 0;
    for await (const s of nc.status()) {
      switch (s.type) {
        case 'disconnect':
          downSince ||= Date.now();
          throttle.log(
            'warn',
            'disconnect',
            { server: redactUrl(s.server) },
            'bus connection lost, reconnecting',
          );
          break;
        case 'reconnecting':
          break; // one per attempt: the 'error'/'disconnect' lines already say enough
        case 'reconnect':
          logger.info(
            { server: redactUrl(s.server), downMs: downSince ? Date.now() - downSince : 0 },
            'bus reconnected',
          );
          downSince = 0;
          throttle.reset();
          onReconnect();
          break;
        case 'error':
          throttle.log('error', `error:${s.error.message}`, { err: s.error.message }, 'bus connection error');
          break;
        case 'ldm':
          logger.info({ server: redactUrl(s.server) }, 'bus server entering lame duck mode');
          break;
        case 'staleConnection':
          throttle.log('warn', 'stale', {}, 'bus connection stale, reconnecting');
          break;
        case 'slowConsumer':
          throttle.log(
            'warn',
            `slow:${s.sub.getSubject()}`,
            { subject: s.sub.getSubject() },
            'slow consumer',
          );
          break;
        default:
          break;
      }
    }
  })();
  void nc.closed().then((err) => {
    if (err) logger.error({ err: err.message }, 'bus connection closed with an error');
    else logger.info({}, 'bus connection closed');
  });
}
