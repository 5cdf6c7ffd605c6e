/**
 * The `sprig.<fn>` helpers argo puts in the filter environment (Masterminds/sprig's generic functions),
 * the commonly used subset. Arguments are checked like Go's reflect call does: a `string` parameter
 * takes only a string, an `int` parameter only an integer literal/result (a JSON number is a float64
 * and fails, as upstream). Add a function by adding one row to {@link SPRIG}.
 * @module
 */
import type { Func } from './builtins.js';
import { RuntimeFault } from './errors.js';
import { compileRe2, goFormatValue } from './go.js';
import { goLower, goRepeat, goReplace, goUpper, isGoSpace, trimCutset, trimSpace } from './strings.js';
import { isMap, typeName, type Value } from './values.js';

type Param = 'string' | 'int' | 'bool' | 'any';

interface SprigFn {
  params: Param[];
  /** Extra trailing `any` arguments allowed (Go variadic `...interface{}`), up to this many in total. */
  maxArgs?: number;
  fn: (...args: any[]) => Value;
}

function check(p: Param, v: unknown): void {
  const ok =
    p === 'any' ||
    (p === 'string' ? typeof v === 'string' : p === 'int' ? typeof v === 'bigint' : typeof v === 'boolean');
  if (!ok) {
    const goType = v === null ? 'interface {}' : typeName(v);
    throw new RuntimeFault(`reflect: Call using ${goType} as type ${p}`);
  }
}

/** sprig's `empty`: Go's zero values count as empty. */
function empty(v: unknown): boolean {
  if (v === null || v === undefined || v === false || v === '' || v === 0 || v === 0n) return true;
  if (Array.isArray(v)) return v.length === 0;
  return isMap(v) && Object.keys(v).length === 0;
}

const SPRIG: Record<string, SprigFn> = {
  contains: { params: ['string', 'string'], fn: (sub: string, s: string) => s.includes(sub) },
  hasPrefix: { params: ['string', 'string'], fn: (p: string, s: string) => s.startsWith(p) },
  hasSuffix: { params: ['string', 'string'], fn: (p: string, s: string) => s.endsWith(p) },
  upper: { params: ['string'], fn: goUpper },
  lower: { params: ['string'], fn: goLower },
  trim: { params: ['string'], fn: trimSpace },
  trimAll: { params: ['string', 'string'], fn: (cut: string, s: string) => trimCutset(s, cut) },
  trimPrefix: {
    params: ['string', 'string'],
    fn: (p: string, s: string) => (s.startsWith(p) ? s.slice(p.length) : s),
  },
  trimSuffix: {
    params: ['string', 'string'],
    fn: (p: string, s: string) => (s.endsWith(p) ? s.slice(0, s.length - p.length) : s),
  },
  replace: {
    params: ['string', 'string', 'string'],
    fn: (o: string, n: string, s: string) => goReplace(s, o, n, -1),
  },
  repeat: { params: ['int', 'string'], fn: (n: bigint, s: string) => goRepeat(s, Number(n)) },
  nospace: {
    params: ['string'],
    fn: (s: string) =>
      Array.from(s)
        .filter((c) => !isGoSpace(c))
        .join(''),
  },
  substr: {
    params: ['int', 'int', 'string'],
    fn: (start: bigint, end: bigint, s: string) => {
      const b = Buffer.from(s, 'utf8');
      if (start < 0n) return b.subarray(0, Number(end)).toString('utf8');
      if (end < 0n || end > BigInt(b.length)) return b.subarray(Number(start)).toString('utf8');
      if (start > end) throw new RuntimeFault(`slice bounds out of range [${start}:${end}]`);
      return b.subarray(Number(start), Number(end)).toString('utf8');
    },
  },
  regexMatch: {
    params: ['string', 'string'],
    fn: (re: string, s: string) => {
      try {
        return compileRe2(re).test(s);
      } catch {
        return false; // sprig ignores the compile error
      }
    },
  },
  b64enc: { params: ['string'], fn: (s: string) => Buffer.from(s, 'utf8').toString('base64') },
  b64dec: { params: ['string'], fn: (s: string) => Buffer.from(s, 'base64').toString('utf8') },
  toString: {
    params: ['any'] as Param[],
    fn: (v: unknown) => (typeof v === 'string' ? v : goFormatValue(v)),
  },
  empty: { params: ['any'], fn: empty },
  default: {
    params: ['any'],
    maxArgs: 2,
    fn: (d: Value, ...given: Value[]) => (given.length === 0 || empty(given[0]) ? d : given[0]!),
  },
  coalesce: {
    params: [] as Param[],
    maxArgs: Infinity,
    fn: (...vs: Value[]) => vs.find((v) => !empty(v)) ?? null,
  },
  ternary: { params: ['any', 'any', 'bool'], fn: (t: Value, f: Value, c: boolean) => (c ? t : f) },
};

/** Names of the supported `sprig.<fn>` helpers. */
export const SPRIG_FUNCTIONS: readonly string[] = Object.keys(SPRIG).sort();

/** Resolve `sprig.<name>` to a callable, or undefined when jetflow does not provide it. */
export function sprigFunction(name: string): Func | undefined {
  if (!Object.hasOwn(SPRIG, name)) return undefined;
  const s = SPRIG[name]!;
  return {
    min: s.params.length,
    max: s.maxArgs ?? s.params.length,
    fn: (args) => {
      args.forEach((a, i) => check(s.params[i] ?? 'any', a));
      return s.fn(...args);
    },
  };
}
