/**
 * expr-lang's compile-time argument validation for the supported builtins: typed signatures (tried in
 * order, the last failure reported, as its checkFunction does) and the hand-written Validate rules.
 * @module
 */

export type T = 'nil' | 'bool' | 'int' | 'float' | 'string' | 'array' | 'map' | 'any';
export const GO_NAME: Record<T, string> = {
  ...{ nil: '<nil>', bool: 'bool', int: 'int', float: 'float64', string: 'string' },
  ...{ array: '[]interface {}', map: 'map[string]interface {}', any: 'interface {}' },
};

const S: T = 'string';
const TYPED: Record<string, T[][]> = {
  ...{
    trim: [[S], [S, S]],
    trimPrefix: [[S, S], [S]],
    trimSuffix: [[S, S], [S]],
    upper: [[S]],
    lower: [[S]],
  },
  ...{
    split: [
      [S, S],
      [S, S, 'int'],
    ],
    splitAfter: [
      [S, S],
      [S, S, 'int'],
    ],
  },
  ...{
    replace: [
      [S, S, S, 'int'],
      [S, S, S],
    ],
    repeat: [[S, 'int']],
    join: [['array', S], ['array']],
  },
  ...{ indexOf: [[S, S]], lastIndexOf: [[S, S]], hasPrefix: [[S, S]], hasSuffix: [[S, S]] },
  ...{
    toJSON: [['any']],
    fromJSON: [[S]],
    toBase64: [[S]],
    fromBase64: [[S]],
    string: [['any']],
    type: [['any']],
  },
};

function typed(name: string, sigs: T[][], args: T[]): string | undefined {
  let last: string | undefined;
  for (const sig of sigs) {
    last = undefined;
    if (args.length > sig.length) last = `too many arguments to call ${name}`;
    else if (args.length < sig.length) last = `not enough arguments to call ${name}`;
    else {
      const bad = args.findIndex(
        (t, i) =>
          !(
            t === sig[i] ||
            t === 'any' ||
            t === 'nil' ||
            sig[i] === 'any' ||
            (sig[i] === 'float' && t === 'int')
          ),
      );
      if (bad >= 0)
        last = `cannot use ${GO_NAME[args[bad]!]} as argument (type ${GO_NAME[sig[bad]!]}) to call ${name} `;
    }
    if (last === undefined) return undefined;
  }
  return last;
}

const isNum = (t: T): boolean => t === 'int' || t === 'float' || t === 'any';
const one = (args: T[]): string | undefined =>
  args.length === 1 ? undefined : `invalid number of arguments (expected 1, got ${args.length})`;

/** expr-lang's Validate functions, keyed by builtin. */
const VALIDATE: Record<string, (a: T[]) => string | undefined> = {
  len: (a) =>
    one(a) ??
    (['array', 'map', 'string', 'any'].includes(a[0]!)
      ? undefined
      : `invalid argument for len (type ${GO_NAME[a[0]!]})`),
  abs: (a) => one(a) ?? (isNum(a[0]!) ? undefined : `invalid argument for abs (type ${GO_NAME[a[0]!]})`),
  ceil: (a) => one(a) ?? (isNum(a[0]!) ? undefined : `invalid argument for ceil (type ${GO_NAME[a[0]!]})`),
  floor: (a) => one(a) ?? (isNum(a[0]!) ? undefined : `invalid argument for floor (type ${GO_NAME[a[0]!]})`),
  // (sic) expr-lang reports round's bad argument as "floor"
  round: (a) => one(a) ?? (isNum(a[0]!) ? undefined : `invalid argument for floor (type ${GO_NAME[a[0]!]})`),
  int: (a) =>
    one(a) ??
    (isNum(a[0]!) || a[0] === 'string' ? undefined : `invalid argument for int (type ${GO_NAME[a[0]!]})`),
  float: (a) =>
    one(a) ??
    (isNum(a[0]!) || a[0] === 'string' ? undefined : `invalid argument for float (type ${GO_NAME[a[0]!]})`),
  first: (a) =>
    one(a) ??
    (a[0] === 'any' || a[0] === 'array' ? undefined : `cannot get first element from ${GO_NAME[a[0]!]}`),
  last: (a) =>
    one(a) ??
    (a[0] === 'any' || a[0] === 'array' ? undefined : `cannot get last element from ${GO_NAME[a[0]!]}`),
  get: ([c, i, ...rest]) => {
    if (c === undefined || i === undefined || rest.length > 0)
      return `invalid number of arguments (expected 2, got ${rest.length + (c ? 1 : 0) + (i ? 1 : 0)})`;
    if (c === 'any') return undefined;
    if (c === 'array')
      return i === 'nil'
        ? 'cannot use nil as slice index'
        : i === 'int' || i === 'any'
          ? undefined
          : `non-integer slice index ${GO_NAME[i]}`;
    if (c === 'map') {
      if (i === 'nil') return 'cannot use nil as map index';
      return i === 'string' || i === 'any'
        ? undefined
        : `cannot use ${GO_NAME[i]} to get an element from ${GO_NAME.map}`;
    }
    return `type ${GO_NAME[c]} does not support indexing`;
  },
  take: (a) => {
    if (a.length !== 2) return `invalid number of arguments (expected 2, got ${a.length})`;
    if (a[0] !== 'any' && a[0] !== 'array') return `cannot take from ${GO_NAME[a[0]!]}`;
    return a[1] === 'any' || a[1] === 'int' ? undefined : `cannot take ${GO_NAME[a[1]!]} elements`;
  },
  keys: (a) =>
    one(a) ?? (a[0] === 'map' || a[0] === 'any' ? undefined : `cannot get keys from ${GO_NAME[a[0]!]}`),
  values: (a) =>
    one(a) ?? (a[0] === 'map' || a[0] === 'any' ? undefined : `cannot get values from ${GO_NAME[a[0]!]}`),
  sum: (a) => one(a) ?? (a[0] === 'array' || a[0] === 'any' ? undefined : `cannot sum ${GO_NAME[a[0]!]}`),
  mean: (a) => one(a) ?? (a[0] === 'array' || a[0] === 'any' ? undefined : `cannot mean ${GO_NAME[a[0]!]}`),
  median: (a) =>
    one(a) ?? (a[0] === 'array' || a[0] === 'any' ? undefined : `cannot median ${GO_NAME[a[0]!]}`),
  max: (a) => minMax('max', a),
  min: (a) => minMax('min', a),
};

/** Arguments are scanned left to right: an `interface {}` stops the check, a non-number fails it. */
function minMax(name: string, args: T[]): string | undefined {
  if (args.length === 0) return `not enough arguments to call ${name}`;
  for (const t of args) {
    if (t === 'any') return undefined;
    if (t !== 'int' && t !== 'float')
      return `invalid argument for ${name} (type ${t === 'nil' ? '%!s(<nil>)' : GO_NAME[t]})`;
  }
  return undefined;
}

/** The compile error expr-lang reports for `name(args…)` with these argument types, if any. */
export function builtinArgError(name: string, args: T[]): string | undefined {
  if (VALIDATE[name]) return VALIDATE[name](args);
  if (TYPED[name]) return typed(name, TYPED[name], args);
  return undefined;
}
