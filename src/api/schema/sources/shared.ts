/**
 * Schema pieces shared by several EventSource types (spec/eventsource.md §1, §2.3).
 * @module
 */
import { z } from 'zod';
import { obj, stringMap } from '../common.js';

/** Expression filter evaluated on the data payload before publishing (spec/eventsource.md §2.3). */
export const eventSourceFilter = obj({
  /** expr-lang boolean expression over the payload's top-level keys (`-` replaced by `_`); false drops the event. */
  expression: z.string().optional(),
});
export type EventSourceFilter = z.infer<typeof eventSourceFilter>;

/** User-defined string map copied into the event data as `metadata`. */
export const userMetadata = stringMap;

/** A required, non-empty string; `message` (upstream's wording where it has one) is reported for "". */
export const required = (message: string) => z.string().min(1, message);

/** Directory + file selection shared by `file` and `sftp` (upstream `WatchPathConfig`). */
export const watchPathConfig = obj({
  /** Absolute directory to watch; only the directory itself, not subdirectories. Required. */
  directory: z.string().optional(),
  /** File path relative to `directory`, compared exactly. Exactly one of `path`/`pathRegexp`. */
  path: z.string().optional(),
  /** RE2 expression searched (unanchored) in the path relative to `directory`. */
  pathRegexp: z.string().optional(),
});
export type WatchPathConfig = z.infer<typeof watchPathConfig>;
