/**
 * Go text/template + Sprig rendering as the sensor uses it (data filter `template`, parameter
 * `dataTemplate`/`contextTemplate`): parse once per template text, execute with `{Input: …}`.
 * @module
 */
import { parseTemplate, type Template } from './template/index.js';

type Parsed = Template;

const parsed = new Map<string, Parsed>();
const MAX_CACHED = 512;

/** Render `text` with `data` as dot. @throws the template module's TemplateError (parse or exec) */
export function renderGoTemplate(text: string, data: unknown): string {
  let t = parsed.get(text);
  if (!t) {
    t = parseTemplate(text);
    if (parsed.size >= MAX_CACHED) parsed.delete(parsed.keys().next().value as string);
    parsed.set(text, t);
  }
  return t.execute(data);
}
