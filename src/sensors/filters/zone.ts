/** Calendar arithmetic in IANA time zones with Intl only (Go's time.LoadLocation semantics for names). */

const formatters = new Map<string, Intl.DateTimeFormat>();

/** `''`/`UTC` → UTC, `Local` → the process zone, else the IANA name. @throws {RangeError} unknown zone */
function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    const timeZone = tz === '' || tz === 'UTC' ? 'UTC' : tz === 'Local' ? undefined : tz;
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(tz, f);
  }
  return f;
}

/** Whether Go would load `tz` (IANA names, `UTC`, `Local`, empty). */
export function isKnownZone(tz: string): boolean {
  if (tz !== '' && !/^[A-Za-z]/.test(tz)) return false;
  try {
    formatter(tz);
    return true;
  } catch {
    return false;
  }
}

/** Wall-clock fields of instant `ms` in `tz`. */
export function wallClock(
  ms: number,
  tz: string,
): { year: number; month: number; day: number; secondOfDay: number } {
  const parts: Record<string, number> = {};
  for (const p of formatter(tz).formatToParts(new Date(ms)))
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return {
    year: parts.year!,
    month: parts.month!,
    day: parts.day!,
    secondOfDay:
      parts.hour! * 3600 + parts.minute! * 60 + parts.second! + (ms - Math.floor(ms / 1000) * 1000) / 1000,
  };
}

/** The instant whose wall clock in `tz` is `year-month-day` + `secondOfDay` (first match around DST changes). */
export function instantOf(year: number, month: number, day: number, secondOfDay: number, tz: string): number {
  const naive = Date.UTC(year, month - 1, day) + secondOfDay * 1000;
  let guess = naive;
  for (let i = 0; i < 3; i++) {
    const w = wallClock(guess, tz);
    const wallMs = Date.UTC(w.year, w.month - 1, w.day) + w.secondOfDay * 1000;
    const diff = naive - wallMs;
    if (diff === 0) break;
    guess += diff;
  }
  return guess;
}
