/**
 * Go's fmt for template values: `%v` printing (what `{{ . }}` writes), Sprint/Sprintln, and
 * Sprintf with the common verbs, flags, width and precision, including Go's error forms
 * (`%!d(string=x)`, `%!s(MISSING)`, `%!(EXTRA int=1)`).
 * @module
 */
import { formatGoFloat } from '../path/index.js';
import { timeString } from './gotime.js';
import { goQuote } from './quote.js';
import { GoInt, GoTime, isMap, sortedKeys, typeName, type GoVal } from './values.js';

export interface Spec {
  plus: boolean;
  minus: boolean;
  sharp: boolean;
  space: boolean;
  zero: boolean;
  width?: number;
  prec?: number;
}

export const NO_FLAGS: Spec = { plus: false, minus: false, sharp: false, space: false, zero: false };

/** `%v` of a value (`{{ . }}` output; nil inside collections prints `<nil>`). */
export function fmtV(v: GoVal): string {
  return formatOne(v, 'v', NO_FLAGS);
}

/** fmt.Sprint: spaces between operands when neither side is a string. */
export function sprint(args: GoVal[]): string {
  let out = '';
  args.forEach((a, i) => {
    if (i > 0 && typeof a !== 'string' && typeof args[i - 1] !== 'string') out += ' ';
    out += fmtV(a);
  });
  return out;
}

/** fmt.Sprintln: always spaces, then a newline. */
export function sprintln(args: GoVal[]): string {
  return args.map(fmtV).join(' ') + '\n';
}

function pad(s: string, sp: Spec, zeroOK: boolean): string {
  const w = sp.width ?? 0;
  const n = [...s].length;
  if (n >= w) return s;
  if (sp.minus) return s + ' '.repeat(w - n);
  if (sp.zero && zeroOK) {
    const sign = /^[+\- ]/.test(s) ? s[0] : '';
    return sign + '0'.repeat(w - n) + s.slice(sign.length);
  }
  return ' '.repeat(w - n) + s;
}

/** Go's bad-verb form; the value is printed with %v under the same width/flags. */
function bad(verb: string, v: GoVal, sp: Spec = NO_FLAGS): string {
  return v === null ? `%!${verb}(<nil>)` : `%!${verb}(${typeName(v)}=${formatOne(v, 'v', sp)})`;
}

function fmtInt(n: bigint, verb: string, sp: Spec): string | undefined {
  const neg = n < 0n;
  const abs = neg ? -n : n;
  let digits: string;
  let prefix = '';
  switch (verb) {
    case 'v':
    case 'd':
      digits = abs.toString(10);
      break;
    case 'b':
      digits = abs.toString(2);
      if (sp.sharp) prefix = '0b';
      break;
    case 'o':
    case 'O':
      digits = abs.toString(8);
      if (verb === 'O') prefix = '0o';
      else if (sp.sharp && digits !== '0') prefix = '0';
      break;
    case 'x':
    case 'X':
      digits = abs.toString(16);
      if (verb === 'X') digits = digits.toUpperCase();
      if (sp.sharp) prefix = verb === 'x' ? '0x' : '0X';
      break;
    case 'c':
      return pad(String.fromCodePoint(Number(n)), sp, false);
    case 'q':
      return pad(
        `'${goQuote(String.fromCodePoint(Number(n)))
          .slice(1, -1)
          .replace(/'/g, "\\'")}'`,
        sp,
        false,
      );
    case 'U': {
      const u = 'U+' + abs.toString(16).toUpperCase().padStart(4, '0');
      return pad(sp.sharp ? `${u} '${String.fromCodePoint(Number(n))}'` : u, sp, false);
    }
    default:
      return undefined;
  }
  if (sp.prec !== undefined) {
    digits = sp.prec === 0 && abs === 0n ? '' : digits.padStart(sp.prec, '0');
  }
  const sign = neg ? '-' : sp.plus ? '+' : sp.space ? ' ' : '';
  return pad(sign + prefix + digits, sp, sp.prec === undefined);
}

function fmtFloat(f: number, verb: string, sp: Spec): string | undefined {
  let s: string;
  switch (verb) {
    case 'v':
      s = formatGoFloat(f, 'g', sp.prec ?? -1);
      break;
    case 'e':
    case 'E':
    case 'f':
    case 'g':
    case 'G':
      s = formatGoFloat(f, verb, sp.prec ?? (verb === 'g' || verb === 'G' ? -1 : 6));
      break;
    case 'F':
      s = formatGoFloat(f, 'f', sp.prec ?? 6);
      break;
    default:
      return undefined;
  }
  if (sp.plus && !s.startsWith('-') && !s.startsWith('+')) s = '+' + s;
  else if (sp.space && !s.startsWith('-')) s = ' ' + s;
  if (s === '+Inf' && !sp.plus) s = sp.space ? ' Inf' : '+Inf';
  return pad(s, sp, Number.isFinite(f));
}

function fmtString(s: string, verb: string, sp: Spec): string | undefined {
  if (sp.prec !== undefined && verb !== 'x' && verb !== 'X') s = [...s].slice(0, sp.prec).join('');
  switch (verb) {
    case 'v':
    case 's':
      return pad(s, sp, false);
    case 'q':
      return pad(sp.sharp && canBackquote(s) ? '`' + s + '`' : goQuote(s), sp, false);
    case 'x':
    case 'X': {
      let bytes = [...Buffer.from(s, 'utf8')];
      if (sp.prec !== undefined) bytes = bytes.slice(0, sp.prec);
      let hex = bytes.map((b) => b.toString(16).padStart(2, '0')).join(sp.space ? ' ' : '');
      if (verb === 'X') hex = hex.toUpperCase();
      return pad(hex, sp, false);
    }
    default:
      return undefined;
  }
}

/** Go's strconv.CanBackquote: no backquote, no control character other than tab, no BOM. */
function canBackquote(s: string): boolean {
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0;
    if (ch === '`' || c === 0xfeff || c === 0x7f || (c < 0x20 && c !== 9)) return false;
  }
  return true;
}

/** Format one operand with a verb. */
export function formatOne(v: GoVal, verb: string, sp: Spec, nested = false): string {
  if (verb === 'T') return pad(v === null ? '<nil>' : typeName(v), sp, false);
  // A nil inside a collection is an empty interface: `<nil>` whatever the verb.
  if (v === null) return verb === 'v' || nested ? pad('<nil>', sp, false) : bad(verb, v, sp);
  if (v instanceof GoTime) {
    if (verb === 'v' || verb === 's') return pad(timeString(v), sp, false);
    if (verb === 'q') return pad(goQuote(timeString(v)), sp, false);
    return bad(verb, v, sp);
  }
  if (Array.isArray(v)) return '[' + v.map((x) => formatOne(x, verb, sp, true)).join(' ') + ']';
  if (isMap(v))
    return (
      'map[' +
      sortedKeys(v)
        .map((k) => `${formatOne(k, verb, sp, true)}:${formatOne(v[k], verb, sp, true)}`)
        .join(' ') +
      ']'
    );
  let out: string | undefined;
  if (typeof v === 'boolean')
    out = verb === 'v' || verb === 't' ? pad(v ? 'true' : 'false', sp, false) : undefined;
  else if (typeof v === 'string') out = fmtString(v, verb, sp);
  else if (typeof v === 'number') out = fmtFloat(v, verb, sp);
  else if (v instanceof GoInt) out = fmtInt(v.v, verb, sp);
  return out ?? bad(verb, v, sp);
}

/** fmt.Sprintf. */
export function sprintf(format: string, args: GoVal[]): string {
  let out = '';
  let argi = 0;
  const intArg = (): number | undefined => {
    const a = args[argi++];
    if (a instanceof GoInt) return Number(a.v);
    return undefined;
  };
  for (let i = 0; i < format.length;) {
    const c = format[i];
    if (c !== '%') {
      out += c;
      i++;
      continue;
    }
    i++;
    const sp: Spec = { ...NO_FLAGS };
    for (; i < format.length; i++) {
      const f = format[i];
      if (f === '+') sp.plus = true;
      else if (f === '-') sp.minus = true;
      else if (f === '#') sp.sharp = true;
      else if (f === ' ') sp.space = true;
      else if (f === '0') sp.zero = !sp.minus;
      else break;
    }
    if (format[i] === '*') {
      i++;
      sp.width = intArg();
      if (sp.width === undefined) out += '%!(BADWIDTH)';
      else if (sp.width < 0) [sp.minus, sp.width] = [true, -sp.width];
    } else {
      const m = /^\d+/.exec(format.slice(i));
      if (m) [sp.width, i] = [Number(m[0]), i + m[0].length];
    }
    if (format[i] === '.') {
      i++;
      if (format[i] === '*') {
        i++;
        sp.prec = intArg();
        if (sp.prec === undefined || sp.prec < 0) [sp.prec, out] = [undefined, out + '%!(BADPREC)'];
      } else {
        const m = /^\d*/.exec(format.slice(i))![0];
        [sp.prec, i] = [Number(m || '0'), i + m.length];
      }
    }
    if (i >= format.length) {
      out += '%!(NOVERB)';
      break;
    }
    const verb = String.fromCodePoint(format.codePointAt(i) ?? 0);
    i += verb.length;
    if (verb === '%') {
      out += '%';
      continue;
    }
    if (argi >= args.length) {
      out += `%!${verb}(MISSING)`;
      continue;
    }
    out += formatOne(args[argi++], verb, sp);
  }
  if (argi < args.length) {
    out +=
      '%!(EXTRA ' +
      args
        .slice(argi)
        .map((a) => (a === null ? '<nil>' : `${typeName(a)}=${fmtV(a)}`))
        .join(', ') +
      ')';
  }
  return out;
}
