/**
 * text/template's predefined functions (funcs.go): and or not len index print printf println html
 * js urlquery call eq ne lt le gt ge. (`slice` is Sprig's, which overrides the builtin.)
 * @module
 */
import { fmtV, formatOne, NO_FLAGS, sprint, sprintf, sprintln } from './fmt.js';
import { isPrintable } from './quote.js';
import { FuncError, rv, type GoFunc, type RV } from './state.js';
import { GoInt, GoTime, isMap, isTrue, kindOf, mapGet, typeName, type GoVal } from './values.js';

/** reflect's indirectInterface: look through an interface; a nil interface is invalid. */
export function indirectInterface(v: RV): RV {
  if (v?.iface) return v.v === null ? undefined : rv(v.v);
  return v;
}

function indexArg(index: RV, cap: number): number {
  if (index === undefined) throw new FuncError('cannot index slice/array with nil');
  if (!(index.v instanceof GoInt))
    throw new FuncError(`cannot index slice/array with type ${typeName(index.v)}`);
  const x = index.v.v;
  if (x < 0n || x > BigInt(cap)) throw new FuncError(`index out of range: ${x}`);
  return Number(x);
}

function index(item: RV, ...indexes: RV[]): RV {
  item = indirectInterface(item);
  if (item === undefined) throw new FuncError('index of untyped nil');
  for (let idx of indexes) {
    idx = indirectInterface(idx);
    if (item?.iface && item.v === null) throw new FuncError('index of nil pointer');
    const v: GoVal = item!.v;
    if (typeof v === 'string' || Array.isArray(v)) {
      const bytes: Buffer | undefined = typeof v === 'string' ? Buffer.from(v, 'utf8') : undefined;
      const len = bytes ? bytes.length : (v as GoVal[]).length;
      const x = indexArg(idx, len);
      if (x >= len) throw new FuncError(`reflect: ${bytes ? 'string' : 'slice'} index out of range`);
      item = bytes ? rv(new GoInt(BigInt(bytes[x]), 'uint8')) : rv((v as GoVal[])[x], true);
    } else if (isMap(v)) {
      if (idx === undefined) throw new FuncError('value is nil; should be of type string');
      if (typeof idx.v !== 'string')
        throw new FuncError(`value has type ${typeName(idx.v)}; should be string`);
      const found = mapGet(v, idx.v);
      item = rv(found === undefined ? null : found, true);
    } else throw new FuncError(`can't index item of type ${item!.iface ? 'interface {}' : typeName(v)}`);
  }
  return item;
}

function length(item: RV): GoInt {
  if (item === undefined) throw new FuncError('reflect: call of reflect.Value.Type on zero Value');
  if (item.iface && item.v === null) throw new FuncError('len of nil pointer');
  const v = item.v;
  if (typeof v === 'string') return new GoInt(BigInt(Buffer.byteLength(v, 'utf8')));
  if (Array.isArray(v)) return new GoInt(BigInt(v.length));
  if (isMap(v)) return new GoInt(BigInt(Object.keys(v).length));
  throw new FuncError(`len of type ${typeName(v)}`);
}

type Basic = 'invalid' | 'bool' | 'int' | 'uint' | 'float' | 'string';

function basicKind(v: RV): Basic {
  if (v === undefined) return 'invalid';
  if (typeof v.v === 'boolean') return 'bool';
  if (typeof v.v === 'number') return 'float';
  if (typeof v.v === 'string') return 'string';
  if (v.v instanceof GoInt) return v.v.kind === 'uint8' ? 'uint' : 'int';
  return 'invalid';
}

function scalar(v: RV): bigint | number | string | boolean {
  const x = v!.v;
  return x instanceof GoInt ? x.v : (x as number | string | boolean);
}

function eq(arg1: RV, ...rest: RV[]): boolean {
  arg1 = indirectInterface(arg1);
  if (rest.length === 0) throw new FuncError('missing argument for comparison');
  const k1 = basicKind(arg1);
  for (let arg of rest) {
    arg = indirectInterface(arg);
    const k2 = basicKind(arg);
    let truth = false;
    if (k1 !== k2) {
      if ((k1 === 'int' || k1 === 'uint') && (k2 === 'int' || k2 === 'uint'))
        truth = scalar(arg1) === scalar(arg);
      else if (arg1 !== undefined && arg !== undefined)
        throw new FuncError('incompatible types for comparison');
    } else if (k1 !== 'invalid') truth = scalar(arg1) === scalar(arg);
    else truth = compareComposite(arg1, arg);
    if (truth) return true;
  }
  return false;
}

/** eq on non-basic values: nil-ness, or equality of comparable values (maps and slices are not). */
function compareComposite(a: RV, b: RV): boolean {
  const nilA = a === undefined || a.v === null;
  const nilB = b === undefined || b.v === null;
  if (a !== undefined && b !== undefined && kindOf(a.v) !== kindOf(b.v)) {
    throw new FuncError(
      `non-comparable types ${formatOne(a.v, 's', NO_FLAGS)}: ${typeName(a.v)}, ${typeName(b.v)}: ${fmtV(b.v)}`,
    );
  }
  if (nilA || nilB) return nilA === nilB;
  if (a.v instanceof GoTime && b.v instanceof GoTime)
    return a.v.ms === b.v.ms && a.v.ns === b.v.ns && a.v.offset === b.v.offset;
  throw new FuncError(`non-comparable type ${formatOne(b.v, 's', NO_FLAGS)}: ${typeName(b.v)}`);
}

function lt(a: RV, b: RV): boolean {
  a = indirectInterface(a);
  b = indirectInterface(b);
  const k1 = basicKind(a);
  const k2 = basicKind(b);
  if (k1 === 'invalid' || k2 === 'invalid') throw new FuncError('invalid type for comparison');
  if (k1 !== k2) {
    if ((k1 === 'int' || k1 === 'uint') && (k2 === 'int' || k2 === 'uint')) return scalar(a) < scalar(b);
    throw new FuncError('incompatible types for comparison');
  }
  if (k1 === 'bool') throw new FuncError('invalid type for comparison');
  const x = scalar(a);
  const y = scalar(b);
  if (typeof x === 'string' && typeof y === 'string')
    return Buffer.compare(Buffer.from(x), Buffer.from(y)) < 0;
  return x < y;
}

const le = (a: RV, b: RV): boolean => lt(a, b) || eq(a, b);

/** text/template's evalArgs: one string passes through; anything else goes through Sprint. */
function evalArgs(args: GoVal[]): string {
  if (args.length === 1 && typeof args[0] === 'string') return args[0];
  return sprint(args.map((a) => (a === null ? '<no value>' : a)));
}

function htmlEscape(s: string): string {
  return s.replace(
    /[\0"'&<>]/g,
    (c) => ({ '\0': '\uFFFD', '"': '&#34;', "'": '&#39;', '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c]!,
  );
}

function jsEscape(s: string): string {
  let out = '';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    const named: Record<string, string> = {
      '\\': '\\\\',
      "'": "\\'",
      '"': '\\"',
      '<': '\\u003C',
      '>': '\\u003E',
      '&': '\\u0026',
      '=': '\\u003D',
    };
    if (named[ch]) out += named[ch];
    else if (c < 0x20) out += '\\u00' + c.toString(16).toUpperCase().padStart(2, '0');
    else if (c < 0x80 || isPrintable(c)) out += ch;
    else out += '\\u' + c.toString(16).toUpperCase().padStart(4, '0');
  }
  return out;
}

/** Go's url.QueryEscape. */
export function queryEscape(s: string): string {
  let out = '';
  for (const b of Buffer.from(s, 'utf8')) {
    const ch = String.fromCharCode(b);
    if (/[A-Za-z0-9\-_.~]/.test(ch)) out += ch;
    else if (ch === ' ') out += '+';
    else out += '%' + b.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}

const anyVariadic = (fn: (args: GoVal[]) => string): GoFunc => ({
  params: ['any'],
  variadic: true,
  ret: 'string',
  fn: (...a: GoVal[]) => fn(a),
});

export const BUILTINS: ReadonlyMap<string, GoFunc> = new Map<string, GoFunc>([
  // and/or are evaluated lazily by the executor; these signatures only drive argument counting.
  ['and', { params: ['value', 'value'], variadic: true, ret: 'value', fn: () => undefined }],
  ['or', { params: ['value', 'value'], variadic: true, ret: 'value', fn: () => undefined }],
  [
    'not',
    { params: ['value'], ret: 'bool', fn: (v: RV) => !(v !== undefined && isTrue(indirectInterface(v)?.v)) },
  ],
  ['len', { params: ['value'], ret: 'int', fn: length }],
  ['index', { params: ['value', 'value'], variadic: true, ret: 'value', fn: index }],
  ['print', anyVariadic(sprint)],
  ['println', anyVariadic(sprintln)],
  [
    'printf',
    {
      params: ['string', 'any'],
      variadic: true,
      ret: 'string',
      fn: (f: string, ...a: GoVal[]) => sprintf(f, a),
    },
  ],
  ['html', anyVariadic((a) => htmlEscape(evalArgs(a)))],
  ['js', anyVariadic((a) => jsEscape(evalArgs(a)))],
  ['urlquery', anyVariadic((a) => queryEscape(evalArgs(a)))],
  [
    'call',
    {
      params: ['value', 'value'],
      variadic: true,
      ret: 'value',
      fn: (f: RV) => {
        const fn = indirectInterface(f);
        if (fn === undefined) throw new FuncError('call of nil');
        throw new FuncError(`non-function of type ${typeName(fn.v)}`);
      },
    },
  ],
  ['eq', { params: ['value', 'value'], variadic: true, ret: 'bool', fn: eq }],
  ['ne', { params: ['value', 'value'], ret: 'bool', fn: (a: RV, b: RV) => !eq(a, b) }],
  ['lt', { params: ['value', 'value'], ret: 'bool', fn: lt }],
  ['le', { params: ['value', 'value'], ret: 'bool', fn: le }],
  ['gt', { params: ['value', 'value'], ret: 'bool', fn: (a: RV, b: RV) => !le(a, b) }],
  ['ge', { params: ['value', 'value'], ret: 'bool', fn: (a: RV, b: RV) => !lt(a, b) }],
]);
