/**
 * Methods of time.Time callable from templates (`{{ now.Unix }}`, `{{ (now).Format "2006" }}`).
 * Each function takes the receiver first.
 * @module
 */
import { DAYS, formatTime, localTime, MONTHS, timeString } from './gotime.js';
import type { GoFunc } from './state.js';
import { GoInt, GoTime } from './values.js';

function wall(t: GoTime): Date {
  return new Date(t.ms + t.offset * 1000);
}

const int = (n: number | bigint, kind: 'int' | 'int64' = 'int'): GoInt => new GoInt(BigInt(n), kind);

export const TIME_METHODS: ReadonlyMap<string, GoFunc> = new Map<string, GoFunc>([
  ['Unix', { params: [], ret: 'int64', fn: (t: GoTime) => int(Math.floor(t.ms / 1000), 'int64') }],
  ['UnixMilli', { params: [], ret: 'int64', fn: (t: GoTime) => int(t.ms, 'int64') }],
  [
    'UnixNano',
    {
      params: [],
      ret: 'int64',
      fn: (t: GoTime) => new GoInt(BigInt(t.ms) * 1_000_000n + BigInt(t.ns), 'int64'),
    },
  ],
  ['Year', { params: [], ret: 'int', fn: (t: GoTime) => int(wall(t).getUTCFullYear()) }],
  // time.Month and time.Weekday print as names; they are modelled as strings.
  ['Month', { params: [], ret: 'string', fn: (t: GoTime) => MONTHS[wall(t).getUTCMonth()] }],
  ['Weekday', { params: [], ret: 'string', fn: (t: GoTime) => DAYS[wall(t).getUTCDay()] }],
  ['Day', { params: [], ret: 'int', fn: (t: GoTime) => int(wall(t).getUTCDate()) }],
  ['Hour', { params: [], ret: 'int', fn: (t: GoTime) => int(wall(t).getUTCHours()) }],
  ['Minute', { params: [], ret: 'int', fn: (t: GoTime) => int(wall(t).getUTCMinutes()) }],
  ['Second', { params: [], ret: 'int', fn: (t: GoTime) => int(wall(t).getUTCSeconds()) }],
  [
    'Nanosecond',
    { params: [], ret: 'int', fn: (t: GoTime) => int((((t.ms % 1000) + 1000) % 1000) * 1_000_000 + t.ns) },
  ],
  ['Format', { params: ['string'], ret: 'string', fn: (t: GoTime, layout: string) => formatTime(t, layout) }],
  ['String', { params: [], ret: 'string', fn: (t: GoTime) => timeString(t) }],
  ['UTC', { params: [], ret: 'time', fn: (t: GoTime) => new GoTime(t.ms, t.ns, 0, 'UTC') }],
  ['Local', { params: [], ret: 'time', fn: (t: GoTime) => localTime(t.ms, t.ns) }],
  ['IsZero', { params: [], ret: 'bool', fn: (t: GoTime) => t.ms === -62135596800000 && t.ns === 0 }],
]);
