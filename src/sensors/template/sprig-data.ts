/**
 * Sprig defaults, JSON, lists, dicts and reflection helpers (defaults.go, list.go, dict.go,
 * reflect.go). Go iterates maps in random order for `keys`/`values`; jetflow sorts them.
 * @module
 */
import { marshal, unmarshal } from './gojson.js';
import { strval } from './sprig-strings.js';
import { FuncError, type GoFunc } from './state.js';
import { toInt64 } from './sprig-math.js';
import {
  GoInt,
  GoTime,
  isMap,
  kindOf,
  mapGet,
  mapSet,
  sortedKeys,
  typeName,
  type GoMap,
  type GoVal,
} from './values.js';

/** Sprig's `empty`: nil, zero numbers, false, and empty strings/lists/maps. */
export function empty(v: GoVal): boolean {
  if (v === null) return true;
  if (typeof v === 'string') return v.length === 0;
  if (typeof v === 'number') return v === 0;
  if (typeof v === 'boolean') return !v;
  if (v instanceof GoInt) return v.v === 0n;
  if (v instanceof GoTime) return false;
  if (Array.isArray(v)) return v.length === 0;
  return Object.keys(v).length === 0;
}

/** A list argument, or Sprig's error for anything else. */
function asList(v: GoVal, what: string): GoVal[] {
  if (Array.isArray(v)) return v;
  // Sprig calls reflect.TypeOf(nil).Kind(), a nil dereference.
  if (v === null) throw new FuncError('runtime error: invalid memory address or nil pointer dereference');
  const kind = kindName(v);
  if (what === 'slice') throw new FuncError(`list should be type of slice or array but ${kind}`);
  if (what === 'concat') throw new FuncError(`Cannot concat type ${kind} as list`);
  throw new FuncError(`Cannot ${what} on type ${kind}`);
}

/** reflect.Kind names as Sprig's kindOf prints them. */
function kindName(v: GoVal): string {
  if (v === null) return 'invalid';
  if (v instanceof GoInt) return v.kind;
  const k = kindOf(v);
  return k === 'float' ? 'float64' : k;
}

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

function goEqual(a: GoVal, b: GoVal): boolean {
  if (a instanceof GoInt && b instanceof GoInt) return a.v === b.v && a.kind === b.kind;
  if (a instanceof GoTime && b instanceof GoTime) return a.ms === b.ms && a.ns === b.ns;
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((x, i) => goEqual(x, b[i]));
  if (isMap(a) && isMap(b)) {
    const ka = Object.keys(a);
    return (
      ka.length === Object.keys(b).length &&
      ka.every((k) => mapGet(b, k) !== undefined && goEqual(a[k], b[k]))
    );
  }
  return a === b;
}

function dict(...v: GoVal[]): GoMap {
  const out: GoMap = {};
  for (let i = 0; i < v.length; i += 2) mapSet(out, strval(v[i]), i + 1 < v.length ? v[i + 1] : '');
  return out;
}

function strslice(v: GoVal): string[] {
  if (Array.isArray(v)) return v.filter((x) => x !== null).map(strval);
  return v === null ? [] : [strval(v)];
}

function sliceList(list: GoVal, ...idx: GoVal[]): GoVal {
  const l = asList(list, 'slice');
  if (l.length === 0) return null;
  const start = idx.length > 0 ? Number(toInt64(idx[0])) : 0;
  const end = idx.length > 1 ? Number(toInt64(idx[1])) : l.length;
  if (start < 0 || end > l.length || start > end)
    throw new FuncError('reflect.Value.Slice: slice index out of bounds');
  return l.slice(start, end);
}

const list1 = (what: string, fn: (l: GoVal[]) => GoVal, ret: GoFunc['ret'] = 'any'): GoFunc => ({
  params: ['any'],
  ret,
  fn: (v: GoVal) => fn(asList(v, what)),
});

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
  ['list', { params: ['any'], variadic: true, ret: 'list', fn: (...v: GoVal[]) => v }],
  ['tuple', { params: ['any'], variadic: true, ret: 'list', fn: (...v: GoVal[]) => v }],
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
  ['append', { params: ['any', 'any'], ret: 'list', fn: (l: GoVal, v: GoVal) => [...asList(l, 'push'), v] }],
  ['push', { params: ['any', 'any'], ret: 'list', fn: (l: GoVal, v: GoVal) => [...asList(l, 'push'), v] }],
  [
    'mustAppend',
    { params: ['any', 'any'], ret: 'list', fn: (l: GoVal, v: GoVal) => [...asList(l, 'push'), v] },
  ],
  [
    'prepend',
    { params: ['any', 'any'], ret: 'list', fn: (l: GoVal, v: GoVal) => [v, ...asList(l, 'prepend')] },
  ],
  ['first', list1('find first', (l) => l[0] ?? null)],
  ['mustFirst', list1('find first', (l) => l[0] ?? null)],
  ['last', list1('find last', (l) => l[l.length - 1] ?? null)],
  ['mustLast', list1('find last', (l) => l[l.length - 1] ?? null)],
  ['rest', list1('find rest', (l) => l.slice(1), 'list')],
  ['initial', list1('find initial', (l) => l.slice(0, -1), 'list')],
  ['reverse', list1('find reverse', (l) => [...l].reverse(), 'list')],
  ['compact', list1('compact', (l) => l.filter((x) => !empty(x)), 'list')],
  ['uniq', list1('find uniq', (l) => l.filter((x, i) => l.findIndex((y) => goEqual(x, y)) === i), 'list')],
  [
    'without',
    {
      params: ['any', 'any'],
      variadic: true,
      ret: 'list',
      fn: (l: GoVal, ...o: GoVal[]) => asList(l, 'find without').filter((x) => !o.some((y) => goEqual(x, y))),
    },
  ],
  [
    'has',
    {
      params: ['any', 'any'],
      ret: 'bool',
      fn: (needle: GoVal, l: GoVal) => l !== null && asList(l, 'find has').some((x) => goEqual(x, needle)),
    },
  ],
  [
    'concat',
    {
      params: ['any'],
      variadic: true,
      ret: 'any',
      fn: (...ls: GoVal[]) => ls.flatMap((l) => asList(l, 'concat')),
    },
  ],
  ['slice', { params: ['any', 'any'], variadic: true, ret: 'any', fn: sliceList }],
  [
    'sortAlpha',
    {
      params: ['any'],
      ret: 'list',
      fn: (v: GoVal) => strslice(v).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b))),
    },
  ],
  [
    'join',
    { params: ['string', 'any'], ret: 'string', fn: (sep: string, v: GoVal) => strslice(v).join(sep) },
  ],
  ['toStrings', { params: ['any'], ret: 'list', fn: strslice }],
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
