/**
 * The result of evaluating a dependency's filters, with a verdict and a reason for every filter, so the
 * engine can log why an event was discarded and `jetflow test` / the admin dashboard can show it.
 * @module
 */

/** Filter kinds, in upstream's evaluation order (spec/sensor.md §4.1). */
export const FILTER_KINDS = ['expr', 'data', 'context', 'time', 'script'] as const;
export type FilterKind = (typeof FILTER_KINDS)[number];

/** One entry of a `data` or `exprs` list. */
export interface ItemVerdict {
  index: number;
  pass: boolean;
  /** Set when the filter could not be evaluated (the error upstream reports). */
  error?: string;
  /** Human-readable explanation, e.g. `body.value = 51 (number): 51 > 50 for "50.0"`. */
  reason: string;
}

/** One kind of filter. */
export interface KindVerdict {
  kind: FilterKind;
  pass: boolean;
  error?: string;
  reason: string;
  /** Per-entry verdicts for `data` and `exprs` (entries after a decisive one are absent). */
  items?: ItemVerdict[];
}

/** The outcome for one event and one dependency. */
export interface FilterTrace {
  pass: boolean;
  /** The filtering error as upstream words it (the event was "discarded due to filtering error"). */
  error?: string;
  reason: string;
  /** Configured kinds that were evaluated, in evaluation order. */
  kinds: KindVerdict[];
}

/** How much to evaluate: `decide` stops once the verdict is known (engine); `explain` evaluates every kind. */
export type TraceMode = 'decide' | 'explain';
