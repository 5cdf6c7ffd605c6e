/**
 * Go's encoding/json for template values, as Sprig's toJson/toRawJson/toPrettyJson/fromJson use
 * it: map keys sorted, `<>&` escaped unless raw, float64 formatting, MarshalIndent layout, and
 * decoding into interface{} (numbers become float64, first-level errors reported).
 * @module
 */
import { formatGoFloat, quoteJSON } from '../path/index.js';
import { formatTime } from './gotime.js';
import { FuncError } from './state.js';
import { fromJS, GoInt, GoTime, isMap, sortedKeys, type GoVal } from './values.js';

/** Go's JSON string encoding; with escapeHTML off, `<>&` stay literal (U+2028/9 are always escaped). */
function encodeString(s: string, escapeHTML: boolean): string {
  if (escapeHTML) return quoteJSON(s);
  const parts = s.split(/([<>&])/).map((part, i) => (i % 2 === 1 ? part : quoteJSON(part).slice(1, -1)));
  return `"${parts.join('')}"`;
}

/** Go's float64 JSON form: like ES but `1e-07` style exponents are not used (`1e-7`). */
function encodeFloat(f: number): string {
  if (!Number.isFinite(f)) throw new FuncError(`json: unsupported value: ${formatGoFloat(f, 'g')}`);
  const abs = Math.abs(f);
  if (abs !== 0 && (abs < 1e-6 || abs >= 1e21)) {
    return formatGoFloat(f, 'e', -1).replace(/e([+-])0(\d)$/, 'e$1$2');
  }
  return formatGoFloat(f, 'f', -1);
}

/**
 * json.Marshal (indent '' for compact) of a Go value.
 * @throws FuncError for NaN/Inf (`json: unsupported value: NaN`)
 */
export function marshal(v: GoVal, escapeHTML = true, indent = '', prefix = ''): string {
  const nl = indent ? '\n' + prefix : '';
  const walk = (x: GoVal, depth: number): string => {
    if (x === null) return 'null';
    if (typeof x === 'string') return encodeString(x, escapeHTML);
    if (typeof x === 'number') return encodeFloat(x);
    if (typeof x === 'boolean') return x ? 'true' : 'false';
    if (x instanceof GoInt) return x.v.toString();
    if (x instanceof GoTime) return `"${formatTime(x, '2006-01-02T15:04:05.999999999Z07:00')}"`;
    const inner = nl + indent.repeat(depth + 1);
    const close = nl + indent.repeat(depth);
    if (Array.isArray(x)) {
      if (x.length === 0) return '[]';
      return '[' + x.map((e) => inner + walk(e, depth + 1)).join(',') + close + ']';
    }
    if (!isMap(x)) return 'null';
    const keys = sortedKeys(x);
    if (keys.length === 0) return '{}';
    const sep = indent ? ': ' : ':';
    return (
      '{' +
      keys.map((k) => inner + encodeString(k, escapeHTML) + sep + walk(x[k], depth + 1)).join(',') +
      close +
      '}'
    );
  };
  return walk(v, 0);
}

/**
 * json.Unmarshal into interface{}.
 * @throws FuncError with a Go-like message when the text is not JSON
 */
export function unmarshal(text: string): GoVal {
  if (text.trim() === '') throw new FuncError('unexpected end of JSON input');
  try {
    return fromJS(JSON.parse(text));
  } catch (err) {
    throw new FuncError(goJSONError(text, err as Error));
  }
}

/** Approximate Go's decoder error: `invalid character 'x' looking for beginning of value`. */
function goJSONError(text: string, err: Error): string {
  const m = /position (\d+)/.exec(err.message);
  const pos = m ? Number(m[1]) : -1;
  if (pos < 0 || pos >= text.length) return 'unexpected end of JSON input';
  const ch = text[pos];
  return `invalid character '${ch}' looking for beginning of value`;
}
