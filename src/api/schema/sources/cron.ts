/**
 * Calendar schedule parsing. The base grammar is upstream's (robfig/cron v3 `NewParser(Minute | Hour |
 * Dom | Month | Dow)`, error texts follow robfig's), extended as jetflow accepts more than upstream:
 * an optional leading seconds field (6 fields), the descriptors `@yearly`/`@annually`, `@monthly`,
 * `@weekly`, `@daily`/`@midnight`, `@hourly` and `@every <duration>` (robfig's `Descriptor` grammar), and
 * a `TZ=<zone> ` / `CRON_TZ=<zone> ` prefix. The normalized expression uses numbers only and no `?`, so
 * croner reads it with robfig's meaning (croner's `?` means "now").
 * @module
 */
import { parseGoDuration } from '../../duration.js';

/** A schedule jetflow accepts, normalized for croner (`expression`) or as a constant delay (`everyMs`). */
export type CronSchedule = {
  /** Zone from a `TZ=`/`CRON_TZ=` prefix (it overrides the event's `timezone`). */
  timezone?: string;
} & (
  | {
      /** Numeric fields: [second] minute hour day-of-month month day-of-week. */
      expression: string;
    }
  | {
      /** `@every <d>`: next fire = previous fire without its sub-second part + this (whole seconds, >= 1 s). */
      everyMs: number;
    }
);

interface Bounds {
  min: number;
  max: number;
  names?: Record<string, number>;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const SECONDS: Bounds = { min: 0, max: 59 };
const FIELDS: Bounds[] = [
  { min: 0, max: 59 },
  { min: 0, max: 23 },
  { min: 1, max: 31 },
  { min: 1, max: 12, names: Object.fromEntries(MONTHS.map((m, i) => [m, i + 1])) },
  { min: 0, max: 6, names: Object.fromEntries(DAYS.map((d, i) => [d, i])) },
];

/** Is `name` a time zone Go's `time.LoadLocation` would load (IANA name, `UTC` or `Local`)? */
export function timeZoneError(name: string): string | undefined {
  if (name === 'Local' || name === 'UTC') return undefined;
  try {
    const resolved = new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
    // Intl is case-insensitive; Go reads zoneinfo files by exact name.
    if (resolved.toLowerCase() === name.toLowerCase() && resolved !== name)
      return `unknown time zone ${JSON.stringify(name)}: zone names are case-sensitive, expected ${JSON.stringify(resolved)}`;
    return undefined;
  } catch {
    return `unknown time zone ${JSON.stringify(name)}: expected an IANA zone such as "Europe/Berlin" or "UTC"`;
  }
}

/** robfig's descriptors (seconds 0), as five numeric fields. */
const DESCRIPTORS: Record<string, string> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};
const EVERY = '@every ';

/** Parse a schedule; returns the normalized schedule or robfig's error text. */
export function parseCronSchedule(spec: string): { schedule: CronSchedule } | { error: string } {
  if (spec.length === 0) return { error: 'empty spec string' };
  let timezone: string | undefined;
  let rest = spec;
  if (rest.startsWith('TZ=') || rest.startsWith('CRON_TZ=')) {
    const space = rest.indexOf(' ');
    if (space < 0) return { error: `expected fields after the time zone prefix ${JSON.stringify(rest)}` };
    timezone = rest.slice(rest.indexOf('=') + 1, space);
    const tzError = timeZoneError(timezone);
    if (tzError) return { error: `provided bad location ${timezone}: ${tzError}` };
    rest = rest.slice(space).trim();
  }
  const zone = timezone ? { timezone } : {};
  if (rest.startsWith('@')) {
    const d = parseDescriptor(rest);
    return 'error' in d ? d : { schedule: { ...zone, ...d } };
  }
  const fields = rest.split(/\s+/).filter((f) => f !== '');
  if (fields.length !== 5 && fields.length !== 6)
    return { error: `expected 5 or 6 fields, found ${fields.length}: [${fields.join(' ')}]` };
  const bounds = fields.length === 6 ? [SECONDS, ...FIELDS] : FIELDS;
  const out: string[] = [];
  for (const [i, field] of fields.entries()) {
    const parsed = parseField(field, bounds[i]);
    if ('error' in parsed) return parsed;
    out.push(parsed.text);
  }
  return { schedule: { ...zone, expression: out.join(' ') } };
}

/** `@every <duration>` or a named descriptor. */
function parseDescriptor(text: string): { expression: string } | { everyMs: number } | { error: string } {
  const named = DESCRIPTORS[text];
  if (named) return { expression: named };
  if (text.startsWith(EVERY)) {
    const ns = parseGoDuration(text.slice(EVERY.length));
    if (ns === undefined)
      return { error: `failed to parse duration ${text}: expected a duration such as "30s" or "1h30m"` };
    // robfig's Every: drop the sub-second part, and never fire more often than once a second.
    return { everyMs: Math.max(1000, Math.floor(ns / 1e9) * 1000) };
  }
  return { error: `unrecognized descriptor: ${text}` };
}

/** A comma-separated list of ranges; empty items are skipped like Go's `strings.FieldsFunc`. */
function parseField(field: string, b: Bounds): { text: string } | { error: string } {
  const parts: string[] = [];
  for (const expr of field.split(',').filter((r) => r !== '')) {
    const r = parseRange(expr, b);
    if ('error' in r) return r;
    parts.push(r.text);
  }
  if (parts.length === 0) return { error: `empty field: ${JSON.stringify(field)}` };
  return { text: parts.join(',') };
}

/** `*` | `?` | n | n-m, each optionally `/step`; `n/step` means `n-max/step` (robfig `getRange`). */
function parseRange(expr: string, b: Bounds): { text: string } | { error: string } {
  const rangeAndStep = expr.split('/');
  const lowAndHigh = rangeAndStep[0].split('-');
  let start: number;
  let end: number;
  let star = false;
  if (lowAndHigh[0] === '*' || lowAndHigh[0] === '?') {
    [start, end, star] = [b.min, b.max, true];
  } else {
    const s = parseIntOrName(lowAndHigh[0], b);
    if (typeof s === 'string') return { error: s };
    start = s;
    if (lowAndHigh.length === 1) end = start;
    else if (lowAndHigh.length === 2) {
      const e = parseIntOrName(lowAndHigh[1], b);
      if (typeof e === 'string') return { error: e };
      end = e;
    } else return { error: `too many hyphens: ${expr}` };
  }
  let step = 1;
  if (rangeAndStep.length === 2) {
    const s = mustParseInt(rangeAndStep[1]);
    if (typeof s === 'string') return { error: s };
    step = s;
    if (lowAndHigh.length === 1) end = b.max;
  } else if (rangeAndStep.length > 2) return { error: `too many slashes: ${expr}` };
  if (start < b.min) return { error: `beginning of range (${start}) below minimum (${b.min}): ${expr}` };
  if (end > b.max) return { error: `end of range (${end}) above maximum (${b.max}): ${expr}` };
  if (start > end) return { error: `beginning of range (${start}) beyond end of range (${end}): ${expr}` };
  if (step === 0) return { error: `step of range should be a positive number: ${expr}` };
  if (star) return { text: step === 1 ? '*' : `*/${step}` };
  const range = start === end && rangeAndStep.length === 1 ? `${start}` : `${start}-${end}`;
  return { text: step === 1 ? range : `${range}/${step}` };
}

function parseIntOrName(expr: string, b: Bounds): number | string {
  const named = b.names?.[expr.toLowerCase()];
  return named ?? mustParseInt(expr);
}

/** Go `strconv.Atoi` (optional sign, decimal digits), then robfig's non-negative check. */
function mustParseInt(expr: string): number | string {
  if (!/^[+-]?\d+$/.test(expr)) return `failed to parse int from ${expr}: invalid syntax`;
  const n = Number(expr);
  if (n < 0) return `negative number (${n}) not allowed: ${expr}`;
  return n;
}
