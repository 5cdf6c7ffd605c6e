/**
 * Go's default time text (`time.Time.String()`, layout `2006-01-02 15:04:05.999999999 -0700 MST`, plus
 * ` m=+<seconds>` when the value carries a monotonic reading), which upstream writes as a calendar
 * event's `eventTime` and reads back for catch-up. Zone offsets and calendar dates come from Intl.
 * @module
 */

/** Calendar fields of an instant in a zone, and the zone's UTC offset in minutes at that instant. */
export interface ZonedParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  offsetMin: number;
}

const partsFormats = new Map<string, Intl.DateTimeFormat>();
const nameFormats = new Map<string, Intl.DateTimeFormat>();

/** The process zone (Go's `time.Local`): `TZ`, else the system zone, normally UTC. */
export function localZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** An IANA zone name for a config value; Go's `Local` means the process zone. */
export function resolveZone(name: string | undefined): string {
  return !name || name === 'Local' ? localZone() : name;
}

/** Year, month, day, time of day and UTC offset of `date` in `zone`. */
export function zonedParts(date: Date, zone: string): ZonedParts {
  let f = partsFormats.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    partsFormats.set(zone, f);
  }
  const p: Record<string, number> = {};
  for (const part of f.formatToParts(date)) if (part.type !== 'literal') p[part.type] = Number(part.value);
  const wall = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!);
  const whole = Math.floor(date.getTime() / 1000) * 1000;
  return {
    year: p.year!,
    month: p.month!,
    day: p.day!,
    hour: p.hour!,
    minute: p.minute!,
    second: p.second!,
    offsetMin: Math.round((wall - whole) / 60_000),
  };
}

/**
 * The zone abbreviation Go prints (`UTC`, `EST`, `CET`, ...). Intl knows the common ones under en-US or
 * en-GB; zones without one print the numeric form tzdata uses (`+03`, `+0545`).
 */
export function zoneAbbreviation(date: Date, zone: string, offsetMin: number): string {
  for (const locale of ['en-US', 'en-GB']) {
    const key = `${locale}|${zone}`;
    let f = nameFormats.get(key);
    if (!f) {
      f = new Intl.DateTimeFormat(locale, { timeZone: zone, timeZoneName: 'short' });
      nameFormats.set(key, f);
    }
    const name = f.formatToParts(date).find((p) => p.type === 'timeZoneName')?.value ?? '';
    if (/^[A-Z]{2,5}$/.test(name)) return name;
  }
  const abs = Math.abs(offsetMin);
  const mm = abs % 60;
  return `${offsetMin < 0 ? '-' : '+'}${pad(Math.floor(abs / 60), 2)}${mm ? pad(mm, 2) : ''}`;
}

/**
 * `date` as Go's `Time.String()` in `zone`. `monotonicMs` (milliseconds since the process started) adds
 * the ` m=+s.nnnnnnnnn` suffix Go prints for times read from the clock, as upstream's timer fires are.
 */
export function formatGoTime(date: Date, zone: string, monotonicMs?: number): string {
  const p = zonedParts(date, zone);
  const ms = ((date.getTime() % 1000) + 1000) % 1000;
  const frac = ms === 0 ? '' : `.${pad(ms, 3).replace(/0+$/, '')}`;
  const abs = Math.abs(p.offsetMin);
  const offset = `${p.offsetMin < 0 ? '-' : '+'}${pad(Math.floor(abs / 60), 2)}${pad(abs % 60, 2)}`;
  const text =
    `${pad(p.year, 4)}-${pad(p.month, 2)}-${pad(p.day, 2)} ${pad(p.hour, 2)}:${pad(p.minute, 2)}:` +
    `${pad(p.second, 2)}${frac} ${offset} ${zoneAbbreviation(date, zone, p.offsetMin)}`;
  if (monotonicMs === undefined) return text;
  const ns = BigInt(Math.round(monotonicMs * 1e6));
  const sign = ns < 0n ? '-' : '+';
  const absNs = ns < 0n ? -ns : ns;
  return `${text} m=${sign}${absNs / 1_000_000_000n}.${(absNs % 1_000_000_000n).toString().padStart(9, '0')}`;
}

const GO_TIME = /^(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)(?:\.(\d{1,9}))? ([+-])(\d\d)(\d\d)(?: \S+)?$/;

/**
 * Parse Go time text as upstream's catch-up does: the part before ` m=` with layout
 * `2006-01-02 15:04:05.999999999 -0700 MST` (the numeric offset decides; digits below 1 ms are dropped).
 */
export function parseGoTime(text: string): Date | undefined {
  const m = GO_TIME.exec(text.split(' m=')[0]!);
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const ms = m[7] ? Number(m[7].padEnd(9, '0').slice(0, 3)) : 0;
  const offsetMin = (m[8] === '-' ? -1 : 1) * (Number(m[9]) * 60 + Number(m[10]));
  const wall = Date.UTC(y, mo - 1, d, h, mi, s, ms);
  const check = new Date(wall);
  if (check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d || h > 23 || mi > 59 || s > 59)
    return undefined;
  return new Date(wall - offsetMin * 60_000);
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}
