/**
 * Sprig date functions (date.go): `now`, `date`, `dateInZone`, `htmlDate`, `toDate`,
 * `unixEpoch`, `dateModify`. Zones come from the runtime's IANA database (Intl); an unknown zone
 * falls back to UTC as in Sprig. Parsing (`toDate`) follows Go's layout rules for the common
 * tokens; on a parse error it returns Go's zero time, as Sprig does.
 * @module
 */
import { parseGoDuration } from '../../api/index.js';
import { chunks, localTime, localZone, zeroTime } from './gotime.js';
import { formatTime } from './gotime.js';
import { FuncError, type GoFunc } from './state.js';
import { GoInt, GoTime, type GoVal } from './values.js';

/** Offset and abbreviation of IANA zone `zone` at instant `ms`; undefined for an unknown zone. */
function zoneAt(ms: number, zone: string): { offset: number; name: string } | undefined {
  if (zone === 'UTC' || zone === '') return { offset: 0, name: 'UTC' };
  if (zone === 'Local') {
    const z = localZone(ms);
    return { offset: z.offset, name: z.zone };
  }
  let parts: Intl.DateTimeFormatPart[];
  try {
    const f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      timeZoneName: 'short',
    });
    parts = f.formatToParts(new Date(ms));
  } catch {
    return undefined;
  }
  const get = (t: string): number => Number(parts.find((p) => p.type === t)?.value ?? 0);
  const wall = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  const offset = Math.round((wall - Math.floor(ms / 1000) * 1000) / 1000);
  const abbr = parts.find((p) => p.type === 'timeZoneName')?.value ?? '';
  const sign = offset < 0 ? '-' : '+';
  const h = String(Math.floor(Math.abs(offset) / 3600)).padStart(2, '0');
  const m = Math.floor(Math.abs(offset) / 60) % 60;
  return {
    offset,
    name: /^[A-Z]{2,5}$/.test(abbr) ? abbr : sign + h + (m ? String(m).padStart(2, '0') : ''),
  };
}

/** Sprig's dateInZone: times, or Unix seconds as int/int64; anything else means now. */
function dateInZone(layout: string, date: GoVal, zone: string): string {
  let t: GoTime;
  if (date instanceof GoTime) t = date;
  else if (date instanceof GoInt && date.kind !== 'uint8') t = new GoTime(Number(date.v) * 1000, 0, 0, 'UTC');
  else t = localTime(Date.now());
  const z = zoneAt(t.ms, zone) ?? { offset: 0, name: 'UTC' };
  return formatTime(new GoTime(t.ms, t.ns, z.offset, z.name), layout);
}

const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];
const DAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

/** Go's time.ParseInLocation(layout, value, Local) for the common layout tokens. */
export function parseTime(layout: string, value: string): GoTime {
  let v = value;
  const f = {
    y: 1,
    mo: 1,
    d: 1,
    h: 0,
    mi: 0,
    s: 0,
    ns: 0,
    pm: undefined as boolean | undefined,
    off: undefined as number | undefined,
    zone: '',
  };
  const num = (min: number, max: number): number => {
    const m = new RegExp(`^\\d{${min},${max}}`).exec(v);
    if (!m)
      throw new FuncError(`parsing time ${JSON.stringify(value)} as ${JSON.stringify(layout)}: cannot parse`);
    v = v.slice(m[0].length);
    return Number(m[0]);
  };
  const name = (names: string[], short: boolean): number => {
    const idx = names.findIndex((n) => v.toLowerCase().startsWith(short ? n.slice(0, 3) : n));
    if (idx < 0) throw new FuncError(`parsing time ${JSON.stringify(value)}: bad name`);
    v = v.slice(short ? 3 : names[idx].length);
    return idx;
  };
  const frac = (): void => {
    const m = /^[.,](\d+)/.exec(v);
    if (m) {
      f.ns = Number(m[1].slice(0, 9).padEnd(9, '0'));
      v = v.slice(m[0].length);
    }
  };
  for (const c of chunks(layout)) {
    if ('lit' in c) {
      if (!v.startsWith(c.lit))
        throw new FuncError(`parsing time ${JSON.stringify(value)}: literal mismatch`);
      v = v.slice(c.lit.length);
      continue;
    }
    const std = c.std;
    if (std === '2006') f.y = num(4, 4);
    else if (std === '06') f.y = ((y) => (y >= 69 ? 1900 + y : 2000 + y))(num(2, 2));
    else if (std === '01') f.mo = num(2, 2);
    else if (std === '1') f.mo = num(1, 2);
    else if (std === 'January' || std === 'Jan') f.mo = name(MONTHS, std === 'Jan') + 1;
    else if (std === 'Monday' || std === 'Mon') name(DAYS, std === 'Mon');
    else if (std === '02') f.d = num(2, 2);
    else if (std === '2' || std === '_2') {
      if (std === '_2' && v[0] === ' ') v = v.slice(1);
      f.d = num(1, 2);
    } else if (std === '15') f.h = num(1, 2);
    else if (std === '03') f.h = num(2, 2);
    else if (std === '3') f.h = num(1, 2);
    else if (std === '04') f.mi = num(2, 2);
    else if (std === '4') f.mi = num(1, 2);
    else if (std === '05' || std === '5') {
      f.s = num(std === '05' ? 2 : 1, 2);
      frac();
    } else if (std === 'PM' || std === 'pm') {
      const ap = v.slice(0, 2).toUpperCase();
      if (ap !== 'AM' && ap !== 'PM') throw new FuncError(`parsing time ${JSON.stringify(value)}: bad AM/PM`);
      f.pm = ap === 'PM';
      v = v.slice(2);
    } else if (std === 'MST') {
      const m = /^(UTC|GMT([+-]\d{1,2})?|[A-Z]{3,5})/.exec(v);
      if (!m) throw new FuncError(`parsing time ${JSON.stringify(value)}: bad zone`);
      f.zone = m[0];
      v = v.slice(m[0].length);
    } else if (std[0] === '-' || std[0] === 'Z') {
      if (std[0] === 'Z' && v[0] === 'Z') {
        f.off = 0;
        v = v.slice(1);
        continue;
      }
      const m = /^([+-])(\d\d):?(\d\d)?(?::?(\d\d))?/.exec(v);
      if (!m) throw new FuncError(`parsing time ${JSON.stringify(value)}: bad offset`);
      f.off = (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 3600 + Number(m[3] ?? 0) * 60 + Number(m[4] ?? 0));
      v = v.slice(m[0].length);
    } else if (std[0] === '.' || std[0] === ',') frac();
    else throw new FuncError(`parsing time: unsupported layout element ${std}`);
  }
  if (v !== '')
    throw new FuncError(`parsing time ${JSON.stringify(value)}: extra text: ${JSON.stringify(v)}`);
  if (f.pm !== undefined) {
    if (f.h > 12) throw new FuncError('parsing time: hour out of range');
    if (f.pm && f.h < 12) f.h += 12;
    if (!f.pm && f.h === 12) f.h = 0;
  }
  const days = new Date(Date.UTC(2000, f.mo, 0)).getUTCDate();
  if (
    f.mo < 1 ||
    f.mo > 12 ||
    f.d < 1 ||
    f.d > (f.mo === 2 && isLeap(f.y) ? 29 : days) ||
    f.h > 23 ||
    f.mi > 59 ||
    f.s > 59
  ) {
    throw new FuncError('parsing time: value out of range');
  }
  const d = new Date(0);
  d.setUTCFullYear(f.y, f.mo - 1, f.d);
  d.setUTCHours(f.h, f.mi, f.s, 0);
  const wall = d.getTime() + Math.floor(f.ns / 1e6);
  if (f.off !== undefined)
    return new GoTime(wall - f.off * 1000, f.ns % 1e6, f.off, f.off === 0 ? 'UTC' : '');
  const local = localZone(wall);
  if (f.zone && f.zone !== local.zone) return new GoTime(wall, f.ns % 1e6, 0, f.zone);
  const off = localZone(wall - local.offset * 1000).offset;
  return new GoTime(wall - off * 1000, f.ns % 1e6, off, localZone(wall - off * 1000).zone);
}

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

function modify(d: string, t: GoTime): GoTime {
  const ns = parseGoDuration(d);
  if (ns === undefined) throw new FuncError(`time: invalid duration ${JSON.stringify(d)}`);
  const totalNs = BigInt(t.ms) * 1_000_000n + BigInt(t.ns) + BigInt(Math.round(ns));
  const ms = Number(totalNs / 1_000_000n);
  return new GoTime(ms, Number(totalNs % 1_000_000n), t.offset, t.zone);
}

export const SPRIG_TIME: Array<[string, GoFunc]> = [
  ['now', { params: [], ret: 'time', fn: () => localTime(Date.now()) }],
  [
    'date',
    { params: ['string', 'any'], ret: 'string', fn: (l: string, d: GoVal) => dateInZone(l, d, 'Local') },
  ],
  ['dateInZone', { params: ['string', 'any', 'string'], ret: 'string', fn: dateInZone }],
  ['date_in_zone', { params: ['string', 'any', 'string'], ret: 'string', fn: dateInZone }],
  ['htmlDate', { params: ['any'], ret: 'string', fn: (d: GoVal) => dateInZone('2006-01-02', d, 'Local') }],
  [
    'htmlDateInZone',
    { params: ['any', 'string'], ret: 'string', fn: (d: GoVal, z: string) => dateInZone('2006-01-02', d, z) },
  ],
  [
    'toDate',
    {
      params: ['string', 'string'],
      ret: 'time',
      fn: (l: string, s: string) => {
        try {
          return parseTime(l, s);
        } catch (err) {
          if (err instanceof FuncError) return zeroTime();
          throw err;
        }
      },
    },
  ],
  ['mustToDate', { params: ['string', 'string'], ret: 'time', fn: parseTime }],
  ['unixEpoch', { params: ['time'], ret: 'string', fn: (t: GoTime) => String(Math.floor(t.ms / 1000)) }],
  [
    'dateModify',
    {
      params: ['string', 'time'],
      ret: 'time',
      fn: (d: string, t: GoTime) => {
        try {
          return modify(d, t);
        } catch (err) {
          if (err instanceof FuncError) return t;
          throw err;
        }
      },
    },
  ],
  ['mustDateModify', { params: ['string', 'time'], ret: 'time', fn: modify }],
];
