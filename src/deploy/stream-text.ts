/**
 * The merged stream config of a managed bus as YAML text. Pods reach the bus as an exotic one (see
 * workload.ts), and an exotic bus's `streamConfig` is used as is; so the text they get must already be the
 * controller default with the bus's keys merged over it, key by key, case-insensitively (eventbus.md §7).
 * @module
 */
import { parse, stringify } from 'yaml';

/** Merge `override` over `defaults`; an error message when either is not a YAML mapping. */
export function mergeStreamText(
  defaults: string,
  override: string | undefined,
): { text: string } | { error: string } {
  const merged = new Map<string, [string, unknown]>();
  for (const [which, text] of [
    ['default', defaults],
    ['spec', override ?? ''],
  ] as const) {
    let doc: unknown;
    try {
      doc = parse(text);
    } catch (err) {
      return { error: `expected YAML: ${(err as Error).message.split('\n')[0]}` };
    }
    if (doc === null || doc === undefined) continue;
    if (typeof doc !== 'object' || Array.isArray(doc))
      return { error: `expected a YAML mapping of stream properties (${which} config)` };
    for (const [k, v] of Object.entries(doc)) merged.set(k.toLowerCase(), [k, v]);
  }
  const out = Object.fromEntries([...merged.values()]);
  return { text: stringify(out) };
}
