/**
 * Go time layouts (`2006-01-02T15:04:05Z07:00`) for Sprig's `date`, `toDate`, `now`, and
 * time.Time's `String()`. Port of the layout tokenizer of Go's time/format.go.
 * @module
 */
import { GoTime } from './values.js';

/** English month names, as Go's time package prints them. */
export const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
/** English weekday names, Sunday first, as Go's time package prints them. */
export const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** Layout chunks in the order Go's nextStdChunk recognises them (longest first within a lead char). */
const TOKENS = [
  'January',
  'Jan',
  'Monday',
  'Mon',
  'MST',
  '01',
  '02',
  '03',
  '04',
  '05',
  '06',
  '002',
  '15',
  '1',
  '2006',
  '2',
  '__2',
  '_2',
  '3',
  '4',
  '5',
  'PM',
  'pm',
  '-070000',
  '-07:00:00',
  '-0700',
  '-07:00',
  '-07',
  'Z070000',
  'Z07:00:00',
  'Z0700',
  'Z07:00',
  'Z07',
];

type Chunk = { lit: string } | { std: string };

/** Split a layout into literals and std tokens, as Go's nextStdChunk. */
export function chunks(layout: string): Chunk[] {
  const out: Chunk[] = [];
  let lit = '';
  let i = 0;
  const lower = (s: string): boolean => s.length > 0 && s[0] >= 'a' && s[0] <= 'z';
  while (i < layout.length) {
    let std = '';
    const rest = layout.slice(i);
    if (rest.startsWith('_2006')) {
      lit += '_';
      std = '2006';
      i += 1;
    } else if ((rest[0] === '.' || rest[0] === ',') && (rest[1] === '0' || rest[1] === '9')) {
      let j = 1;
      while (rest[j] === rest[1]) j++;
      if (!(rest[j] >= '0' && rest[j] <= '9')) std = rest.slice(0, j);
    }
    if (!std) {
      for (const t of TOKENS) {
        if (!rest.startsWith(t)) continue;
        if ((t === 'Jan' || t === 'Mon') && lower(rest.slice(3))) continue;
        std = t;
        break;
      }
    }
    if (!std) {
      lit += layout[i];
      i++;
      continue;
    }
    if (lit) out.push({ lit });
    lit = '';
    out.push({ std });
    i += std.length;
  }
  if (lit) out.push({ lit });
  return out;
}

const pad = (n: number, w: number, c = '0'): string => String(n).padStart(w, c);

/** Wall-clock fields of `t` in its own zone. */
function fields(t: GoTime): {
  y: number;
  mo: number;
  d: number;
  h: number;
  mi: number;
  s: number;
  wd: number;
  yd: number;
} {
  const w = new Date(t.ms + t.offset * 1000);
  const y = w.getUTCFullYear();
  const start = new Date(0);
  start.setUTCFullYear(y, 0, 1);
  const yd = Math.floor((w.getTime() - start.getTime()) / 86_400_000) + 1;
  return {
    y,
    mo: w.getUTCMonth(),
    d: w.getUTCDate(),
    h: w.getUTCHours(),
    mi: w.getUTCMinutes(),
    s: w.getUTCSeconds(),
    wd: w.getUTCDay(),
    yd,
  };
}

function tz(offset: number, colon: boolean, seconds: boolean, short: boolean): string {
  const sign = offset < 0 ? '-' : '+';
  const a = Math.abs(offset);
  let s = sign + pad(Math.floor(a / 3600), 2);
  if (short) return s;
  s += (colon ? ':' : '') + pad(Math.floor(a / 60) % 60, 2);
  if (seconds) s += (colon ? ':' : '') + pad(a % 60, 2);
  return s;
}

/** Go's `Time.Format(layout)`. */
export function formatTime(t: GoTime, layout: string): string {
  const f = fields(t);
  const nanos = (((t.ms % 1000) + 1000) % 1000) * 1_000_000 + t.ns;
  let out = '';
  for (const c of chunks(layout)) {
    if ('lit' in c) {
      out += c.lit;
      continue;
    }
    const std = c.std;
    const h12 = f.h % 12 === 0 ? 12 : f.h % 12;
    const map: Record<string, () => string> = {
      January: () => MONTHS[f.mo],
      Jan: () => MONTHS[f.mo].slice(0, 3),
      Monday: () => DAYS[f.wd],
      Mon: () => DAYS[f.wd].slice(0, 3),
      MST: () => t.zone || tz(t.offset, false, false, false),
      '1': () => String(f.mo + 1),
      '01': () => pad(f.mo + 1, 2),
      '2': () => String(f.d),
      _2: () => pad(f.d, 2, ' '),
      '02': () => pad(f.d, 2),
      __2: () => pad(f.yd, 3, ' '),
      '002': () => pad(f.yd, 3),
      '15': () => pad(f.h, 2),
      '3': () => String(h12),
      '03': () => pad(h12, 2),
      '4': () => String(f.mi),
      '04': () => pad(f.mi, 2),
      '5': () => String(f.s),
      '05': () => pad(f.s, 2),
      '2006': () => pad(f.y, 4),
      '06': () => pad(f.y % 100, 2),
      PM: () => (f.h >= 12 ? 'PM' : 'AM'),
      pm: () => (f.h >= 12 ? 'pm' : 'am'),
    };
    if (map[std]) out += map[std]();
    else if (std[0] === '-' || std[0] === 'Z') {
      if (std[0] === 'Z' && t.offset === 0) out += 'Z';
      else out += tz(t.offset, std.includes(':'), std.length >= 7 && std !== 'Z07:00', std.length === 3);
    } else {
      // Fractional seconds: .000 fixed width, .999 trailing zeros trimmed (omitted when zero).
      const digits = String(nanos)
        .padStart(9, '0')
        .slice(0, std.length - 1);
      if (std[1] === '0') out += std[0] + digits;
      else {
        const trimmed = digits.replace(/0+$/, '');
        if (trimmed) out += std[0] + trimmed;
      }
    }
  }
  return out;
}

/** time.Time.String() (without the monotonic clock reading Go appends to `now`). */
export function timeString(t: GoTime): string {
  return formatTime(t, '2006-01-02 15:04:05.999999999 -0700 MST');
}

/** The process's local zone at instant `ms`: offset and a best-effort abbreviation. */
export function localZone(ms: number): { offset: number; zone: string } {
  const offset = -new Date(ms).getTimezoneOffset() * 60;
  const resolved = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (offset === 0 && (resolved === 'UTC' || resolved === 'Etc/UTC')) return { offset, zone: 'UTC' };
  const part = new Intl.DateTimeFormat('en-US', { timeZoneName: 'short' })
    .formatToParts(new Date(ms))
    .find((p) => p.type === 'timeZoneName');
  const name = part?.value ?? '';
  return { offset, zone: /^[A-Z]{2,5}$/.test(name) ? name : tz(offset, false, false, offset % 3600 === 0) };
}

/** A time in the local zone. */
export function localTime(ms: number, ns = 0): GoTime {
  const z = localZone(ms);
  return new GoTime(ms, ns, z.offset, z.zone);
}

/** Go's zero time.Time (January 1, year 1, 00:00:00 UTC). */
export function zeroTime(): GoTime {
  const d = new Date(0);
  d.setUTCFullYear(1, 0, 1);
  return new GoTime(d.getTime(), 0, 0, 'UTC');
}
