/** Dependency filters (spec/sensor.md §4): data, expr, context, time and script. */
import { z } from 'zod';
import { obj } from '../common.js';

/** How several filters (or filter kinds) combine. Lower case exactly, as upstream compares it. */
export const logicalOperator = z.enum(['', 'and', 'or']).meta({ description: 'empty means "and"' });
export type LogicalOperator = z.infer<typeof logicalOperator>;

/** JSON type a data filter compares as. Upstream spells booleans `bool`; anything else fails at run time. */
export const DATA_FILTER_TYPES = ['bool', 'number', 'string'] as const;
/** Data filter comparators; empty means `=`. */
export const COMPARATORS = ['>=', '>', '=', '!=', '<', '<=', ''] as const;

export const dataFilter = obj({
  /** GJSON path into the event data. */
  path: z.string(),
  /** `bool`, `number` or `string` (values are RE2 regular expressions for `string`). */
  type: z.enum(DATA_FILTER_TYPES),
  /** Accepted values, OR-ed; each must parse as `type`. */
  value: z.array(z.string()),
  /** `event <comparator> value`. @default "=" */
  comparator: z.enum(COMPARATORS).optional(),
  /** Go text/template applied to the path result (`.Input`) before comparing. */
  template: z.string().optional(),
});
export type DataFilter = z.infer<typeof dataFilter>;

/** `{name, path}`: binds `name` in an expr filter to the value at GJSON `path`. */
export const payloadField = obj({ path: z.string(), name: z.string() });

export const exprFilter = obj({
  /** A govaluate boolean expression over the field names. */
  expr: z.string(),
  fields: z.array(payloadField),
});
export type ExprFilter = z.infer<typeof exprFilter>;

/** CloudEvent context; as a filter only type, subject, source and datacontenttype are compared. */
export const eventContext = obj({
  id: z.string().optional(),
  source: z.string().optional(),
  specversion: z.string().optional(),
  type: z.string().optional(),
  datacontenttype: z.string().optional(),
  subject: z.string().optional(),
  time: z.string().optional(),
});
export type EventContext = z.infer<typeof eventContext>;

/** A daily window on the event time; `stop` < `start` crosses midnight. */
export const timeFilter = obj({
  /** `HH:MM:SS`, inclusive. */
  start: z.string(),
  /** `HH:MM:SS`, exclusive. */
  stop: z.string(),
  /** IANA zone the clock times are in. @default "UTC" */
  timezone: z.string().optional(),
});
export type TimeFilter = z.infer<typeof timeFilter>;

export const eventDependencyFilter = obj({
  time: timeFilter.optional(),
  context: eventContext.optional(),
  data: z.array(dataFilter).optional(),
  exprs: z.array(exprFilter).optional(),
  /** @default "and" */
  dataLogicalOperator: logicalOperator.optional(),
  /** @default "and" */
  exprLogicalOperator: logicalOperator.optional(),
  /** Lua 5.1 chunk; the event passes when it returns `true`. */
  script: z.string().optional(),
});
export type EventDependencyFilter = z.infer<typeof eventDependencyFilter>;
