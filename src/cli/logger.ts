/** The process logger: pino JSON lines by default, pretty-printed when stdout is a terminal. */
import { pino, type Logger } from 'pino';

export function createLogger(
  level = process.env.JETFLOW_LOG_LEVEL ?? 'info',
  pretty = process.stdout.isTTY,
): Logger {
  if (!pretty) return pino({ level, base: { pid: process.pid } });
  return pino({
    level,
    transport: {
      target: 'pino-pretty',
      options: { colorize: true, translateTime: 'HH:MM:ss.l', ignore: 'pid,hostname' },
    },
  });
}
