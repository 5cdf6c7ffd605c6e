import type { BusLogger } from '../../../src/bus/index.js';

/** One recorded log line. */
export interface LogLine {
  level: keyof BusLogger;
  obj: Record<string, unknown>;
  msg?: string;
}

/** A logger that keeps what it is given, for assertions. */
export function recordingLogger(): BusLogger & { lines: LogLine[] } {
  const lines: LogLine[] = [];
  const at =
    (level: keyof BusLogger) =>
    (obj: object, msg?: string): void => {
      lines.push({ level, obj: obj as Record<string, unknown>, msg });
    };
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/** Bytes of a string. */
export const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
