/**
 * Helpers shared by the Sprig data functions: `empty`, Go deep equality, kind names, list
 * arguments and string slices.
 * @module
 */
import { strval } from './sprig-strings.js';
import { FuncError } from './state.js';
import { GoInt, GoTime, isMap, kindOf, mapGet, type GoVal } from './values.js';

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
export function asList(v: GoVal, what: string): GoVal[] {
  if (Array.isArray(v)) return v;
  // Sprig calls reflect.TypeOf(nil).Kind(), a nil dereference.
  if (v === null) throw new FuncError('runtime error: invalid memory address or nil pointer dereference');
  const kind = kindName(v);
  if (what === 'slice') throw new FuncError(`list should be type of slice or array but ${kind}`);
  if (what === 'concat') throw new FuncError(`Cannot concat type ${kind} as list`);
  throw new FuncError(`Cannot ${what} on type ${kind}`);
}

/** reflect.Kind names as Sprig's kindOf prints them. */
export function kindName(v: GoVal): string {
  if (v === null) return 'invalid';
  if (v instanceof GoInt) return v.kind;
  const k = kindOf(v);
  return k === 'float' ? 'float64' : k;
}

/** reflect.DeepEqual for template values. */
export function goEqual(a: GoVal, b: GoVal): boolean {
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

/** Sprig's strslice: non-nil elements as strings. */
export function strslice(v: GoVal): string[] {
  if (Array.isArray(v)) return v.filter((x) => x !== null).map(strval);
  return v === null ? [] : [strval(v)];
}
