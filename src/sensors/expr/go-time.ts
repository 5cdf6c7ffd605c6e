/**
 * govaluate turns every quoted string literal that parses as a date into a number (unix seconds).
 * This re-implements Go's `time.Parse` for exactly the layouts govaluate tries, in its order:
 * ANSIC, UnixDate, RubyDate, Kitchen, RFC3339, RFC3339Nano, `2006-01-02`, `2006-01-02 15:04`,
 * `2006-01-02 15:04:05`, `2006-01-02 15:04:05-07:00`, `2006-01-02T15Z0700`, `2006-01-02T15:04Z0700`,
 * `2006-01-02T15:04:05Z0700`, `2006-01-02T15:04:05.999999999Z0700`.
 *
 * Deliberate difference: govaluate reads zone-less dates in the process's local zone; jetflow reads
 * them as UTC (what a sensor pod, whose local zone is UTC, does upstream), so results do not depend
 * on the host's TZ. A zone abbreviation (`MST`, `GMT+3`) does not move the instant, as in Go.
 * Offsets beyond ±24:60 are rejected, as current Go (which argo is built with) does.
 * @module
 */

type Chunk = string; // a std element ('2006', '01', ...) or a literal prefixed with '='

const L = (s: string): Chunk => `=${s}`;
const DATE = ['2006', L('-'), '01', L('-'), '02'];
const LAYOUTS: Chunk[][] = [
  ['Mon', L(' '), 'Jan', L(' '), '_2', L(' '), '15', L(':'), '04', L(':'), '05', L(' '), '2006'],
  [
    'Mon',
    L(' '),
    'Jan',
    L(' '),
    '_2',
    L(' '),
    '15',
    L(':'),
    '04',
    L(':'),
    '05',
    L(' '),
    'MST',
    L(' '),
    '2006',
  ],
  [
    'Mon',
    L(' '),
    'Jan',
    L(' '),
    '02',
    L(' '),
    '15',
    L(':'),
    '04',
    L(':'),
    '05',
    L(' '),
    '-0700',
    L(' '),
    '2006',
  ],
  ['3', L(':'), '04', 'PM'],
  [...DATE, L('T'), '15', L(':'), '04', L(':'), '05', 'Z07:00'],
  [...DATE, L('T'), '15', L(':'), '04', L(':'), '05', '.999999999', 'Z07:00'],
  [...DATE],
  [...DATE, L(' '), '15', L(':'), '04'],
  [...DATE, L(' '), '15', L(':'), '04', L(':'), '05'],
  [...DATE, L(' '), '15', L(':'), '04', L(':'), '05', '-07:00'],
  [...DATE, L('T'), '15', 'Z0700'],
  [...DATE, L('T'), '15', L(':'), '04', 'Z0700'],
  [...DATE, L('T'), '15', L(':'), '04', L(':'), '05', 'Z0700'],
  [...DATE, L('T'), '15', L(':'), '04', L(':'), '05', '.999999999', 'Z0700'],
];
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

interface Fields {
  year: number;
  month: number;
  day: number;
  hour: number;
  min: number;
  sec: number;
  offset: number;
  pm?: boolean;
}

const isDigit = (s: string, i: number): boolean => i < s.length && s[i]! >= '0' && s[i]! <= '9';

/** Go's getnum: one or two ASCII digits (exactly two when `fixed`). */
function getnum(s: string, fixed: boolean): [number, string] | undefined {
  if (!isDigit(s, 0)) return undefined;
  if (!isDigit(s, 1)) return fixed ? undefined : [Number(s[0]), s.slice(1)];
  return [Number(s.slice(0, 2)), s.slice(2)];
}

/** Go's skip: a literal must match, except that a run of spaces matches any run of (at least one) spaces. */
function skip(value: string, prefix: string): string | undefined {
  let p = prefix;
  let v = value;
  while (p.length > 0) {
    if (p[0] === ' ') {
      if (v.length > 0 && v[0] !== ' ') return undefined;
      p = p.replace(/^ +/, '');
      v = v.replace(/^ +/, '');
      continue;
    }
    if (v.length === 0 || v[0] !== p[0]) return undefined;
    p = p.slice(1);
    v = v.slice(1);
  }
  return v;
}

/** Numeric zone offsets: `-0700` (colon=false) or `-07:00` (colon=true); returns [seconds, rest]. */
function numericZone(v: string, colon: boolean): [number, string] | undefined {
  if (colon ? v.length < 6 || v[3] !== ':' : v.length < 5) return undefined;
  const hh = getnum(v.slice(1, 3), true);
  const mm = getnum(colon ? v.slice(4, 6) : v.slice(3, 5), true);
  if (!hh || !mm || hh[0] > 24 || mm[0] > 60) return undefined;
  const off = (hh[0] * 60 + mm[0]) * 60;
  if (v[0] === '+') return [off, v.slice(colon ? 6 : 5)];
  if (v[0] === '-') return [-off, v.slice(colon ? 6 : 5)];
  return undefined;
}

/**
 * Go's parseTimeZone for `MST`. The instant ignores the name: Go builds the time as UTC and only attaches
 * a display zone (even `GMT+3`) unless the name is the local zone's, which in UTC means none but `UTC`.
 */
function zoneName(v: string): [number, string] | undefined {
  if (v.startsWith('UTC')) return [0, v.slice(3)];
  if (v.length < 3) return undefined;
  if (v.startsWith('ChST') || v.startsWith('MeST')) return [0, v.slice(4)];
  const signed = (s: string): number => {
    const m = /^[+-](\d+)/.exec(s);
    return m && Number(m[1]) <= 23 ? m[0].length : 0;
  };
  if (v.startsWith('GMT')) {
    const n = v.length === 3 ? 0 : signed(v.slice(3));
    return [0, v.slice(3 + n)];
  }
  if (v[0] === '+' || v[0] === '-') {
    const n = signed(v);
    return n > 0 ? [0, v.slice(n)] : undefined;
  }
  const upper = /^[A-Z]{0,6}/.exec(v)![0].length;
  if (
    upper === 3 ||
    (upper === 4 && (v[3] === 'T' || v.startsWith('WITA'))) ||
    (upper === 5 && v[4] === 'T')
  ) {
    return [0, v.slice(upper)];
  }
  return undefined;
}

/** One std element; returns the remaining value or undefined on mismatch. */
function element(std: Chunk, v: string, f: Fields, next: Chunk | undefined): string | undefined {
  const num = (s: string, fixed: boolean, min: number, max: number, set: (n: number) => void) => {
    const r = getnum(s, fixed);
    if (!r || r[0] < min || r[0] > max) return undefined;
    set(r[0]);
    return r[1];
  };
  const zone = (r: [number, string] | undefined): string | undefined => {
    if (r) f.offset = r[0];
    return r?.[1];
  };
  switch (std) {
    case '2006':
      if (!/^\d{4}/.test(v)) return undefined;
      f.year = Number(v.slice(0, 4));
      return v.slice(4);
    case '01':
      return num(v, true, 1, 12, (n) => (f.month = n));
    case '02':
      return num(v, true, 0, 99, (n) => (f.day = n));
    case '_2':
      return num(v.startsWith(' ') ? v.slice(1) : v, false, 0, 99, (n) => (f.day = n));
    case '15':
      return num(v, false, 0, 23, (n) => (f.hour = n));
    case '3':
      return num(v, false, 0, 12, (n) => (f.hour = n));
    case '04':
      return num(v, true, 0, 59, (n) => (f.min = n));
    case '05': {
      const rest = num(v, true, 0, 59, (n) => (f.sec = n));
      // A fraction is accepted after seconds even when the layout has none (Go does the same).
      return rest !== undefined && next !== '.999999999' ? rest.replace(/^[.,]\d+/, '') : rest;
    }
    case '.999999999':
      return v.replace(/^[.,]\d+/, '');
    case 'PM':
      if (!v.startsWith('PM') && !v.startsWith('AM')) return undefined;
      f.pm = v.startsWith('PM');
      return v.slice(2);
    case 'Jan':
    case 'Mon': {
      const idx = (std === 'Jan' ? MONTHS : DAYS).indexOf(v.slice(0, 3).toLowerCase());
      if (idx < 0) return undefined;
      if (std === 'Jan') f.month = idx + 1;
      return v.slice(3);
    }
    case 'Z07:00':
    case 'Z0700':
      return v.startsWith('Z') ? v.slice(1) : zone(numericZone(v, std === 'Z07:00'));
    case '-0700':
    case '-07:00':
      return zone(numericZone(v, std === '-07:00'));
    case 'MST':
      return zone(zoneName(v));
    default:
      return skip(v, std.slice(1));
  }
}

/** Days since 1970-01-01 of a proleptic Gregorian civil date (valid for year 0 too). */
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function daysIn(month: number, year: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function parseLayout(layout: Chunk[], value: string): number | undefined {
  const f: Fields = { year: 0, month: 1, day: 1, hour: 0, min: 0, sec: 0, offset: 0 };
  let v: string | undefined = value;
  for (let i = 0; i < layout.length && v !== undefined; i++) v = element(layout[i]!, v, f, layout[i + 1]);
  if (v !== '' || f.day < 1 || f.day > daysIn(f.month, f.year)) return undefined;
  if (f.pm === true && f.hour < 12) f.hour += 12;
  else if (f.pm === false && f.hour === 12) f.hour = 0;
  return daysFromCivil(f.year, f.month, f.day) * 86400 + f.hour * 3600 + f.min * 60 + f.sec - f.offset;
}

/** govaluate's `tryParseTime`: unix seconds of the first layout that parses `candidate`, else undefined. */
export function parseGovaluateDate(candidate: string): number | undefined {
  for (const layout of LAYOUTS) {
    const t = parseLayout(layout, candidate);
    if (t !== undefined) return t;
  }
  return undefined;
}
