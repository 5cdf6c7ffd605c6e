/**
 * Trigger parameters (spec/sensor.md §8; argo-events `pkg/sensors/triggers/params.go`): resolving a
 * value from the events of a firing, writing it into a JSON document at an SJSON path, and building a
 * payload. Exported for trigger drivers, which apply their type's own `parameters` and `payload`.
 * @module
 */
import { parse as parseYaml } from 'yaml';
import { getPathText, setPathText, setRawPathText, type PathResult } from './path/index.js';
import type { TriggerParameter, TriggerParameterSource } from './spec.js';
import { renderGoTemplate } from './templating.js';
import type { TriggerEvent } from './trigger-contract.js';

/** gjson type name of a resolved value; defaults, templates and whole events are `String`. */
export type ValueKind = PathResult['type'];

export interface ResolvedValue {
  value: string;
  kind: ValueKind;
}

/** A parameter could not be resolved or written; fails the trigger attempt. */
export class ParameterError extends Error {
  override name = 'ParameterError';
}

type Events = Readonly<Record<string, TriggerEvent>>;

/** The context document: `{id, source, specversion, type, datacontenttype, subject, time}`. */
function contextDocument(e: TriggerEvent): string {
  const c = e.context;
  const { id, source, specversion, type, datacontenttype, subject, time } = c;
  return JSON.stringify({ id, source, specversion, type, datacontenttype, subject, time });
}

/** The data document as JSON text. @throws {ParameterError} */
function dataDocument(e: TriggerEvent): string {
  const ct = e.context.datacontenttype;
  const raw = e.dataText;
  if (ct === 'application/json') {
    if (raw !== undefined && isJson(raw)) return raw;
    throw new ParameterError('event data is not valid JSON');
  }
  if (ct === 'application/yaml') {
    try {
      return JSON.stringify(parseYaml(raw ?? '') ?? null);
    } catch (err) {
      throw new ParameterError(`failed converting yaml event data to JSON: ${(err as Error).message}`);
    }
  }
  throw new ParameterError(`unsupported event content type: ${ct}`);
}

/** The whole event as one string: `{"context": {…}, "data": "<base64 of the data bytes>"}`. */
export function wholeEventText(e: TriggerEvent): string {
  const data = e.dataText === undefined ? null : Buffer.from(e.dataText, 'utf8').toString('base64');
  return `{"context":${contextDocument(e)},"data":${JSON.stringify(data)}}`;
}

/**
 * Resolve one parameter source against the events of a firing (spec §8.1). `undefined` means "no
 * value" (the dependency's event is absent and there is no default): the parameter is skipped.
 * @throws {ParameterError}
 */
export function resolveParameter(src: TriggerParameterSource, events: Events): ResolvedValue | undefined {
  const fallback = src.value !== undefined ? { value: src.value, kind: 'String' as const } : undefined;
  const event = Object.prototype.hasOwnProperty.call(events, src.dependencyName)
    ? events[src.dependencyName]
    : undefined;
  if (!event) return fallback;
  const useData = !!(src.dataKey || src.dataTemplate);
  const useContext = !!(src.contextKey || src.contextTemplate);
  if (!useData && !useContext) return fallback ?? { value: wholeEventText(event), kind: 'String' };
  const key = useData ? src.dataKey : src.contextKey;
  const template = useData ? src.dataTemplate : src.contextTemplate;
  let doc: string;
  try {
    doc = useData ? dataDocument(event) : contextDocument(event);
  } catch (err) {
    if (fallback) return fallback;
    throw err;
  }
  let why = '';
  if (template) {
    try {
      const out = renderGoTemplate(template, { Input: JSON.parse(doc) });
      if (out !== '' && out !== '<no value>') return { value: out, kind: 'String' };
      why = `template evaluated to empty string or no value: ${template}`;
    } catch (err) {
      why = `template ${JSON.stringify(template)} failed: ${(err as Error).message}`;
    }
  }
  if (key) {
    const r = getPathText(doc, key);
    if (r.exists) {
      if (r.type === 'JSON' || r.type === 'Null') return { value: r.raw, kind: r.type };
      return { value: r.str, kind: r.type };
    }
    why = `key ${key} does not exist in the event payload`;
  }
  if (fallback) return fallback;
  throw new ParameterError(`unable to resolve '${src.dependencyName}' parameter value: ${why}`);
}

/** Write `v` at `dest` of JSON text `doc` (useRawData inserts non-string kinds as raw JSON). */
function write(doc: string, dest: string, v: ResolvedValue, useRawData: boolean | undefined): string {
  try {
    return v.kind !== 'String' && useRawData
      ? setRawPathText(doc, dest, v.value)
      : setPathText(doc, dest, v.value);
  } catch (err) {
    throw new ParameterError(`cannot set '${dest}': ${(err as Error).message}`, { cause: err });
  }
}

/**
 * Apply `params` in order to the JSON text `doc` (spec §8.2): resolve, then `overwrite`/empty replace,
 * `append`/`prepend` concatenate with the existing value's string form when `dest` exists.
 * @throws {ParameterError}
 */
export function applyParametersText(
  doc: string,
  params: readonly TriggerParameter[] | undefined,
  events: Events,
): string {
  for (const p of params ?? []) {
    if (!p.src) throw new ParameterError("parameter source can't be empty");
    const resolved = resolveParameter(p.src, events);
    if (!resolved) continue;
    let v = resolved;
    const op = p.operation ?? '';
    if (op === 'append' || op === 'prepend') {
      const current = getPathText(doc, p.dest ?? '');
      if (current.exists)
        v = { value: op === 'append' ? current.str + v.value : v.value + current.str, kind: 'String' };
    } else if (op !== '' && op !== 'overwrite') {
      throw new ParameterError(`unsupported trigger parameter operation: ${op}`);
    }
    doc = write(doc, p.dest ?? '', v, p.src.useRawData);
  }
  return doc;
}

/** {@link applyParametersText} on a parsed object; returns a new object (the input is untouched). */
export function applyParameters<T>(
  obj: T,
  params: readonly TriggerParameter[] | undefined,
  events: Events,
): T {
  if (!params || params.length === 0) return obj;
  return JSON.parse(applyParametersText(JSON.stringify(obj), params, events)) as T;
}

/**
 * Build a request body from `payload` parameters (spec §8.3): an entry without `dest` is the whole body
 * (returned at once); entries without a value are skipped; `operation` is ignored. No parameters →
 * empty body (`''`).
 * @throws {ParameterError}
 */
export function constructPayload(params: readonly TriggerParameter[] | undefined, events: Events): string {
  let doc = '';
  for (const p of params ?? []) {
    if (!p.src) throw new ParameterError("parameter source can't be empty");
    const v = resolveParameter(p.src, events);
    if (!p.dest) {
      if (v) return v.value;
      continue;
    }
    if (v) doc = write(doc, p.dest, v, p.src.useRawData);
  }
  return doc;
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
