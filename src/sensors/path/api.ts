/**
 * The public face of the path engine: GJSON lookups and SJSON writes on JSON text (faithful, big
 * numbers and key order preserved) or on parsed values (serialized with JSON.stringify first).
 * @module
 */
import { PathError } from './errors.js';
import { formatGoFloat } from './go-float.js';
import { get } from './get.js';
import { jsonString, validJSON } from './json-text.js';
import { exists, goString, resultValue, TYPE_NAMES, type Result, type TypeName } from './result.js';
import { SetPathError, setRawText, setStringText } from './set.js';

/** What a lookup found. */
export interface PathResult {
  /** False when the path matched nothing (a JSON `null` that is present exists). */
  exists: boolean;
  /** gjson `Value()`: numbers as float64, objects/arrays parsed (first duplicate key wins), else null. */
  value: unknown;
  /** gjson `Raw`: the JSON text of the value (strings quoted); '' when not found. */
  raw: string;
  /** gjson `Type.String()`: Null, False, Number, String, True or JSON. */
  type: TypeName;
  /** gjson `String()`: strings unquoted, integers as written, other numbers Go-formatted, JSON raw. */
  str: string;
}

function toText(input: string | Uint8Array): string {
  return typeof input === 'string'
    ? input
    : Buffer.from(input.buffer, input.byteOffset, input.byteLength).toString('utf8');
}

/** Run `fn`, turning a stack overflow (absurdly nested path) into a PathError. */
function guarded<T>(path: string, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof SetPathError) throw new PathError(err.message, path, { cause: err });
    if (err instanceof RangeError)
      throw new PathError(`path too complex: ${err.message}`, path, { cause: err });
    throw err;
  }
}

function toPathResult(r: Result): PathResult {
  return { exists: exists(r), value: resultValue(r), raw: r.raw, type: TYPE_NAMES[r.type], str: goString(r) };
}

/**
 * gjson `Get` on JSON text (or its UTF-8 bytes). Invalid JSON does not throw; like gjson it may
 * find nothing or something odd, so validate first (`isValidJSON`) where that matters.
 * @throws PathError only for a path too deeply nested to evaluate
 */
export function getPathText(json: string | Uint8Array, path: string): PathResult {
  const text = toText(json);
  return guarded(path, () => toPathResult(get(text, path)));
}

/**
 * gjson `Get` on a parsed JSON value (serialized with JSON.stringify first, so big integers are
 * whatever JS made of them; use `getPathText` on the original text for exact numbers).
 */
export function getPath(json: unknown, path: string): PathResult {
  const text = JSON.stringify(json) as string | undefined;
  return getPathText(text ?? '', path);
}

/**
 * gjson `Result.String()` for a parsed value: strings as is, numbers as Go prints them (integers
 * plainly, others without exponent), booleans `true`/`false`, objects and arrays as compact JSON,
 * null/undefined as ''.
 */
export function resultString(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number') {
    const text = JSON.stringify(value);
    return /^-?[0-9]+$/.test(text) ? text : formatGoFloat(value, 'f', -1);
  }
  return JSON.stringify(value) ?? '';
}

/** gjson `Valid`: is `json` one well-formed JSON value? */
export function isValidJSON(json: string | Uint8Array): boolean {
  return validJSON(toText(json));
}

/** The JSON text sjson `Set` writes for a Go-ish value. */
function rawOf(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number') return formatGoFloat(value, 'f', -1);
  return JSON.stringify(value) ?? 'null';
}

/**
 * sjson `Set` on JSON text: strings are written as JSON strings, numbers as Go's FormatFloat 'f'
 * (no exponent), booleans and null as literals, objects/arrays as JSON.stringify text.
 * @throws PathError `path cannot be empty`, `cannot set array element for non-numeric key '<k>'`
 */
export function setPathText(json: string, path: string, value: unknown): string {
  return guarded(path, () =>
    typeof value === 'string' ? setStringText(json, path, value) : setRawText(json, path, rawOf(value)),
  );
}

/** sjson `SetRaw` on JSON text: `raw` is inserted verbatim (it should be valid JSON). */
export function setRawPathText(json: string, path: string, raw: string): string {
  return guarded(path, () => setRawText(json, path, raw));
}

function reparse(text: string, path: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new PathError(`setting '${path}' produced invalid JSON`, path, { cause: err });
  }
}

/**
 * sjson `Set` on a parsed value; returns a new value (the input is not modified).
 * @throws PathError as setPathText, or when the result is not valid JSON (e.g. a NaN number)
 */
export function setPath(json: unknown, path: string, value: unknown): unknown {
  const text = (JSON.stringify(json) as string | undefined) ?? '';
  return reparse(setPathText(text, path, value), path);
}

/** sjson `SetRaw` on a parsed value; returns a new value. */
export function setRawPath(json: unknown, path: string, raw: string): unknown {
  const text = (JSON.stringify(json) as string | undefined) ?? '';
  return reparse(setRawPathText(text, path, raw), path);
}

/** gjson's JSON string encoding (Go's: `<`, `>`, `&`, U+2028/9 escaped). */
export function quoteJSON(s: string): string {
  return jsonString(s);
}
