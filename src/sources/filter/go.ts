/**
 * Go library behaviour the filter language leans on: reflect.DeepEqual (int and float64 differ inside
 * containers), encoding/json Marshal output (sorted keys, HTML-safe escapes, Go's float format), and
 * the shared Go `%v` formatting / string order / math.Pow / RE2 from the sensor expression package.
 * @module
 */
export {
  compareGoStrings,
  goFormatFloat,
  goFormatValue,
  compileRe2,
  Re2,
  Re2SyntaxError,
  goPow,
} from '../../lang/index.js';
import { compareGoStrings } from '../../lang/index.js';

/** reflect.DeepEqual on decoded values: same Go type and deeply equal (NaN never equals). */
export function deepEqualGo(a: unknown, b: unknown): boolean {
  if (a === null || a === undefined) return b === null || b === undefined;
  if (typeof a !== 'object' || typeof b !== 'object' || b === null) return a === b;
  if (Array.isArray(a) || Array.isArray(b)) {
    return (
      Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => deepEqualGo(x, b[i]))
    );
  }
  const ka = Object.keys(a);
  const rb = b as Record<string, unknown>;
  return (
    ka.length === Object.keys(b).length &&
    ka.every((k) => Object.hasOwn(rb, k) && deepEqualGo((a as Record<string, unknown>)[k], rb[k]))
  );
}

/** encoding/json's float format: shortest digits, exponent form below 1e-6 or from 1e21 (`1e-07`→`1e-7`). */
function jsonFloat(f: number): string {
  const abs = Math.abs(f);
  if (abs !== 0 && (abs < 1e-6 || abs >= 1e21)) {
    const [mant, exp] = f.toExponential().split('e') as [string, string];
    const e = Number(exp);
    return `${mant}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`.replace(/e-0(\d)$/, 'e-$1');
  }
  return Object.is(f, -0) ? '-0' : String(f);
}

function jsonString(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (c < 0x20 || ch === '<' || ch === '>' || ch === '&' || c === 0x2028 || c === 0x2029) {
      out += `\\u${c.toString(16).padStart(4, '0')}`;
    } else if (c >= 0xd800 && c < 0xe000) out += '\\ufffd';
    else out += ch;
  }
  return `${out}"`;
}

/** Go's json.Marshal (indent: json.MarshalIndent with that indent). Throws on NaN/Inf like Go. */
export function goJson(v: unknown, indent = '', level = 0): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'number') {
    if (!Number.isFinite(v))
      throw new Error(`json: unsupported value: ${Number.isNaN(v) ? 'NaN' : v > 0 ? '+Inf' : '-Inf'}`);
    return jsonFloat(v);
  }
  if (typeof v === 'string') return jsonString(v);
  const nl = indent ? `\n${indent.repeat(level + 1)}` : '';
  const close = indent ? `\n${indent.repeat(level)}` : '';
  const sep = indent ? ': ' : ':';
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    return `[${v.map((x) => nl + goJson(x, indent, level + 1)).join(',')}${close}]`;
  }
  const obj = v as Record<string, unknown>;
  const keys = Object.keys(obj).sort(compareGoStrings);
  if (keys.length === 0) return '{}';
  return `{${keys.map((k) => `${nl}${jsonString(k)}${sep}${goJson(obj[k], indent, level + 1)}`).join(',')}${close}}`;
}
