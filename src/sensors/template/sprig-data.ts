/**
 * Sprig defaults, JSON, dicts and reflection helpers (defaults.go, dict.go, reflect.go). Go
 * iterates maps in random order for `keys`/`values`; jetflow sorts them.
 * @module
 */
import { marshal, unmarshal } from './gojson.js';
import { strval } from './sprig-strings.js';
import { FuncError, type GoFunc } from './state.js';
import { empty, goEqual, kindName } from './sprig-util.js';
import { mapGet, mapSet, sortedKeys, typeName, type GoMap, type GoVal } from './values.js';

function toJson(v: GoVal, raw: boolean, pretty: boolean): string {
  return marshal(v, !raw, pretty ? '  ' : '');
}

/** Ignore the error (Sprig's non-must variants return an empty string). */
function quiet(fn: () => string): string {
  try {
    return fn();
  } catch (err) {
    if (err instanceof FuncError) return '';
    throw err;
  }
}

function dict(...v: GoVal[]): GoMap {
  const out: GoMap = {};
  for (let i = 0; i < v.length; i += 2) mapSet(out, strval(v[i]), i + 1 < v.length ? v[i + 1] : '');
  return out;
}

export const SPRIG_DATA: Array<[string, GoFunc]> = [
  [
    'default',
    {
      params: ['any', 'any'],
      variadic: true,
      ret: 'any',
      fn: (d: GoVal, ...g: GoVal[]) => (g.length === 0 || empty(g[0]) ? d : g[0]),
    },
  ],
  ['empty', { params: ['any'], ret: 'bool', fn: empty }],
  [
    'coalesce',
    { params: ['any'], variadic: true, ret: 'any', fn: (...v: GoVal[]) => v.find((x) => !empty(x)) ?? null },
  ],
  ['all', { params: ['any'], variadic: true, ret: 'bool', fn: (...v: GoVal[]) => v.every((x) => !empty(x)) }],
  ['any', { params: ['any'], variadic: true, ret: 'bool', fn: (...v: GoVal[]) => v.some((x) => !empty(x)) }],
  [
    'ternary',
    { params: ['any', 'any', 'bool'], ret: 'any', fn: (t: GoVal, f: GoVal, c: boolean) => (c ? t : f) },
  ],
  ['toJson', { params: ['any'], ret: 'string', fn: (v: GoVal) => quiet(() => toJson(v, false, false)) }],
  ['mustToJson', { params: ['any'], ret: 'string', fn: (v: GoVal) => toJson(v, false, false) }],
  ['toRawJson', { params: ['any'], ret: 'string', fn: (v: GoVal) => toJson(v, true, false) }],
  ['mustToRawJson', { params: ['any'], ret: 'string', fn: (v: GoVal) => toJson(v, true, false) }],
  ['toPrettyJson', { params: ['any'], ret: 'string', fn: (v: GoVal) => quiet(() => toJson(v, false, true)) }],
  ['mustToPrettyJson', { params: ['any'], ret: 'string', fn: (v: GoVal) => toJson(v, false, true) }],
  [
    'fromJson',
    {
      params: ['string'],
      ret: 'any',
      fn: (s: string) => {
        try {
          return unmarshal(s);
        } catch (err) {
          if (err instanceof FuncError) return null;
          throw err;
        }
      },
    },
  ],
  ['mustFromJson', { params: ['string'], ret: 'any', fn: unmarshal }],
  ['dict', { params: ['any'], variadic: true, ret: 'map', fn: dict }],
  [
    'get',
    {
      params: ['map', 'string'],
      ret: 'any',
      fn: (d: GoMap | null, k: string) => (d ? (mapGet(d, k) ?? '') : ''),
    },
  ],
  [
    'set',
    {
      params: ['map', 'string', 'any'],
      ret: 'map',
      fn: (d: GoMap | null, k: string, v: GoVal) => {
        if (!d) throw new FuncError('assignment to entry in nil map');
        mapSet(d, k, v);
        return d;
      },
    },
  ],
  [
    'unset',
    {
      params: ['map', 'string'],
      ret: 'map',
      fn: (d: GoMap | null, k: string) => {
        if (d) delete d[k];
        return d;
      },
    },
  ],
  [
    'hasKey',
    {
      params: ['map', 'string'],
      ret: 'bool',
      fn: (d: GoMap | null, k: string) => d !== null && mapGet(d, k) !== undefined,
    },
  ],
  [
    'keys',
    {
      params: ['map'],
      variadic: true,
      ret: 'list',
      fn: (...ds: Array<GoMap | null>) => ds.flatMap((d) => (d ? sortedKeys(d) : [])),
    },
  ],
  [
    'values',
    { params: ['map'], ret: 'list', fn: (d: GoMap | null) => (d ? sortedKeys(d).map((k) => d[k]) : []) },
  ],
  [
    'pluck',
    {
      params: ['string', 'map'],
      variadic: true,
      ret: 'list',
      fn: (k: string, ...ds: Array<GoMap | null>) =>
        ds.flatMap((d) => (d && mapGet(d, k) !== undefined ? [d[k]] : [])),
    },
  ],
  [
    'pick',
    {
      params: ['map', 'string'],
      variadic: true,
      ret: 'map',
      fn: (d: GoMap | null, ...ks: string[]) =>
        dict(...ks.flatMap((k) => (d && mapGet(d, k) !== undefined ? [k, d[k]] : []))),
    },
  ],
  [
    'omit',
    {
      params: ['map', 'string'],
      variadic: true,
      ret: 'map',
      fn: (d: GoMap | null, ...ks: string[]) =>
        dict(
          ...Object.keys(d ?? {})
            .filter((k) => !ks.includes(k))
            .flatMap((k) => [k, d![k]]),
        ),
    },
  ],
  ['typeOf', { params: ['any'], ret: 'string', fn: (v: GoVal) => typeName(v) }],
  ['typeIs', { params: ['string', 'any'], ret: 'bool', fn: (t: string, v: GoVal) => typeName(v) === t }],
  ['kindOf', { params: ['any'], ret: 'string', fn: kindName }],
  ['kindIs', { params: ['string', 'any'], ret: 'bool', fn: (k: string, v: GoVal) => kindName(v) === k }],
  ['deepEqual', { params: ['any', 'any'], ret: 'bool', fn: goEqual }],
  [
    'fail',
    {
      params: ['string'],
      ret: 'string',
      fn: (msg: string) => {
        throw new FuncError(msg);
      },
    },
  ],
];
