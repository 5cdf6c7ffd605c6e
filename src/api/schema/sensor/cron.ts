/**
 * `conditionsReset[].byTime.cron` as upstream parses it: robfig/cron v3 with exactly the five fields
 * minute, hour, day-of-month, month, day-of-week (no seconds, no `@` descriptors). Names are
 * case-insensitive, `?` means `*`, day-of-week is 0–6, and an optional `TZ=`/`CRON_TZ=` prefix sets the zone.
 * @module
 */
import { Cron } from 'croner';
import { isValidTimezone } from './rules.js';

interface FieldDef {
  name: string;
  min: number;
  max: number;
  names?: Record<string, number>;
}

const MONTHS = Object.fromEntries(
  ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'].map((m, i) => [
    m,
    i + 1,
  ]),
);
const DAYS = Object.fromEntries(['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'].map((d, i) => [d, i]));

const FIELDS: FieldDef[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day-of-month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: MONTHS },
  { name: 'day-of-week', min: 0, max: 6, names: DAYS },
];

/** A reset schedule ready for croner: `pattern` has `?` replaced by `*`; `timezone` from a `TZ=` prefix. */
export type ResetCron = { ok: true; pattern: string; timezone?: string } | { ok: false; problem: string };

/** Parse and check a reset cron expression the way robfig/cron v3 (five-field parser) does. */
export function parseResetCron(text: string): ResetCron {
  let spec = text.trim();
  let timezone: string | undefined;
  const tz = /^(?:CRON_)?TZ=(\S*)\s*/.exec(spec);
  if (tz) {
    timezone = tz[1]!;
    if (!isValidTimezone(timezone))
      return { ok: false, problem: `unknown time zone "${timezone}" in prefix` };
    spec = spec.slice(tz[0].length);
  }
  if (spec.startsWith('@')) return { ok: false, problem: 'descriptors such as "@daily" are not accepted' };
  const parts = spec.split(/\s+/).filter((p) => p !== '');
  if (parts.length !== 5)
    return {
      ok: false,
      problem: `expected 5 fields (minute hour day-of-month month day-of-week), found ${parts.length}`,
    };
  for (let i = 0; i < 5; i++) {
    const problem = fieldProblem(parts[i], FIELDS[i]);
    if (problem) return { ok: false, problem: `${FIELDS[i].name} field "${parts[i]}": ${problem}` };
  }
  const pattern = parts.map((p) => p.replace(/\?/g, '*')).join(' ');
  try {
    new Cron(pattern, { paused: true });
  } catch (e) {
    return { ok: false, problem: `not supported by the scheduler: ${(e as Error).message}` };
  }
  return timezone === undefined ? { ok: true, pattern } : { ok: true, pattern, timezone };
}

function fieldProblem(field: string, def: FieldDef): string | undefined {
  for (const range of field.split(',')) {
    const problem = rangeProblem(range, def);
    if (problem) return problem;
  }
  return undefined;
}

/** robfig getRange: `*`/`?`, `n`, `n-m`, each optionally followed by `/step`. */
function rangeProblem(expr: string, def: FieldDef): string | undefined {
  const rangeAndStep = expr.split('/');
  if (rangeAndStep.length > 2) return `too many slashes in "${expr}"`;
  const lowHigh = rangeAndStep[0].split('-');
  if (lowHigh.length > 2) return `too many hyphens in "${expr}"`;
  let start: number | undefined;
  let end: number | undefined;
  if (lowHigh[0] === '*' || lowHigh[0] === '?') {
    if (lowHigh.length > 1) return `"${expr}" is not a range`;
    [start, end] = [def.min, def.max];
  } else {
    start = value(lowHigh[0], def);
    end = lowHigh.length === 2 ? value(lowHigh[1], def) : start;
    if (start === undefined || end === undefined)
      return `"${expr}" is not a number${def.names ? ' or name' : ''}`;
  }
  if (rangeAndStep.length === 2) {
    const step = /^\d+$/.test(rangeAndStep[1]) ? Number(rangeAndStep[1]) : undefined;
    if (step === undefined) return `step "${rangeAndStep[1]}" is not a number`;
    if (step === 0) return 'step must be at least 1';
    if (lowHigh.length === 1) end = def.max;
  }
  if (start < def.min || end > def.max) return `values must be within ${def.min}-${def.max}`;
  if (start > end) return `range start ${start} is beyond its end ${end}`;
  return undefined;
}

function value(text: string, def: FieldDef): number | undefined {
  const named = def.names?.[text.toLowerCase()];
  if (named !== undefined) return named;
  return /^\d+$/.test(text) ? Number(text) : undefined;
}
