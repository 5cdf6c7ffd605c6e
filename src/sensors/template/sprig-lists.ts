/**
 * Sprig list functions (list.go): list, append, first/last, rest/initial, reverse, uniq, without,
 * has, compact, concat, slice, sortAlpha, join, toStrings.
 * @module
 */
import { toInt64 } from './sprig-math.js';
import { asList, empty, goEqual, strslice } from './sprig-util.js';
import { FuncError, type GoFunc } from './state.js';
import type { GoVal } from './values.js';

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

export const SPRIG_LISTS: Array<[string, GoFunc]> = [
  ['list', { params: ['any'], variadic: true, ret: 'list', fn: (...v: GoVal[]) => v }],
  ['tuple', { params: ['any'], variadic: true, ret: 'list', fn: (...v: GoVal[]) => v }],
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
];
